using Workbench.Experiments;
using Workbench.Tests.Support;

namespace Workbench.Tests.Seed002;

public class DdpgExperimentTests
{
    private static readonly string EmptyData = Directory.CreateTempSubdirectory("wb-nodata-").FullName;
    private static readonly string Cache = Directory.CreateTempSubdirectory("wb-cache-").FullName;

    // A tiny budget on the synthetic log (the empty data folder forces it).
    internal static DdpgOptions Tiny(RunMode mode) => new DdpgExperiment().DefaultOptionsFor(mode) with
    {
        Episodes = 2, Rounds = 12, BatchSize = 8, BufferCapacity = 64, EmbeddingDim = 8, EmbeddingEpochs = 2, SyntheticRows = 6_000,
        CacheDirectory = Cache, ActorHidden = 8, EvalRounds = 1,
    };

    [Theory]
    [InlineData(RunMode.Faithful)]
    [InlineData(RunMode.Corrected)]
    public void SameSeedSameRunAndTheSummaryHoldsEveryKey(RunMode mode)
    {
        var o = Tiny(mode);
        var a = MultiSeedRunner.RunSeed(new DdpgExperiment(), o, 3, EmptyData).Result;
        var b = MultiSeedRunner.RunSeed(new DdpgExperiment(), o, 3, EmptyData).Result;
        var c = MultiSeedRunner.RunSeed(new DdpgExperiment(), o, 4, EmptyData).Result;
        Assert.StartsWith("synthetic", a.Notes["data"]);
        foreach (var key in new[] { "aa_agent", "aa_random", "aa_all_skip", "aa_history", "first_acc_agent", "skip_rate_agent", "skip_rate_data", "diversity_agent" })
            Assert.True(a.Summary.ContainsKey(key), key);
        Assert.Equal(a.Summary.ToArray(), b.Summary.ToArray());
        Assert.Equal(RunWriter.ToCsv(a.Table("episodes")), RunWriter.ToCsv(b.Table("episodes")));
        Assert.NotEqual(RunWriter.ToCsv(a.Table("episodes")), RunWriter.ToCsv(c.Table("episodes")));
        // 2 episodes x 12 rounds; updates start once the buffer holds a batch of 8: rounds 8..24 -> 17 updates.
        Assert.Equal(17, a.Summary["updates"]);
        Assert.InRange(a.Summary["aa_all_skip"], 0, 1);
        Assert.Equal(a.Summary["skip_rate_data"], c.Summary["skip_rate_data"]); // the data does not depend on the run seed
    }

    [Fact]
    public void FiguresAreRedrawnFromRunDirectories()
    {
        var root = Directory.CreateTempSubdirectory("wb-ddpg-runs-").FullName;
        try
        {
            foreach (var mode in new[] { RunMode.Faithful, RunMode.Corrected })
            {
                var run = MultiSeedRunner.Run(new DdpgExperiment(), Tiny(mode) with { Encoder = DdpgEncoder.Mlp }, [1, 2], EmptyData);
                RunWriter.Write(Path.Combine(root, mode.ToString().ToLowerInvariant()), run, EmptyData);
            }
            var figures = Seed002Figures.BuildFigures(Path.Combine(root, "faithful"), Path.Combine(root, "corrected"));
            Assert.Equal(["training_faithful", "training_corrected", "skip_rate", "diversity", "accuracy"], figures.Select(f => f.Name));
            var faithful = RunReader.Read(Path.Combine(root, "faithful"));
            var aa = faithful.Seeds.Average(s => s.Summary["aa_history"]);
            var json = figures.Single(f => f.Name == "accuracy").Figure.ToJson();
            Assert.Contains("first-half majority", json);
            Assert.Contains(aa.ToString("R", System.Globalization.CultureInfo.InvariantCulture)[..6], json);
            Assert.Contains("(2 seeds)", figures[0].Figure.Title);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [SkippableFact]
    public void RealDataRunKeepsTheSeedsNumbers()
    {
        var path = RealData.Require(Workbench.Data.DataRoot.SkipLogFile);
        var o = new DdpgExperiment().DefaultOptionsFor(RunMode.Faithful) with { Episodes = 1, Rounds = 70, CacheDirectory = Cache, EmbeddingEpochs = 3 };
        var r = MultiSeedRunner.RunSeed(new DdpgExperiment(), o, 0, Path.GetDirectoryName(Path.GetDirectoryName(path))).Result;
        Assert.StartsWith("real", r.Notes["data"]);
        Assert.Equal(8279.0 / 15220, r.Summary["skip_rate_data"], 12);
        Assert.Equal(761, r.Summary["sessions_kept"]);
        Assert.Equal(7, r.Summary["updates"]); // 70 rounds, updates from round 64
        // The always-skip baseline's score does not depend on the agent: every prediction is "skipped".
        Assert.InRange(r.Summary["aa_all_skip"], 0.3, 0.6);
        Assert.True(r.Summary["aa_history"] > r.Summary["aa_random"]);
    }
}
