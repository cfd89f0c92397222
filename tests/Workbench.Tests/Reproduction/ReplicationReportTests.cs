using Workbench.Evaluation;
using Workbench.Experiments;
using Workbench.Experiments.Reproduction;
using Workbench.Tests.Experiments;

namespace Workbench.Tests.Reproduction;

/// <summary>Writes synthetic run directories (RunWriter over hand-made ExperimentResults), as the engine would.</summary>
public static class SyntheticRuns
{
    /// <summary>Options of a synthetic run (only episodes and mode matter).</summary>
    public sealed record Options : ExperimentOptions;

    private sealed class Named(string name) : IExperiment
    {
        public string Name => name;
        public string Description => "synthetic";
        public Type OptionsType => typeof(Options);
        public ExperimentOptions DefaultOptions(RunMode mode) => new Options { Mode = mode };
        public ExperimentResult Run(ExperimentContext context) => throw new NotSupportedException();
    }

    /// <summary>
    /// Writes run <paramref name="key"/> ("experiment/mode[-label]") below <paramref name="root"/> with seeds
    /// 0..<paramref name="seeds"/>-1, each seed's result built by <paramref name="build"/>.
    /// </summary>
    public static void Write(string root, string key, int episodes, int seeds, Action<int, ExperimentResult> build)
    {
        var experiment = key.Split('/')[0];
        var mode = key.Split('/')[1].StartsWith("faithful", StringComparison.Ordinal) ? RunMode.Faithful : RunMode.Corrected;
        var runs = Enumerable.Range(0, seeds).Select(s =>
        {
            var r = new ExperimentResult();
            r.Summary["episodes"] = episodes;
            build(s, r);
            r.Notes["data"] = "real: test";
            return new SeedRun(s, r, 0.1);
        }).ToList();
        var result = new MultiSeedResult(new Named(experiment), new Options { Mode = mode, Episodes = episodes }, runs, DateTimeOffset.UnixEpoch, 0.5);
        RunWriter.Write(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar)), result);
    }

    /// <summary>Writes a run whose seeds have the given summary values (one array per key, one value per seed).</summary>
    public static void WriteSummary(string root, string key, int episodes, params (string Name, double[] PerSeed)[] values)
    {
        var seeds = values[0].PerSeed.Length;
        Write(root, key, episodes, seeds, (s, r) =>
        {
            foreach (var (name, perSeed) in values) r.Summary[name] = perSeed[s];
        });
    }

    /// <summary>An "episodes" table (episode = 1..n, column = f(seed, episode index)).</summary>
    public static void AddEpisodes(ExperimentResult r, int n, int seed, string column, Func<int, int, double> f, string table = "episodes", string x = "episode")
    {
        var t = r.AddTable(table);
        var e = t.AddColumn(x, ColumnKind.Integer);
        var c = t.AddColumn(column);
        for (var i = 0; i < n; i++)
        {
            e.Add(i + 1);
            c.Add(f(seed, i));
        }
    }
}

public class ReplicationReportTests
{
    private static ReplicationRow Row(string dir, string id) =>
        Assert.Single(ReplicationReport.Evaluate(dir, ReplicationClaims.All.Where(c => c.Id == id)));

