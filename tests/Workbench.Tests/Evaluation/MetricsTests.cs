using Workbench.Evaluation;

namespace Workbench.Tests.Evaluation;

public class SkipPredictionMetricsTests
{
    [Fact]
    public void AverageAccuracyOfCorrectWrongCorrect()
    {
        // A = 1, 1/2, 2/3; L = 1, 0, 1: AA = (1*1 + 1/2*0 + 2/3*1) / 3 = 5/9.
        Assert.Equal((1 + 0 + 2.0 / 3) / 3, SkipPredictionMetrics.AverageAccuracy([true, false, true]), 12);
    }

    [Fact]
    public void EarlyMistakesCostMore()
    {
        // wrong first: A = 0, 1/2, 2/3 -> (0 + 1/2 + 2/3) / 3 = 7/18;
        // wrong last:  A = 1, 1, 2/3 -> (1 + 1 + 0) / 3 = 2/3.
        Assert.Equal(7.0 / 18, SkipPredictionMetrics.AverageAccuracy([false, true, true]), 12);
        Assert.Equal(2.0 / 3, SkipPredictionMetrics.AverageAccuracy([true, true, false]), 12);
        Assert.Equal(1.0, SkipPredictionMetrics.AverageAccuracy([true, true, true, true]));
        Assert.Equal(0.0, SkipPredictionMetrics.AverageAccuracy([false, false]));
    }

    [Fact]
    public void EvaluateAveragesOverSessions()
    {
        // Session 0 (positions 0..2): predicted S N S vs actual S S S -> correct 1,0,1 -> AA 5/9, first correct.
        // Session 1 (positions 3..4): predicted N N vs actual S N -> correct 0,1 -> A = 0, 1/2 -> AA = (0 + 1/2)/2 = 1/4, first wrong.
        bool[] predicted = [true, false, true, false, false];
        bool[] actual = [true, true, true, true, false];
        var s = SkipPredictionMetrics.Evaluate(predicted, actual, [0, 3, 5]);
        Assert.Equal((5.0 / 9 + 0.25) / 2, s.MeanAverageAccuracy, 12);
        Assert.Equal(0.5, s.FirstPredictionAccuracy);
        Assert.Equal(2, s.Sessions);
        Assert.Equal(5, s.Predictions);
    }

    [Fact]
    public void BadLayoutsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => SkipPredictionMetrics.AverageAccuracy([]));
        Assert.Throws<ArgumentException>(() => SkipPredictionMetrics.Evaluate([true], [true, false], [0, 1]));
        Assert.Throws<ArgumentException>(() => SkipPredictionMetrics.Evaluate([true, true], [true, false], [0, 1]));
        Assert.Throws<ArgumentException>(() => SkipPredictionMetrics.Evaluate([true, true], [true, false], [0, 0, 2]));
        Assert.Throws<ArgumentException>(() => SkipPredictionMetrics.Evaluate([true, true], [true, false], [1, 2]));
    }
}

public class BinaryConfusionTests
{
    [Fact]
    public void PrecisionRecallByHand()
    {
        // predicted 1 1 1 0 0 0, actual 1 0 1 1 0 0: TP 2, FP 1, FN 1, TN 2.
        var c = BinaryConfusion.Of([true, true, true, false, false, false], [true, false, true, true, false, false]);
        Assert.Equal(new BinaryConfusion(2, 1, 1, 2), c);
        Assert.Equal(2.0 / 3, c.Precision, 12);
        Assert.Equal(2.0 / 3, c.Recall, 12);
        Assert.Equal(4.0 / 6, c.Accuracy, 12);
        Assert.Equal(4.0 / 6, c.F1, 12); // 2*2 / (4 + 1 + 1)
        var pooled = c + new BinaryConfusion(1, 0, 3, 0);
        Assert.Equal(3.0 / 4, pooled.Precision, 12);
        Assert.Equal(3.0 / 7, pooled.Recall, 12);
    }

    [Fact]
    public void UndefinedRatiosAreNaN()
    {
        var c = BinaryConfusion.Of([false, false], [false, false]);
        Assert.True(double.IsNaN(c.Precision));
        Assert.True(double.IsNaN(c.Recall));
        Assert.Equal(1.0, c.Accuracy);
    }
}

