using Workbench.Training;

namespace Workbench.Tests.Training;

public class ProgressThrottleTests
{
    private sealed class Collect : IProgress<ProgressReport>
    {
        public List<ProgressReport> Reports { get; } = [];

        public void Report(ProgressReport value) => Reports.Add(value);
    }

    [Fact]
    public void ThrottlesButAlwaysReportsTheLastStep()
    {
        var c = new Collect();
        var p = new ProgressThrottle(c, "x", 3, 1000, TimeSpan.FromHours(1));
        for (var i = 1; i <= 1000; i++) p.Report(i);
        // First call is due (never reported before), then nothing for an hour, then the final step.
        Assert.Equal([1L, 1000L], c.Reports.Select(r => r.Step));
        Assert.All(c.Reports, r => Assert.Equal(3, r.Seed));
        Assert.Equal(1.0, c.Reports[^1].Fraction);
    }

    [Fact]
    public void ZeroIntervalReportsEverything()
    {
        var c = new Collect();
        var p = new ProgressThrottle(c, "x", 0, 5, TimeSpan.Zero);
        for (var i = 1; i <= 5; i++) p.Report(i, metrics: new Dictionary<string, double> { ["loss"] = i });
        Assert.Equal(5, c.Reports.Count);
        Assert.Equal(4.0, c.Reports[3].Metrics!["loss"]);
    }

    [Fact]
    public void NullTargetIsANoOp()
    {
        var p = new ProgressThrottle(null, "x", 0, 5);
        Assert.False(p.Due(5));
        p.Report(5);
        p.ReportNow(5, "done");
    }
}
