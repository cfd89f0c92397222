using Workbench.Experiments;
using Workbench.Experiments.Reproduction;
using Workbench.Tests.Experiments;

namespace Workbench.Tests.Reproduction;

public class ReproductionCatalogTests
{
    private static ReproductionPlan Plan => ReproductionCatalog.Default;

    [Fact]
    public void EveryTargetOfIssue9RunsInBothModes()
    {
        Assert.Equal(["q-learning", "dueling-dqn", "ah-dqn", "dqn", "ddpg", "audio-dqn"], Plan.Targets);
        foreach (var target in Plan.Targets)
        {
            var runs = Plan.RunsOf(target);
            Assert.Contains(runs, r => r.Mode == RunMode.Faithful);
            Assert.Contains(runs, r => r.Mode == RunMode.Corrected);
        }
        var keys = Plan.RunsOf("all").Select(r => r.Key).ToHashSet();
        foreach (var exp in new[] { "ah-dqn", "dqn" })
            foreach (var mode in new[] { "faithful", "corrected" })
                foreach (var n in new[] { "500", "1000", "50000" })
                    Assert.Contains($"{exp}/{mode}-{n}", keys);
        Assert.Contains("deezer-evaluation/faithful", keys);
        Assert.Contains("deezer-evaluation/corrected", keys);
        // Seed 001's labels are the budgets of the full run.
        foreach (var r in Plan.RunsOf("ah-dqn").Concat(Plan.RunsOf("dqn")))
            Assert.Contains("episodes=" + r.Label, r.Sets);
    }

    [Fact]
    public void RunKeysAreUniqueAndFigureSetsNeedOnlyRunsOfThePlan()
    {
        var keys = Plan.RunsOf("all").Select(r => r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var names = Plan.FiguresOf("all").Select(f => f.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var set in Plan.FiguresOf("all"))
        {
            Assert.NotEmpty(set.Requires);
            foreach (var k in set.Requires) Assert.True(keys.Contains(k), $"figure set {set.Name} needs {k}, which the plan does not run");
        }
    }

    [Fact]
    public void EveryRunsExperimentIsRegistered()
    {
        var missing = Plan.RunsOf("all").Select(r => r.Experiment).Distinct().Where(e => ExperimentRegistry.Default.Find(e) is null).ToList();
        Assert.True(missing.Count == 0, "not registered: " + string.Join(", ", missing));
    }

    [Fact]
    public void FullAndQuickSetsBindOntoEachExperimentsOptions()
    {
        foreach (var run in Plan.RunsOf("all"))
        {
            var experiment = ExperimentRegistry.Default.Find(run.Experiment);
            if (experiment is null) continue; // reported by EveryRunsExperimentIsRegistered
            var full = OptionsBinder.Apply(experiment.DefaultOptions(run.Mode), run.Sets);
            full.Validate();
            var quick = OptionsBinder.Apply(full, run.QuickSets);
            quick.Validate();
            Assert.Equal(run.Mode, quick.Mode);
            Assert.True(quick.Episodes <= full.Episodes, $"{run.Key}: quick has more episodes ({quick.Episodes}) than full ({full.Episodes})");
        }
    }

    [Fact]
    public void QuickReproductionOfOneTargetWritesRunsFiguresAndClaims()
    {
        using var dir = ExperimentTestSupport.TempDir();
        var report = new ReproductionEngine(ExperimentRegistry.Default, Plan)
            .Run(new ReproductionSettings { Target = "q-learning", Quick = true, Seeds = 2, OutputDirectory = dir, Png = false, DataDirectory = RealDataOrNull() });
        Assert.Equal(["q-learning/faithful", "q-learning/corrected"], report.Runs);
        Assert.True(File.Exists(Path.Combine(dir, "q-learning", "faithful", "seed-1", "episodes.csv")));
        Assert.Contains(report.Figures, f => f.EndsWith(".html", StringComparison.Ordinal));
        var row = Assert.Single(ReplicationReport.Evaluate(dir, ReplicationClaims.All.Where(c => c.Id == "000-loss-q")));
        Assert.NotEqual(ClaimVerdict.NotRun, row.Verdict);
        Assert.Contains("(100 episodes, 2 seeds", row.Faithful, StringComparison.Ordinal);
    }

    private static string? RealDataOrNull() =>
        Environment.GetEnvironmentVariable("WORKBENCH_DATA") is { Length: > 0 } d && Directory.Exists(d) ? d : null;
}