public class RecommendationMetricsTests
{
    [Fact]
    public void ListPrecisionRecallHitRate()
    {
        // recommended 1 2 3 4, relevant 2 4 9: hits 2 -> precision 2/4, recall 2/3.
        Assert.Equal(0.5, RecommendationMetrics.Precision([1, 2, 3, 4], [2, 4, 9]));
        Assert.Equal(2.0 / 3, RecommendationMetrics.Recall([1, 2, 3, 4], [2, 4, 9]), 12);
        // A repeated relevant item counts once: [2, 2] vs {2}: precision 1/2.
        Assert.Equal(0.5, RecommendationMetrics.Precision([2, 2], [2]));
        Assert.True(RecommendationMetrics.IsHit([5, 9], [9]));
        Assert.False(RecommendationMetrics.IsHit([5, 6], [9]));
        Assert.Equal(0.75, RecommendationMetrics.HitRate([true, false, true, true]));
        Assert.True(double.IsNaN(RecommendationMetrics.Recall([1], [])));
    }

    [Fact]
    public void NdcgByHand()
    {
        // ranked 7 2 5, relevant {2, 5}: DCG = 1/log2(3) + 1/log2(4) = 0.63093 + 0.5;
        // ideal = 1/log2(2) + 1/log2(3) = 1 + 0.63093; NDCG = 1.13093 / 1.63093 = 0.693426.
        var expected = (1 / Math.Log2(3) + 0.5) / (1 + 1 / Math.Log2(3));
        Assert.Equal(expected, RecommendationMetrics.Ndcg([7, 2, 5], [2, 5]), 12);
        Assert.Equal(1.0, RecommendationMetrics.Ndcg([2, 5, 7], [5, 2]), 12);
        Assert.Equal(0.0, RecommendationMetrics.Ndcg([1, 3], [2]));
    }

    [Fact]
    public void DiversityIsOneMinusMeanPairwiseCosine()
    {
        // Rows (1,0), (0,1), (1,1): cosines 0, 1/sqrt2, 1/sqrt2; mean = sqrt2/3 = 0.4714; diversity = 0.5286.
        float[] v = [1, 0, 0, 1, 1, 1];
        Assert.Equal(1 - Math.Sqrt(2) / 3, RecommendationMetrics.Diversity(v, 2), 6);
        // The same through a catalog lookup, items 2, 0, 1 of a catalog whose row 3 is unused.
        float[] catalog = [0, 1, 1, 1, 1, 0, 5, 5];
        Assert.Equal(1 - Math.Sqrt(2) / 3, RecommendationMetrics.Diversity([2, 0, 1], catalog, 2), 6);
        // Identical items: diversity 0; opposite items: diversity 2.
        Assert.Equal(0, RecommendationMetrics.Diversity([1f, 2f, 1f, 2f], 2), 6);
        Assert.Equal(2, RecommendationMetrics.Diversity([1f, 0f, -1f, 0f], 2), 6);
        Assert.Equal(0, RecommendationMetrics.Cosine([0f, 0f], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => RecommendationMetrics.Diversity([1f, 2f], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecommendationMetrics.Diversity([0, 9], catalog, 2));
    }

    [Fact]
    public void CoverageAndRepeats()
    {
        // Items 1 1 2 5 of a 10-track catalog: 3 distinct -> coverage 0.3.
        Assert.Equal(0.3, RecommendationMetrics.CatalogCoverage([1, 1, 2, 5], 10), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => RecommendationMetrics.CatalogCoverage([10], 10));
        // Sequence 4 4 7 4 8: positions 1 and 3 repeat an earlier item -> 2/5.
        Assert.Equal(0.4, RecommendationMetrics.RepeatFraction([4, 4, 7, 4, 8]), 12);
        // Window 1: only position 1 repeats its immediate predecessor -> 1/5.
        Assert.Equal(0.2, RecommendationMetrics.RepeatFraction([4, 4, 7, 4, 8], window: 1), 12);
        Assert.Equal(0.0, RecommendationMetrics.RepeatFraction([3]));
    }

    [Fact]
    public void MeanRewardRatio()
    {
        // achieved 1, 2, 3 vs optimal 2, 2, 4: 6 / 8 = 0.75.
        Assert.Equal(0.75, RecommendationMetrics.MeanRewardRatio([1.0, 2, 3], [2.0, 2, 4]));
        Assert.Throws<ArgumentException>(() => RecommendationMetrics.MeanRewardRatio([1.0], [0.0]));
        Assert.Throws<ArgumentException>(() => RecommendationMetrics.MeanRewardRatio([1.0], [1.0, 2]));
    }
}
