using Workbench.Data;
using Workbench.Evaluation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// A skip predictor for the Spotify Sequential Skip Prediction Challenge task: given the first half of a session
/// (its tracks and their skip_2 labels) and the tracks of the second half, predict skip_2 for each second-half
/// track. The second half's labels are not a parameter, so no implementation can see them.
/// </summary>
public interface ISkipPredictor
{
    /// <summary>Short name for tables ("agent", "random", "all_skip", "history").</summary>
    string Name { get; }

    /// <summary>Writes one prediction per track of <paramref name="upcoming"/> into <paramref name="predictedSkip"/> (true = skipped).</summary>
    void Predict(ReadOnlySpan<int> history, ReadOnlySpan<bool> historySkip, ReadOnlySpan<int> upcoming, Span<bool> predictedSkip);
}

/// <summary>Scores candidate tracks for a listening history (higher = more likely to be listened to).</summary>
public interface ITrackScorer
{
    /// <summary>Writes one score per track of <paramref name="candidates"/> given the tracks of <paramref name="history"/> (no labels).</summary>
    void Score(ReadOnlySpan<int> history, ReadOnlySpan<int> candidates, Span<float> scores);
}

/// <summary>Predicts skipped or not with probability 1/2 each, from its own generator (the challenge's random baseline).</summary>
public sealed class RandomSkipPredictor(Rng rng) : ISkipPredictor
{
    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> history, ReadOnlySpan<bool> historySkip, ReadOnlySpan<int> upcoming, Span<bool> predictedSkip)
    {
        for (var i = 0; i < upcoming.Length; i++) predictedSkip[i] = rng.NextUInt64() >> 63 == 1;
    }
}

/// <summary>Predicts that every track is skipped.</summary>
public sealed class AllSkipPredictor : ISkipPredictor
{
    /// <inheritdoc />
    public string Name => "all_skip";

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> history, ReadOnlySpan<bool> historySkip, ReadOnlySpan<int> upcoming, Span<bool> predictedSkip) =>
        predictedSkip[..upcoming.Length].Fill(true);
}

/// <summary>Predicts the majority label of the first half for every second-half track (ties count as skipped).</summary>
public sealed class HistoryMajorityPredictor : ISkipPredictor
{
    /// <inheritdoc />
    public string Name => "history";

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> history, ReadOnlySpan<bool> historySkip, ReadOnlySpan<int> upcoming, Span<bool> predictedSkip)
    {
        var skips = 0;
        foreach (var s in historySkip) if (s) skips++;
        predictedSkip[..upcoming.Length].Fill(2 * skips >= historySkip.Length);
    }
}

/// <summary>
/// Uses a recommender's scores as a skip predictor: a track is predicted skipped when its score is below
/// <see cref="Threshold"/>. The threshold is fit on training sessions (<c>SkipPrediction.FitThreshold</c>).
/// </summary>
public sealed class ScoreThresholdPredictor(ITrackScorer scorer, float threshold, string name = "agent") : ISkipPredictor
{
    private float[] _scores = new float[32];

    /// <inheritdoc />
    public string Name => name;

    /// <summary>Scores below this predict a skip.</summary>
    public float Threshold => threshold;

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<int> history, ReadOnlySpan<bool> historySkip, ReadOnlySpan<int> upcoming, Span<bool> predictedSkip)
    {
        if (_scores.Length < upcoming.Length) _scores = new float[upcoming.Length];
        var scores = _scores.AsSpan(0, upcoming.Length);
        scorer.Score(history, upcoming, scores);
        for (var i = 0; i < upcoming.Length; i++) predictedSkip[i] = scores[i] < threshold;
    }
}

/// <summary>
/// The challenge's protocol on a <see cref="SkipSessionSet"/>: every session is cut at its middle (rows with
/// <c>session_position * 2 &gt; session_length</c> form the second half), the predictor sees the first half's tracks
/// and labels and the second half's tracks, and its predictions are laid out session after session next to the
/// true labels for the metric.
/// </summary>
public static class SkipPrediction
{
    /// <summary>Rows in the first half of a session of <paramref name="sessionLength"/> rows: <c>floor(L / 2)</c>.</summary>
    public static int FirstHalfLength(int sessionLength) => sessionLength / 2;

