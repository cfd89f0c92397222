using Workbench.Experiments;
using Workbench.Experiments.Reproduction;
using Workbench.Plotting;
using Workbench.Tests.Experiments;

namespace Workbench.Tests.Reproduction;

public class ReproductionEngineTests
{
    private static ReproductionPlan BanditPlan() => new ReproductionPlan()
        .Add("bandit", new ReproductionRun("bandit", RunMode.Faithful, "", ["epsilon=0.2"], ["episodes=30"]))
        .Add("bandit", new ReproductionRun("bandit", RunMode.Corrected, "long", [], ["episodes=40"]))
        .AddFigures("bandit", new FigureSet("bandit", ["bandit/faithful", "bandit/corrected-long"], runs =>
        {
            var fig = new Figure("reward");
            foreach (var (key, run) in runs)
            {
                var t = run.Seeds[0].Tables["episodes"];
                fig.Add(new LineTrace(t["episode"].ToArray(), t["reward"].ToArray()) { Name = key });
            }
            return [new NamedFigure("reward", fig)];
        }));

    private static ReproductionEngine Engine() => new(ExperimentTestSupport.Registry, BanditPlan());

    [Fact]
    public void TwoRunsWithTheSameSeedsWriteIdenticalMetricsCsv()
    {
        var a = ExperimentTestSupport.TempDir();
        var b = ExperimentTestSupport.TempDir();
        var settings = new ReproductionSettings { Quick = true, Seeds = 3, OutputDirectory = a, Png = false };
        var report = Engine().Run(settings);
        Engine().Run(settings with { OutputDirectory = b, Parallelism = 1 });
        Assert.Equal(["bandit/faithful", "bandit/corrected-long"], report.Runs);
        var csvA = Directory.GetFiles(a, "*.csv", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(a, p)).Order().ToList();
        var csvB = Directory.GetFiles(b, "*.csv", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(b, p)).Order().ToList();
        Assert.Equal(csvA, csvB);
        Assert.Contains(Path.Combine("bandit", "faithful", "seed-2", "episodes.csv"), csvA);
        foreach (var rel in csvA) Assert.Equal(File.ReadAllText(Path.Combine(a, rel)), File.ReadAllText(Path.Combine(b, rel)));
        // Quick overrides applied after the full ones: 30 episodes, epsilon 0.2 from the full sets.
        var manifest = RunReader.Read(Path.Combine(a, "bandit", "faithful")).Manifest;
        Assert.Equal(30, manifest.Options.GetProperty("episodes").GetInt32());
        Assert.Equal(0.2, manifest.Options.GetProperty("epsilon").GetDouble());
        Assert.True(File.Exists(Path.Combine(a, "figures", "bandit", "reward.html")));
    }

    [Fact]
    public void ReplotRedrawsFromFilesWithoutTraining()
    {
        var dir = ExperimentTestSupport.TempDir();
        Engine().Run(new ReproductionSettings { Quick = true, Seeds = 1, OutputDirectory = dir, Png = false });
        var html = Path.Combine(dir, "figures", "bandit", "reward.html");
        File.Delete(html);
        var report = Engine().Run(new ReproductionSettings { ReplotOnly = true, OutputDirectory = dir, Png = false });
        Assert.Empty(report.Runs);
        Assert.True(File.Exists(html));
        Assert.Contains("bandit/faithful", File.ReadAllText(html));
    }

    [Fact]
    public void MissingRunsSkipTheirFiguresAndSayWhy()
    {
        var dir = ExperimentTestSupport.TempDir();
        var report = Engine().Run(new ReproductionSettings { ReplotOnly = true, OutputDirectory = dir, Png = false });
        Assert.Empty(report.Figures);
        Assert.Contains(report.Skipped, s => s.Contains("missing runs bandit/faithful", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplotKeepsFiguresWhoseRunLacksAnUncommittedTableAndNamesTheFile()
    {
        // A fresh clone has the 50,000-episode runs without their per-episode tables (git-ignored): `plot` must skip
        // that figure set with the file and the command that remakes it, not fail, and leave the figure in place.
        var dir = ExperimentTestSupport.TempDir();
        Engine().Run(new ReproductionSettings { Quick = true, Seeds = 2, OutputDirectory = dir, Png = false });
        var html = Path.Combine(dir, "figures", "bandit", "reward.html");
        var before = File.ReadAllText(html);
        File.Delete(Path.Combine(dir, "bandit", "faithful", "seed-1", "episodes.csv"));
        var report = Engine().Run(new ReproductionSettings { ReplotOnly = true, OutputDirectory = dir, Png = false });
        Assert.Empty(report.Figures);
        var skip = Assert.Single(report.Skipped);
        Assert.Contains(Path.Combine("bandit", "faithful", "seed-1", "episodes.csv"), skip);
        Assert.Contains("workbench reproduce bandit", skip);
        Assert.Equal(before, File.ReadAllText(html));
        // A corrupt table is still an error naming the file.
        File.WriteAllText(Path.Combine(dir, "bandit", "corrected-long", "seed-0", "episodes.csv"), "episode,reward\n1,not-a-number\n");
        File.Copy(Path.Combine(dir, "bandit", "corrected-long", "seed-1", "episodes.csv"), Path.Combine(dir, "bandit", "faithful", "seed-1", "episodes.csv"));
        var e = Assert.ThrowsAny<WorkbenchException>(() => Engine().Run(new ReproductionSettings { ReplotOnly = true, OutputDirectory = dir, Png = false }));
        Assert.Contains("episodes.csv", e.Message);
    }

    [Fact]
    public void UnknownTargetAndBadSetAreClearErrors()
    {
        var dir = ExperimentTestSupport.TempDir();
        var e = Assert.Throws<WorkbenchException>(() => Engine().Run(new ReproductionSettings { Target = "nope", OutputDirectory = dir }));
        Assert.Contains("allowed: all, bandit", e.Message);
        var e2 = Assert.ThrowsAny<WorkbenchException>(() => Engine().Run(new ReproductionSettings { Sets = ["no-such-key=1"], OutputDirectory = dir, Png = false }));
        Assert.Contains("no-such-key", e2.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, "bandit")));
    }
}
