using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

public class SeriesMathTests
{
    [Fact]
    public void MovingAverageIsTrailingWithPartialStart()
    {
        // window 3 over 1, 2, 3, 4, 10:
        // i=0: 1/1 = 1; i=1: (1+2)/2 = 1.5; i=2: (1+2+3)/3 = 2; i=3: (2+3+4)/3 = 3; i=4: (3+4+10)/3 = 17/3
        var ma = SeriesMath.MovingAverage([1, 2, 3, 4, 10], 3);
        Assert.Equal([1, 1.5, 2, 3, 17.0 / 3], ma);
    }

    [Fact]
    public void MovingAverageSkipsNaN()
    {
        // window 2 over 2, NaN, 4, 6: i=0: 2; i=1: {2, NaN} -> 2; i=2: {NaN, 4} -> 4; i=3: (4+6)/2 = 5
        var ma = SeriesMath.MovingAverage([2, double.NaN, 4, 6], 2);
        Assert.Equal([2, 2, 4, 5], ma);
    }

    [Fact]
    public void MovingAverageWindowOneIsIdentityAndBadArgumentsThrow()
    {
        Assert.Equal([3, -1, 7], SeriesMath.MovingAverage([3, -1, 7], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesMath.MovingAverage([1.0], 0));
        Assert.Throws<ArgumentException>(() => SeriesMath.MovingAverage([1.0, 2.0], 1, new double[1]));
    }

    [Fact]
    public void LinearTrendByHand()
    {
        // x = 0,1,2,3, y = 1,3,2,5: x̄ = 1.5, ȳ = 2.75
        // Σdx·dy = (-1.5)(-1.75) + (-0.5)(0.25) + (0.5)(-0.75) + (1.5)(2.25) = 2.625 - 0.125 - 0.375 + 3.375 = 5.5
        // Σdx² = 2.25 + 0.25 + 0.25 + 2.25 = 5  -> slope 1.1, intercept 2.75 - 1.65 = 1.1
        // fitted 1.1, 2.2, 3.3, 4.4; residuals -0.1, 0.8, -1.3, 0.6 -> SS_res = 0.01+0.64+1.69+0.36 = 2.7
        // SS_tot = 3.0625 + 0.0625 + 0.5625 + 5.0625 = 8.75 -> R² = 1 - 2.7/8.75
        var fit = SeriesMath.LinearTrend([0, 1, 2, 3], [1, 3, 2, 5]);
        Assert.Equal(1.1, fit.Slope, 12);
        Assert.Equal(1.1, fit.Intercept, 12);
        Assert.Equal(1 - 2.7 / 8.75, fit.RSquared, 12);
        Assert.Equal(4, fit.Count);
        Assert.Equal(1.1 * 10 + 1.1, fit.At(10), 12);
        var byIndex = SeriesMath.LinearTrend([1, 3, 2, 5]);
        Assert.Equal(fit.Slope, byIndex.Slope, 12);
    }

    [Fact]
    public void LinearTrendExactLineAndErrors()
    {
        // y = -2x + 7 exactly, with a NaN pair ignored
        var fit = SeriesMath.LinearTrend([1, 2, 3, double.NaN], [5, 3, 1, 9]);
        Assert.Equal(-2, fit.Slope, 12);
        Assert.Equal(7, fit.Intercept, 12);
        Assert.Equal(1, fit.RSquared, 12);
        Assert.Equal(3, fit.Count);
        Assert.Throws<ArgumentException>(() => SeriesMath.LinearTrend([1.0], [2.0]));
        Assert.Throws<ArgumentException>(() => SeriesMath.LinearTrend([2.0, 2.0], [1.0, 3.0]));
        Assert.Throws<ArgumentException>(() => SeriesMath.LinearTrend([1.0, 2.0], [1.0]));
    }

    [Fact]
    public void DecimationKeepsShortSeriesAndBucketExtremes()
    {
        Assert.Equal([0, 1, 2], SeriesMath.DecimationIndices([5, 6, 7], 4));
        // 8 points, maxPoints 4 -> 2 buckets [0..3], [4..7]
        // bucket 0: y = 3,9,1,4: min at 2, max at 1 -> 1, 2; bucket 1: y = 0,2,8,5: min 4, max 6 -> 4, 6; plus first 0, last 7
        var idx = SeriesMath.DecimationIndices([3, 9, 1, 4, 0, 2, 8, 5], 4);
        Assert.Equal([0, 1, 2, 4, 6, 7], idx);
    }

    [Fact]
    public void DecimationOfLongSeriesStaysSmallAndKeepsTheSpike()
    {
        var y = new double[61290];
        for (int i = 0; i < y.Length; i++) y[i] = Math.Sin(i / 500.0);
        y[33333] = 50;
        var idx = SeriesMath.DecimationIndices(y, 2000);
        Assert.True(idx.Length <= 2002, $"{idx.Length} points kept");
        Assert.Contains(33333, idx);
        Assert.Equal(0, idx[0]);
        Assert.Equal(y.Length - 1, idx[^1]);
        Assert.True(idx.Zip(idx.Skip(1)).All(p => p.First < p.Second), "indices strictly increase");
    }
}
