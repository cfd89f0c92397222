using Workbench.Evaluation;
using Workbench.Experiments;

namespace Workbench.Tests.Evaluation;

public class SeedStatisticsTests
{
    [Fact]
    public void StudentTIntervalByHand()
    {
        // values 1, 2, 3: mean 2; std = sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1;
        // t_{0.975, 2} = 4.302652729911275; half width = 4.302652729911275 * 1 / sqrt(3) = 2.484137...
        var s = SeedStatistics.Of([1.0, 2.0, 3.0]);
        Assert.Equal(3, s.N);
        Assert.Equal(2.0, s.Mean, 12);
        Assert.Equal(1.0, s.Std, 12);
        Assert.Equal(2 - 4.302652729911275 / Math.Sqrt(3), s.CiLow, 9);
        Assert.Equal(2 + 4.302652729911275 / Math.Sqrt(3), s.CiHigh, 9);
        Assert.Equal(2.4841377118, s.HalfWidth, 8);
    }

    [Fact]
    public void FiveSeedsUseFourDegreesOfFreedom()
    {
        // values 0, 0, 0, 0, 5: mean 1; std = sqrt((4*1 + 16) / 4) = sqrt(5); t_{0.975,4} = 2.7764451051977987;
        // half = 2.7764451051977987 * sqrt(5) / sqrt(5) = 2.7764451051977987.
        var s = SeedStatistics.Of([0.0, 0, 0, 0, 5]);
        Assert.Equal(1.0, s.Mean, 12);
        Assert.Equal(Math.Sqrt(5), s.Std, 12);
        Assert.Equal(2.7764451051977987, s.HalfWidth, 9);
    }

    [Fact]
    public void OneSeedHasNoInterval()
    {
        var s = SeedStatistics.Of([4.0]);
        Assert.Equal(4.0, s.Mean);
        Assert.True(double.IsNaN(s.Std));
        Assert.True(double.IsNaN(s.CiLow));
    }

    [Fact]
    public void BandKeepsSharedColumnsAndAveragesTheOthers()
    {
        static MetricTable T(double[] rewards)
        {
            var t = new MetricTable("episodes");
            t.AddColumn("episode", [0, 1, 2]);
            t.AddColumn("reward", rewards[..3]);
            return t;
        }
        // Row 0: 1, 3 -> mean 2, std sqrt(2); row 1: 2, 2 -> mean 2, std 0; the third table is shorter? no: all 3 rows.
        var band = SeedStatistics.Band([T([1, 2, 5]), T([3, 2, 7])]);
        Assert.Equal(["episode", "reward_mean", "reward_std", "reward_lo", "reward_hi"], band.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Integer, band["episode"].Kind);
        Assert.Equal([2.0, 2.0, 6.0], band["reward_mean"].ToArray());
        Assert.Equal(Math.Sqrt(2), band["reward_std"][0], 12);
        Assert.Equal(0.0, band["reward_std"][1]);
        // n = 2: t_{0.975,1} = 12.706204736174705; half = 12.7062 * sqrt(2) / sqrt(2) = 12.7062.
        Assert.Equal(2 - 12.706204736174705, band["reward_lo"][0], 9);
        Assert.Equal(2.0, band["reward_hi"][1], 12);
    }

    [Fact]
    public void BandTruncatesToTheShortestSeed()
    {
        var a = new MetricTable("steps");
        a.AddColumn("loss", [1.0, 2.0, 3.0]);
        var b = new MetricTable("steps");
        b.AddColumn("loss", [3.0, 4.0]);
        var band = SeedStatistics.Band([a, b]);
        Assert.Equal(2, band.RowCount);
        Assert.Equal([2.0, 3.0], band["loss_mean"].ToArray());
    }

    [Fact]
    public void ComputeUsesKeysCommonToAllSeeds()
    {
        var r1 = new ExperimentResult();
        r1.Summary["a"] = 1;
        r1.Summary["b"] = 10;
        var r2 = new ExperimentResult();
        r2.Summary["a"] = 3;
        var s = SeedStatistics.Compute([r1, r2]);
        Assert.Equal(["a"], s.Summary.Keys);
        Assert.Equal(2.0, s.Summary["a"].Mean);
    }

    [Fact]
    public void PairedDifferenceIsTheStatisticOfTheDifferences()
    {
        // a - b = 1, 2, 3: the same as StudentTIntervalByHand (mean 2, half width 2.4841).
        var d = SeedStatistics.PairedDifference([1.5, 2.5, 3.5], [0.5, 0.5, 0.5]);
        Assert.Equal(2.0, d.Mean, 12);
        Assert.Equal(2.4841377118, d.HalfWidth, 8);
        Assert.Throws<ArgumentException>(() => SeedStatistics.PairedDifference([1.0], [1.0, 2.0]));
    }
}
