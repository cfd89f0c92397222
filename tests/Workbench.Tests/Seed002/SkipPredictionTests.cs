using Workbench.Data;
using Workbench.Experiments;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class SkipPredictionTests
{
    // 20 sessions of 20 distinct tracks; labels from a seeded generator, optionally flipped in the second half of
    // the held-out sessions (rows 10..19, i.e. session_position 11..20).
    internal static SkipSessionSet MakeSet(bool flipHeldOutSecondHalves, IReadOnlyList<int>? heldOut = null)
    {
        var b = new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 1 });
        var rng = new Rng(5);
        for (var s = 0; s < 20; s++)
            for (var p = 0; p < 20; p++)
            {
                var skip = rng.NextDouble() < 0.5;
                if (flipHeldOutSecondHalves && p >= 10 && heldOut!.Contains(s)) skip = !skip;
                b.Add($"s{s:D2}", p + 1, $"t{(s * 7 + p) % 60:D2}", skip);
            }
        return b.Build();
    }

    // A label-free scorer: the candidate's index parity against the history's first track, enough to give varied scores.
    private sealed class IndexScorer : ITrackScorer
    {
        public void Score(ReadOnlySpan<int> history, ReadOnlySpan<int> candidates, Span<float> scores)
        {
            for (var i = 0; i < candidates.Length; i++) scores[i] = (candidates[i] * 31 + history[0]) % 17;
        }
    }

    [Fact]
    public void NoSecondHalfLabelOfAHeldOutSessionReachesAPredictor()
    {
        var clean = MakeSet(false);
        var flipped = MakeSet(true, clean.TestSessions);
        Assert.Equal(clean.TestSessions, flipped.TestSessions);
        var thresholdA = SkipPrediction.FitThreshold(clean, clean.TrainSessions, new IndexScorer());
        var thresholdB = SkipPrediction.FitThreshold(flipped, flipped.TrainSessions, new IndexScorer());
        Assert.Equal(thresholdA, thresholdB); // the threshold sees training sessions only
        foreach (var make in new Func<ISkipPredictor>[]
                 {
                     () => new HistoryMajorityPredictor(), () => new AllSkipPredictor(), () => new RandomSkipPredictor(new Rng(9)),
                     () => new ScoreThresholdPredictor(new IndexScorer(), thresholdA),
                 })
        {
            var a = SkipPrediction.Predict(clean, clean.TestSessions, make());
            var b = SkipPrediction.Predict(flipped, flipped.TestSessions, make());
            Assert.Equal(a.Predicted, b.Predicted);
            Assert.All(Enumerable.Range(0, a.Actual.Length), i => Assert.NotEqual(a.Actual[i], b.Actual[i])); // the labels did change
        }
    }

    [Fact]
    public void PredictorsSeeTheFirstHalfAndPredictTheSecond()
    {
        var set = MakeSet(false);
        var p = SkipPrediction.Predict(set, set.TestSessions, new HistoryMajorityPredictor());
        Assert.Equal(10, p.PerSession);
        Assert.Equal(set.TestSessions.Count, p.Sessions);
        for (var i = 0; i < p.Sessions; i++)
        {
            var skips = set.Skip2(set.TestSessions[i]);
            var firstHalfSkips = skips[..10].ToArray().Count(x => x);
            Assert.All(p.PredictedFor(i).ToArray(), x => Assert.Equal(firstHalfSkips >= 5, x)); // majority, ties skipped
            Assert.Equal(skips[10..].ToArray(), p.ActualFor(i).ToArray());
        }
        Assert.Equal(10, SkipPrediction.FirstHalfLength(20));
        Assert.Equal(10, SkipPrediction.FirstHalfLength(21)); // position p is in the second half when 2p > 21, p >= 11
    }

    [Fact]
    public void PredictionsAreScoredByTheChallengesMeanAverageAccuracy()
    {
        // Two 6-track sessions: first half rows 1-3, second half rows 4-6.
        //   "a": second half skip, listen, skip   -> always-skip is correct 1, 0, 1 -> AA = (1 + 0 + 2/3) / 3 = 5/9
        //   "b": second half listen, listen, skip -> always-skip is correct 0, 0, 1 -> AA = (0 + 0 + 1/3) / 3 = 1/9
        // Mean AA = (5/9 + 1/9) / 2 = 1/3; first prediction right in "a" only: 1/2.
        // The first-half majority: "a" first half skip, skip, listen -> predicts skip (same as above);
        //   "b" first half listen, listen, skip -> predicts listen: correct 1, 1, 0 -> AA = (1 + 1 + 0) / 3 = 2/3.
        var b = new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 1, SessionLength = 6, TrainFraction = 0.5 });
        SkipSessionPipelineTests.AddSession(b, "a", ["t1", "t2", "t3", "t4", "t5", "t6"], [true, true, false, true, false, true]);
        SkipSessionPipelineTests.AddSession(b, "b", ["t7", "t8", "t9", "t1", "t2", "t3"], [false, false, true, false, false, true]);
        var set = b.Build();
        var skip = SkipPrediction.Predict(set, [0, 1], new AllSkipPredictor()).Score();
        Assert.Equal(1.0 / 3, skip.MeanAverageAccuracy, 12);
        Assert.Equal(0.5, skip.FirstPredictionAccuracy, 12);
        Assert.Equal(2, skip.Sessions);
        Assert.Equal(6, skip.Predictions);
        var history = SkipPrediction.Predict(set, [0, 1], new HistoryMajorityPredictor()).Score();
        Assert.Equal((5.0 / 9 + 2.0 / 3) / 2, history.MeanAverageAccuracy, 12);
        Assert.Equal(1.0, history.FirstPredictionAccuracy, 12);
    }

    [Fact]
    public void ThresholdMaximisesTrainingAccuracy()
    {
        // Separable: skipped scores 0.1, 0.2; listened 0.3, 0.4 -> midpoint 0.25 classifies all four.
        Assert.Equal(0.25f, SkipPrediction.FitThreshold([0.3f, 0.1f, 0.4f, 0.2f], [false, true, false, true]), 6);
        // Interleaved 0.1 S, 0.2 L, 0.3 S, 0.4 L: thresholds give 2 (below all), 3 (0.15), 2, 3 (0.35), 2 correct;
        // the first best wins: 0.15.
        Assert.Equal(0.15f, SkipPrediction.FitThreshold([0.1f, 0.2f, 0.3f, 0.4f], [true, false, true, false]), 6);
        // All skipped: a threshold above every score.
        Assert.True(SkipPrediction.FitThreshold([1f, 2f], [true, true]) > 2f);
        // Tied scores move together: 0.5 (S), 0.5 (L), 0.9 (L): best is below 0.5 (2 correct) vs above 0.5 (2): first wins.
        Assert.True(SkipPrediction.FitThreshold([0.5f, 0.5f, 0.9f], [true, false, false]) < 0.5f);
    }
}