    /// <summary>Runs <paramref name="predictor"/> on <paramref name="sessions"/>; returns predictions and true labels, <c>L - floor(L/2)</c> per session.</summary>
    public static SkipPredictions Predict(SkipSessionSet set, IReadOnlyList<int> sessions, ISkipPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(predictor);
        var half = FirstHalfLength(set.SessionLength);
        var t = set.SessionLength - half;
        var predicted = new bool[sessions.Count * t];
        var actual = new bool[sessions.Count * t];
        for (var i = 0; i < sessions.Count; i++)
        {
            var tracks = set.Tracks(sessions[i]);
            var skips = set.Skip2(sessions[i]);
            predictor.Predict(tracks[..half], skips[..half], tracks[half..], predicted.AsSpan(i * t, t));
            skips[half..].CopyTo(actual.AsSpan(i * t, t));
        }
        return new SkipPredictions(predictor.Name, t, predicted, actual);
    }

    /// <summary>
    /// The threshold that maximises the accuracy of "skip when score &lt; threshold" over the second halves of
    /// <paramref name="sessions"/> (training sessions: their labels may be used). Candidates are the midpoints
    /// between consecutive distinct scores and the two ends; ties go to the lowest threshold.
    /// </summary>
    public static float FitThreshold(SkipSessionSet set, IReadOnlyList<int> sessions, ITrackScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(scorer);
        var half = FirstHalfLength(set.SessionLength);
        var t = set.SessionLength - half;
        var scores = new float[sessions.Count * t];
        var skipped = new bool[sessions.Count * t];
        for (var i = 0; i < sessions.Count; i++)
        {
            var tracks = set.Tracks(sessions[i]);
            scorer.Score(tracks[..half], tracks[half..], scores.AsSpan(i * t, t));
            set.Skip2(sessions[i])[half..].CopyTo(skipped.AsSpan(i * t, t));
        }
        return FitThreshold(scores, skipped);
    }

    /// <summary>The accuracy-maximising threshold for scores and labels (see the other overload).</summary>
    public static float FitThreshold(ReadOnlySpan<float> scores, ReadOnlySpan<bool> skipped)
    {
        if (scores.Length != skipped.Length) throw new ArgumentException("one label per score is needed");
        if (scores.Length == 0) return 0;
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        // Threshold below every score: everything predicted listened; correct = number of not-skipped.
        var correct = 0;
        foreach (var s in skipped) if (!s) correct++;
        var best = correct;
        var bestThreshold = keys[0] - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            // Moving the threshold above keys[i] flips order[i] to "skipped".
            correct += skipped[order[i]] ? 1 : -1;
            if (i + 1 < keys.Length && keys[i + 1] == keys[i]) continue;
            if (correct > best)
            {
                best = correct;
                bestThreshold = i + 1 < keys.Length ? 0.5f * (keys[i] + keys[i + 1]) : keys[i] + 1;
            }
        }
        return bestThreshold;
    }
}

/// <summary>One predictor's predictions and the true labels on held-out second halves, <see cref="PerSession"/> per session.</summary>
/// <param name="Name">The predictor's name.</param>
/// <param name="PerSession">Predictions per session (the second half's length).</param>
/// <param name="Predicted">Predicted skip_2, session after session.</param>
/// <param name="Actual">True skip_2, session after session.</param>
public sealed record SkipPredictions(string Name, int PerSession, bool[] Predicted, bool[] Actual)
{
    /// <summary>Number of sessions.</summary>
    public int Sessions => PerSession == 0 ? 0 : Predicted.Length / PerSession;

    /// <summary>The predictions for session <paramref name="i"/>.</summary>
    public ReadOnlySpan<bool> PredictedFor(int i) => Predicted.AsSpan(i * PerSession, PerSession);

    /// <summary>The labels of session <paramref name="i"/>.</summary>
    public ReadOnlySpan<bool> ActualFor(int i) => Actual.AsSpan(i * PerSession, PerSession);

    /// <summary>The challenge's score: mean average accuracy and first-prediction accuracy over the sessions (<see cref="SkipPredictionMetrics"/>).</summary>
    public SkipPredictionScore Score()
    {
        var offsets = new int[Sessions + 1];
        for (var i = 0; i <= Sessions; i++) offsets[i] = i * PerSession;
        return SkipPredictionMetrics.Evaluate(Predicted, Actual, offsets);
    }
}