    [Fact]
    public void LossQRisingFrom50To60IsReproducedAndAFlatHighLossIsNot()
    {
        using var dir = ExperimentTestSupport.TempDir();
        // Faithful: loss = 50 + 10 e / 99 + (seed - 1) * 0.5: the least-squares line runs from 50 + (s-1)/2 to 60 + (s-1)/2.
        SyntheticRuns.Write(dir, ReplicationClaims.QFaithful, 100, 3, (s, r) =>
            SyntheticRuns.AddEpisodes(r, 100, s, "loss", (seed, e) => 50 + 10.0 * e / 99 + (seed - 1) * 0.5 + (e % 2 == 0 ? 0.1 : -0.1)));
        // Corrected: falling 20 -> 0.
        SyntheticRuns.Write(dir, ReplicationClaims.QCorrected, 30, 3, (s, r) => SyntheticRuns.AddEpisodes(r, 30, s, "loss", (_, e) => 20 - 20.0 * e / 29));
        var row = Row(dir, "000-loss-q");
        Assert.Equal(ClaimVerdict.Reproduced, row.Verdict);
        Assert.Contains("linear trend 50", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("(100 episodes, 3 seeds)", row.Faithful, StringComparison.Ordinal);
        Assert.StartsWith("linear trend 20 -> 0 (slope -0.69", row.Corrected, StringComparison.Ordinal); // 20 / 29 = 0.690 per episode, equal in every seed

        // Rising, but from 100 to 120: the shape holds, the range does not -> partly.
        using var dir2 = ExperimentTestSupport.TempDir();
        SyntheticRuns.Write(dir2, ReplicationClaims.QFaithful, 100, 3, (s, r) => SyntheticRuns.AddEpisodes(r, 100, s, "loss", (seed, e) => 100 + 20.0 * e / 99 + seed));
        SyntheticRuns.Write(dir2, ReplicationClaims.QCorrected, 30, 3, (s, r) => SyntheticRuns.AddEpisodes(r, 30, s, "loss", (_, e) => 1));
        Assert.Equal(ClaimVerdict.Partly, Row(dir2, "000-loss-q").Verdict);

        // Flat at 200 (slopes -0.05, 0, +0.05 per episode: the interval of the slope holds 0) -> not reproduced.
        using var dir3 = ExperimentTestSupport.TempDir();
        SyntheticRuns.Write(dir3, ReplicationClaims.QFaithful, 100, 3, (s, r) => SyntheticRuns.AddEpisodes(r, 100, s, "loss", (seed, e) => 200 + (seed - 1) * 0.05 * e));
        SyntheticRuns.Write(dir3, ReplicationClaims.QCorrected, 30, 3, (s, r) => SyntheticRuns.AddEpisodes(r, 30, s, "loss", (_, e) => 1));
        Assert.Equal(ClaimVerdict.NotReproduced, Row(dir3, "000-loss-q").Verdict);
    }

    [Fact]
    public void SkipRateAboveTheDataIsNotReproducedAndTheReasonCitesTheSeedsOwnOutput()
    {
        using var dir = ExperimentTestSupport.TempDir();
        // Agent 56% > data 54% in every seed: the paired difference (+0.02, +0.02, +0.03) lies above 0 -> not lower.
        foreach (var key in new[] { ReplicationClaims.DdpgFaithful, ReplicationClaims.DdpgCorrected })
            SyntheticRuns.WriteSummary(dir, key, 5, ("skip_rate_agent", [0.56, 0.57, 0.57]), ("skip_rate_data", [0.54, 0.55, 0.54]));
        var row = Row(dir, "002-skip-rate");
        Assert.Equal(ClaimVerdict.NotReproduced, row.Verdict);
        Assert.Contains("RL 56.7%", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("vs data 54.3%", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("44% vs 54%", row.Reason, StringComparison.Ordinal);

        // 49% vs 54% exactly: reproduced.
        using var dir2 = ExperimentTestSupport.TempDir();
        foreach (var key in new[] { ReplicationClaims.DdpgFaithful, ReplicationClaims.DdpgCorrected })
            SyntheticRuns.WriteSummary(dir2, key, 5, ("skip_rate_agent", [0.49, 0.48, 0.50]), ("skip_rate_data", [0.54, 0.54, 0.55]));
        Assert.Equal(ClaimVerdict.Reproduced, Row(dir2, "002-skip-rate").Verdict);

        // 44% vs 54% (the seed's own saved output): lower but not the published numbers -> partly.
        using var dir3 = ExperimentTestSupport.TempDir();
        foreach (var key in new[] { ReplicationClaims.DdpgFaithful, ReplicationClaims.DdpgCorrected })
            SyntheticRuns.WriteSummary(dir3, key, 5, ("skip_rate_agent", [0.44, 0.43, 0.45]), ("skip_rate_data", [0.54, 0.54, 0.55]));
        Assert.Equal(ClaimVerdict.Partly, Row(dir3, "002-skip-rate").Verdict);
    }

    [Fact]
    public void UnreachableSolvedThresholdIsNotReproducedWithTheBoundInTheFinding()
    {
        using var dir = ExperimentTestSupport.TempDir();
        double[] Three(double v) => [v, v, v];
        SyntheticRuns.WriteSummary(dir, ReplicationClaims.AudioFaithful, 2000, ("best_avg_score", [8.1, 8.3, 8.2]), ("max_score", Three(10)),
            ("solved", Three(0)), ("solved_episode", Three(0)), ("solved_threshold", Three(15)));
        SyntheticRuns.WriteSummary(dir, ReplicationClaims.AudioCorrected, 2000, ("best_avg_score", [9.5, 9.4, 9.6]), ("max_score", Three(10)),
            ("solved", Three(1)), ("solved_episode", [300, 310, 320]), ("solved_threshold", Three(9)));
        var row = Row(dir, "003-solved");
        Assert.Equal(ClaimVerdict.NotReproduced, row.Verdict);
        Assert.Contains("solved (>= 15) in 0 of 3 seeds", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("solved (>= 9) in 3 of 3 seeds, first solved at episode 310", row.Corrected, StringComparison.Ordinal);
        Assert.Contains("threshold 15 is above the largest possible score 10", row.Reason, StringComparison.Ordinal);
        Assert.Contains("at most 10 < 15", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRunsAreNotRunAndNameTheRun()
    {
        using var dir = ExperimentTestSupport.TempDir();
        var rows = ReplicationReport.Evaluate(dir);
        Assert.Equal(ReplicationClaims.All.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(ClaimVerdict.NotRun, r.Verdict));

        // Only the faithful ddpg run: the corrected side names the missing run, the faithful side does not.
        SyntheticRuns.WriteSummary(dir, ReplicationClaims.DdpgFaithful, 5, ("skip_rate_agent", [0.44, 0.45]), ("skip_rate_data", [0.54, 0.54]));
        var row = Row(dir, "002-skip-rate");
        Assert.Equal(ClaimVerdict.NotRun, row.Verdict);
        Assert.Equal("not run (ddpg/corrected)", row.Corrected);
        Assert.Equal("see corrected", row.Faithful);
    }

    [Fact]
    public void AMissingStatisticIsNotRunWithTheKeysListed()
    {
        using var dir = ExperimentTestSupport.TempDir();
        foreach (var key in new[] { ReplicationClaims.DdpgFaithful, ReplicationClaims.DdpgCorrected })
            SyntheticRuns.WriteSummary(dir, key, 5, ("skip_rate_agent", [0.44, 0.45]));
        var row = Row(dir, "002-skip-rate");
        Assert.Equal(ClaimVerdict.NotRun, row.Verdict);
        Assert.Contains("no statistic 'skip_rate_data'", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("skip_rate_agent", row.Faithful, StringComparison.Ordinal);
    }

    [Fact]
    public void AhDqnVersusDqnIsPairedOverSeedsPerMode()
    {
        using var dir = ExperimentTestSupport.TempDir();
        // Faithful: AH - DQN = (0.30, 0.30, 0.32) > 0. Corrected: AH - DQN = (0.01, -0.02, 0.00), interval holds 0 -> partly.
        void Pair(RunMode mode, double[] ah, double[] dqn)
        {
            SyntheticRuns.WriteSummary(dir, ReplicationClaims.Seed001Key("ah-dqn", mode, 500), 500, ("eval_reward_ratio", ah), ("random_reward_ratio", [0.5, 0.5, 0.5]));
            SyntheticRuns.WriteSummary(dir, ReplicationClaims.Seed001Key("dqn", mode, 500), 500, ("eval_reward_ratio", dqn), ("random_reward_ratio", [0.5, 0.5, 0.5]));
        }
        Pair(RunMode.Faithful, [0.80, 0.82, 0.81], [0.50, 0.52, 0.49]);
        Pair(RunMode.Corrected, [0.90, 0.88, 0.91], [0.89, 0.90, 0.91]);
        var row = Row(dir, "001-ah-vs-dqn-500");
        Assert.Equal(ClaimVerdict.Partly, row.Verdict);
        // mean of the differences (0.30 + 0.30 + 0.32) / 3 = 0.3067
        Assert.Contains("AH - DQN 0.307", row.Faithful, StringComparison.Ordinal);
        Assert.Contains("AH-DQN beats DQN in the faithful loop and is not significantly different from it in the corrected one", row.Reason, StringComparison.Ordinal);
        // The other episode counts were not run.
        Assert.Equal(ClaimVerdict.NotRun, Row(dir, "001-ah-vs-dqn-1000").Verdict);
    }

    [Fact]
    public void AverageQInsideSixtyToOneThirtyIsReproduced()
    {
        using var dir = ExperimentTestSupport.TempDir();
        foreach (var exp in new[] { "ah-dqn", "dqn" })
        {
            SyntheticRuns.Write(dir, ReplicationClaims.Seed001Key(exp, RunMode.Faithful, 50000), 50000, 2, (s, r) =>
            {
                SyntheticRuns.AddEpisodes(r, 10, s, "avg_q", (_, e) => 10 * e);
                r.Summary["final_avg_q"] = 88 + s;
            });
            SyntheticRuns.Write(dir, ReplicationClaims.Seed001Key(exp, RunMode.Corrected, 50000), 50000, 2, (s, r) =>
            {
                SyntheticRuns.AddEpisodes(r, 10, s, "avg_q", (_, _) => 2);
                r.Summary["final_avg_q"] = 2;
            });
        }
        var row = Row(dir, "001-average-q");
        Assert.Equal(ClaimVerdict.Reproduced, row.Verdict);
        Assert.Contains("AH-DQN 88.5 [", row.Faithful, StringComparison.Ordinal); // (88 + 89) / 2
        Assert.Contains("(highest 90)", row.Faithful, StringComparison.Ordinal);   // 10 * 9 in both seeds
        Assert.Contains("bootstrapping artefact", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatShowsTheIntervalOnlyWithTwoOrMoreSeedsAndSignNeedsTheIntervalToExcludeZero()
    {
        Assert.Equal("0.5 [0.4, 0.6]", ReplicationClaims.Format(new SummaryStatistic(3, 0.5, 0.1, 0.4, 0.6)));
        Assert.Equal("0.5", ReplicationClaims.Format(new SummaryStatistic(1, 0.5, double.NaN, double.NaN, double.NaN)));
        Assert.Equal("0.5", ReplicationClaims.Format(new SummaryStatistic(3, 0.5, 0, 0.5, 0.5))); // every seed equal: no interval
        Assert.Equal("44.0% [43.0, 45.0]", ReplicationClaims.Percent(new SummaryStatistic(3, 0.44, 0.01, 0.43, 0.45)));
        Assert.Equal(1, ReplicationClaims.Sign(new SummaryStatistic(3, 0.1, 0.01, 0.05, 0.15)));
        Assert.Equal(0, ReplicationClaims.Sign(new SummaryStatistic(3, 0.1, 0.1, -0.05, 0.25)));
        Assert.Equal(-1, ReplicationClaims.Sign(new SummaryStatistic(3, -0.1, 0.01, -0.15, -0.05)));
        Assert.Equal(-1, ReplicationClaims.Sign(new SummaryStatistic(1, -0.1, double.NaN, double.NaN, double.NaN)));
    }

    [Fact]
    public void TableMarkdownAndConclusionsRenderEveryRow()
    {
        var rows = new List<ReplicationRow>
        {
            new("002", "a", "skip | rate", "49% vs 54%", "44%", "40%", ClaimVerdict.NotReproduced, "line one\nline two"),
            new("002", "b", "random baseline", "0.336", "0.33", "0.33", ClaimVerdict.Reproduced, "check"),
            new("003", "c", "solved", "15", "8", "9.5", ClaimVerdict.NotReproduced, "max 10"),
        };
        var table = ReplicationReport.ToTable(rows);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal("not reproduced", table.Rows[0][5]);
        Assert.Contains("<td>skip | rate</td>", table.ToHtml(), StringComparison.Ordinal);

        var md = ReplicationReport.ToMarkdown(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + 3, md.Length); // header, rule, 3 rows
        Assert.Contains("skip \\| rate", md[2], StringComparison.Ordinal);
        Assert.Contains("line one<br>line two", md[2], StringComparison.Ordinal);
        Assert.Contains("**not reproduced**", md[2], StringComparison.Ordinal);

        var conclusions = ReplicationReport.Conclusions(rows);
        Assert.Equal(["002", "003"], conclusions.Select(c => c.Seed));
        Assert.Equal("Seed 002: 1 of 2 claims reproduced. reproduced: 1 (random baseline). not reproduced: 1 (skip | rate).", conclusions[0].Conclusion);
        Assert.StartsWith("Seed 003: no claim reproduced.", conclusions[1].Conclusion, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaimIdsAreUniqueAndEveryRequiredRunIsInTheCatalog()
    {
        Assert.Equal(ReplicationClaims.All.Count, ReplicationClaims.All.Select(c => c.Id).Distinct().Count());
        Assert.Equal(["000", "001", "002", "003"], ReplicationClaims.All.Select(c => c.Seed).Distinct());
        var keys = ReproductionCatalog.Default.RunsOf("all").Select(r => r.Key).ToHashSet();
        foreach (var c in ReplicationClaims.All)
            foreach (var k in c.Requires)
                Assert.True(keys.Contains(k), $"claim {c.Id} needs run {k}, which the catalog does not run");
    }
}

public class ReplicationReportKeyFigureTests
{
    [Fact]
    public void KeyFiguresComeFromThePlansSetsByNameOrNameEndingAndSkipMissingRuns()
    {
        using var dir = ExperimentTestSupport.TempDir();
        var builds = 0;
        var plan = new ReproductionPlan()
            .AddFigures("t", new FigureSet("set-a", ["x/faithful"], runs =>
            {
                builds++;
                return [new NamedFigure("faithful-120-03-average-q", new Workbench.Plotting.Figure(runs["x/faithful"].Manifest.Experiment)), new NamedFigure("other", new Workbench.Plotting.Figure("o"))];
            }))
            .AddFigures("t", new FigureSet("set-b", ["y/corrected"], _ => [new NamedFigure("b", new Workbench.Plotting.Figure("b"))]));
        KeyFigure[] keys = [new("001", "set-a", "-03-average-q"), new("001", "set-a", "other"), new("002", "set-b", "b"), new("003", "set-c", "z")];
        SyntheticRuns.WriteSummary(dir, "x/faithful", 120, ("v", [1.0, 2.0]));

        var figures = ReplicationReport.KeyFigures(dir, plan: plan, keys: keys);
        Assert.Equal(["faithful-120-03-average-q", "other"], figures.Select(f => f.Figure.Name));
        Assert.All(figures, f => Assert.Equal("001", f.Seed));
        Assert.Equal(1, builds); // one build per set, however many of its figures are key figures
        Assert.Empty(ReplicationReport.KeyFigures(dir, seeds: ["002", "003"], plan: plan, keys: keys)); // set-b's run is missing, set-c does not exist
    }
}
