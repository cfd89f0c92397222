namespace Workbench.Evaluation;

/// <summary>The Spotify Sequential Skip Prediction Challenge score of a set of sessions.</summary>
/// <param name="MeanAverageAccuracy">Mean over sessions of the average accuracy (the challenge's primary metric).</param>
/// <param name="FirstPredictionAccuracy">Fraction of sessions whose first prediction is correct (the tie-breaker).</param>
/// <param name="Sessions">Number of sessions scored.</param>
/// <param name="Predictions">Number of predictions scored.</param>
public readonly record struct SkipPredictionScore(double MeanAverageAccuracy, double FirstPredictionAccuracy, int Sessions, int Predictions);

/// <summary>
/// The metric of the Spotify Sequential Skip Prediction Challenge (Brost, Mehrotra and Jehan, WSDM Cup
/// 2019): for each session the tracks of the second half are predicted (skipped or not) and scored by
/// average accuracy AA = (1/T) sum_{i=1..T} A(i) L(i), where L(i) = 1 if prediction i is correct and
/// A(i) is the accuracy of predictions 1..i; the score is AA averaged over sessions, with the accuracy
/// of the first prediction beside it. Early positions weigh more: one wrong first prediction costs
/// more than one wrong last prediction.
/// </summary>
public static class SkipPredictionMetrics
{
    /// <summary>The average accuracy of one session's predictions, in order (true = prediction correct).</summary>
    /// <example>Correct, wrong, correct: A = 1, 1/2, 2/3 and L = 1, 0, 1, so AA = (1 + 0 + 2/3) / 3 = 5/9.</example>
    public static double AverageAccuracy(ReadOnlySpan<bool> correct)
    {
        if (correct.IsEmpty) throw new ArgumentException("a session needs at least one prediction", nameof(correct));
        var hits = 0;
        double sum = 0;
        for (var i = 0; i < correct.Length; i++)
        {
            if (!correct[i]) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return sum / correct.Length;
    }

    /// <summary>
    /// Scores predictions of several sessions laid out back to back: session s owns positions
    /// [<paramref name="sessionOffsets"/>[s], <paramref name="sessionOffsets"/>[s + 1]) of
    /// <paramref name="predictedSkip"/> and <paramref name="actualSkip"/> (so offsets has sessions + 1
    /// entries, starting at 0 and ending at the length). Every session must hold at least one prediction.
    /// </summary>
    public static SkipPredictionScore Evaluate(ReadOnlySpan<bool> predictedSkip, ReadOnlySpan<bool> actualSkip, ReadOnlySpan<int> sessionOffsets)
    {
        if (predictedSkip.Length != actualSkip.Length)
            throw new ArgumentException($"{predictedSkip.Length} predictions but {actualSkip.Length} labels");
        CheckOffsets(sessionOffsets, predictedSkip.Length);
        var sessions = sessionOffsets.Length - 1;
        if (sessions == 0) throw new ArgumentException("no sessions", nameof(sessionOffsets));
        double aaSum = 0;
        var firstCorrect = 0;
        for (var s = 0; s < sessions; s++)
        {
            int start = sessionOffsets[s], end = sessionOffsets[s + 1];
            var hits = 0;
            double sum = 0;
            for (var i = start; i < end; i++)
            {
                if (predictedSkip[i] != actualSkip[i]) continue;
                hits++;
                sum += (double)hits / (i - start + 1);
            }
            aaSum += sum / (end - start);
            if (predictedSkip[start] == actualSkip[start]) firstCorrect++;
        }
        return new SkipPredictionScore(aaSum / sessions, (double)firstCorrect / sessions, sessions, predictedSkip.Length);
    }

    private static void CheckOffsets(ReadOnlySpan<int> offsets, int length)
    {
        if (offsets.Length < 1 || offsets[0] != 0 || offsets[^1] != length)
            throw new ArgumentException($"session offsets must start at 0 and end at {length}", nameof(offsets));
        for (var i = 1; i < offsets.Length; i++)
            if (offsets[i] <= offsets[i - 1])
                throw new ArgumentException($"session {i - 1} is empty or the offsets decrease (offsets[{i - 1}] = {offsets[i - 1]}, offsets[{i}] = {offsets[i]})", nameof(offsets));
    }
}
