using System.Text.Json;
using Workbench.Experiments;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

public class MetricFiguresTests
{
    [Fact]
    public void BandOfABandTableUsesMeanLoAndHi()
    {
        var band = new MetricTable("episodes");
        band.AddColumn("episode", [1.0, 2.0]);
        band.AddColumn("reward_mean", [0.5, 0.7]);
        band.AddColumn("reward_lo", [0.4, 0.6]);
        band.AddColumn("reward_hi", [0.6, 0.8]);
        var trace = MetricFigures.Band(band, "episode", "reward");
        Assert.Equal([1.0, 2.0], trace.X);
        Assert.Equal([0.4, 0.6], trace.Lower);
        Assert.Equal([0.6, 0.8], trace.Upper);
        Assert.Equal([0.5, 0.7], trace.Mean!);
        Assert.Equal("reward (mean, 95% band)", trace.Name);
        var e = Assert.Throws<WorkbenchException>(() => MetricFigures.Band(band, "episode", "loss"));
        Assert.Contains("no column 'loss_lo'", e.Message);
        Assert.Contains("reward_mean", e.Message);
    }

    [Fact]
    public void SmoothedWithTrendDrawsRawAverageFitAndMean()
    {
        // y = 1, 3, 2, 5 at x = 0..3: fit slope 1.1, intercept 1.1 (see SeriesMathTests), mean 2.75
        var fig = MetricFigures.SmoothedWithTrend("loss", [0, 1, 2, 3], [1, 3, 2, 5], 2, "Episode", "Loss");
        using var doc = JsonDocument.Parse(fig.ToJson());
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal(4, data.GetArrayLength());
        Assert.Equal([1, 2, 2.5, 3.5], data[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble())); // window 2
        Assert.Equal([1.1, 1.1 * 3 + 1.1], data[2].GetProperty("y").EnumerateArray().Select(v => Math.Round(v.GetDouble(), 12)));
        Assert.Equal([2.75, 2.75], data[3].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("mean 2.75", data[3].GetProperty("name").GetString());
        Assert.Equal("Episode", doc.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }
}
