using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

public class MultiSeedRunnerTests
{
    private static readonly IExperiment Bandit = ExperimentTestSupport.Registry.Get("bandit");
    private static readonly ExperimentOptions Options = Bandit.DefaultOptions(RunMode.Corrected) with { Episodes = 80 };

    private static string Csvs(MultiSeedResult r) =>
        string.Join("|", r.Runs.Select(x => x.Seed + ":" + RunWriter.ToCsv(x.Result.Table("episodes")) + RunWriter.SeedSummaryJson(x)));

    [Fact]
    public void ParallelEqualsSerial()
    {
        int[] seeds = [0, 1, 2, 3, 4];
        var serial = MultiSeedRunner.Run(Bandit, Options, seeds, maxDegreeOfParallelism: 1);
        var parallel = MultiSeedRunner.Run(Bandit, Options, seeds, maxDegreeOfParallelism: 4);
        Assert.Equal(seeds, parallel.Seeds);
        Assert.Equal(Csvs(serial), Csvs(parallel));
    }

    [Fact]
    public void ASeedInsideAMultiSeedRunEqualsTheSeedAlone()
    {
        var multi = MultiSeedRunner.Run(Bandit, Options, MultiSeedRunner.Seeds(10, 3));
        var alone = MultiSeedRunner.RunSeed(Bandit, Options, 11);
        Assert.Equal(RunWriter.ToCsv(alone.Result.Table("episodes")), RunWriter.ToCsv(multi.Runs[1].Result.Table("episodes")));
    }

    [Fact]
    public void DifferentSeedsDiffer()
    {
        var r = MultiSeedRunner.Run(Bandit, Options, [0, 1]);
        Assert.NotEqual(RunWriter.ToCsv(r.Runs[0].Result.Table("episodes")), RunWriter.ToCsv(r.Runs[1].Result.Table("episodes")));
    }

    [Fact]
    public void SeedsAreConsecutive()
    {
        Assert.Equal([7, 8, 9], MultiSeedRunner.Seeds(7, 3));
        Assert.Contains("--seeds", Assert.Throws<WorkbenchException>(() => MultiSeedRunner.Seeds(0, 0)).Message);
    }

    [Fact]
    public void InvalidOptionsAreRejectedBeforeRunning()
    {
        var bad = (BanditOptions)Options with { };
        bad = bad with { Epsilon = -1 };
        Assert.Throws<WorkbenchException>(() => MultiSeedRunner.Run(Bandit, bad, [0]));
    }

    [Fact]
    public void AnErrorInOneSeedSurfacesUnwrapped()
    {
        var o = (BanditOptions)Options with { ArmMeans = [1, 2, 3] };
        // Three arms are fine for the options; make seed 2's run fail through cancellation instead.
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MultiSeedRunner.Run(Bandit, o, [1, 2], cancellationToken: cts.Token));
    }

    [Fact]
    public void TheLearnerFindsTheBetterArm()
    {
        // Learning sanity on the test bandit: arm 1 (p = 0.7) should be chosen most of the time
        // (asymptotically 1 - epsilon / 2 = 0.95 of the pulls).
        var r = MultiSeedRunner.Run(Bandit, (BanditOptions)Options with { Episodes = 2000, Epsilon = 0.1 }, [0, 1, 2]);
        Assert.True(r.Statistics.Summary["best_arm_rate"].Mean > 0.8, r.Statistics.Summary["best_arm_rate"].Mean.ToString());
    }
}
