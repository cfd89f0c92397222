using Workbench.Experiments;
using Workbench.Tests.Support;

namespace Workbench.Tests.Seed001;

public sealed class AhDqnExperimentTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("wb-seed001-nodata-").FullName;

    public void Dispose() => Directory.Delete(_empty, true);

    private static AhDqnOptions Small(RunMode mode, int episodes) => new AhDqnExperiment().DefaultOptionsFor(mode) with
    {
        Episodes = episodes,
        SyntheticSongs = 30,
        EvalUsers = 50,
        EvalPoints = 4,
    };

    [Fact]
    public void CorrectedActionHeadReachesNinetyPercentOfTheOracleOnASmallCatalog()
    {
        var o = Small(RunMode.Corrected, 600) with { HeldOutFraction = 0 };
        var run = MultiSeedRunner.RunSeed(new AhDqnExperiment(), o, seed: 3, dataDirectory: _empty);
        var s = run.Result.Summary;
        Assert.StartsWith("synthetic", run.Result.Notes["data"]);
        Assert.True(s["eval_reward_ratio"] >= 0.9, $"eval_reward_ratio {s["eval_reward_ratio"]} (random {s["random_reward_ratio"]})");
        Assert.True(s["random_reward_ratio"] < 0.8);
    }

    [Theory]
    [InlineData("ah-dqn", RunMode.Faithful)]
    [InlineData("ah-dqn", RunMode.Corrected)]
    [InlineData("dqn", RunMode.Faithful)]
    [InlineData("dqn", RunMode.Corrected)]
    public void SameSeedGivesIdenticalTables(string name, RunMode mode)
    {
        IExperiment e = name == "ah-dqn" ? new AhDqnExperiment() : new PlainDqnExperiment();
        var o = Small(mode, 80);
        var a = MultiSeedRunner.RunSeed(e, o, 7, _empty).Result;
        var b = MultiSeedRunner.RunSeed(e, o, 7, _empty).Result;
        foreach (var (tableName, table) in a.Tables)
            foreach (var column in table.Columns)
                Assert.Equal(column.ToArray(), b.Table(tableName)[column.Name].ToArray());
        Assert.Equal(a.Summary["eval_reward_ratio"], b.Summary["eval_reward_ratio"]);
        var c = MultiSeedRunner.RunSeed(e, o, 8, _empty).Result;
        Assert.NotEqual(a.Table("episodes")["action"].ToArray(), c.Table("episodes")["action"].ToArray());
    }

    [Fact]
    public void FaithfulLoopRecordsTheSeedsQuirks()
    {
        var o = Small(RunMode.Faithful, 60);
        var r = MultiSeedRunner.RunSeed(new AhDqnExperiment(), o, 1, _empty).Result;
        var ep = r.Table("episodes");
        Assert.Equal(60, ep.RowCount);
        // No replay until the memory holds more than 32 transitions: loss and Q are 0 for episodes 1..32.
        for (var i = 0; i < 32; i++) Assert.Equal(0, ep["loss"][i]);
        Assert.NotEqual(0, ep["loss"][32]);
        // Epsilon: x0.995 once per episode for the first 32, then twice: 0.995^32 after 32, 0.995^34 after 33.
        Assert.Equal(Math.Pow(0.995, 32), ep["epsilon"][31], 12);
        Assert.Equal(Math.Pow(0.995, 34), ep["epsilon"][32], 12);
        // 28 replays of 32 single-sample updates.
        Assert.Equal(28 * 32, r.Summary["updates"]);
        // Non-terminal bootstrapping: the mean target exceeds the mean reward (gamma * max Q > 0 once Q grows).
        Assert.True(ep["avg_q"][59] > 0);
    }

    [Fact]
    public void CorrectedRunReportsColdStartForBothNetworks()
    {
        var o = Small(RunMode.Corrected, 100) with { SyntheticSongs = 60 };
        foreach (IExperiment e in new IExperiment[] { new AhDqnExperiment(), new PlainDqnExperiment() })
        {
            var r = MultiSeedRunner.RunSeed(e, o, 2, _empty).Result;
            Assert.Equal("6", r.Notes["held_out_songs"]);
            Assert.InRange(r.Summary["cold_start_hit_rate"], 0, 1);
            Assert.Equal(1.0, r.Summary["cold_start_random_hit_rate"]); // K = 10 >= 6 held-out songs
            Assert.Equal(4, r.Table("eval").RowCount); // the 4 curve points (the final evaluation is in the summary)
        }
    }

    [Fact]
    public void FaithfulRejectsDoubleDqn()
    {
        var o = new AhDqnExperiment().DefaultOptionsFor(RunMode.Faithful) with { DoubleDqn = true };
        var e = Assert.Throws<WorkbenchException>(o.Validate);
        Assert.Contains("double-dqn", e.Message);
    }

    [SkippableFact]
    public void FaithfulOnTheRealSongsBootstrapsTheAverageQ()
    {
        var songs = RealData.Require("001-ah-dqn/songs.csv");
        var dataDir = Path.GetDirectoryName(Path.GetDirectoryName(songs))!;
        var o = new AhDqnExperiment().DefaultOptionsFor(RunMode.Faithful) with { Episodes = 300, EvalPoints = 0, EvalUsers = 10 };
        var r = MultiSeedRunner.RunSeed(new AhDqnExperiment(), o, 0, dataDir).Result;
        Assert.StartsWith("real", r.Notes["data"]);
        var q = r.Table("episodes")["avg_q"];
        // The mean target grows well beyond any single reward (at most 6 tags x p < 1) as Q bootstraps without terminals.
        Assert.True(q[299] > 6, $"avg_q after 300 episodes = {q[299]}");
    }
}
