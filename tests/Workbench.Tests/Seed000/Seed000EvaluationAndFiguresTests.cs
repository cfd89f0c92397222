using Workbench.Experiments;
using Workbench.Plotting;

namespace Workbench.Tests.Seed000;

public class Seed000EvaluationAndFiguresTests
{
    private static string EmptyDataDirectory()
    {
        // No Deezer file here: the experiments fall back to the seeded synthetic catalog (6,129 rows).
        var dir = Path.Combine(Path.GetTempPath(), "seed000-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void EvaluationScoresEveryModelAndTheCorrectedQTableIsExactOnSeenRows()
    {
        var exp = new QLearningDqnEvaluationExperiment();
        var o = exp.DefaultOptionsFor(RunMode.Corrected) with { Users = 2, Episodes = 1, DqnRows = 40 };
        var run = MultiSeedRunner.Run(exp, o, [3], EmptyDataDirectory());
        var s = run.Runs[0].Result.Summary;
        Assert.StartsWith("synthetic", run.Runs[0].Result.Notes["data"]);
        foreach (var m in QLearningDqnEvaluationExperiment.Models)
            foreach (var split in new[] { "test", "train" })
                foreach (var k in new[] { "precision", "recall", "hit_rate" })
                {
                    var v = s[$"{m}_{split}_{k}"];
                    Assert.True(double.IsNaN(v) || v is >= 0 and <= 1, $"{m}_{split}_{k} = {v}");
                }
        // One corrected episode visits every training row once: the first visit's +-1 reward already makes the greedy
        // action the user's answer (a liked song: like gets +0.1, or an explored dislike gets -0.1; a disliked song
        // symmetric), so on the seen rows precision = recall = hit rate = 1.
        Assert.Equal(1.0, s["q_train_precision"]);
        Assert.Equal(1.0, s["q_train_recall"]);
        Assert.Equal(1.0, s["q_train_hit_rate"]);
        Assert.Equal(2, run.Runs[0].Result.Table("users").RowCount);
        Assert.True(s["updates"] > 0);
    }

    [Fact]
    public void FiguresAreRedrawnFromRunFiles()
    {
        var dir = EmptyDataDirectory();
        var q = new QLearningExperiment();
        var qRun = MultiSeedRunner.Run(q, q.DefaultOptionsFor(RunMode.Faithful) with { Episodes = 60 }, [0, 1], dir);
        RunWriter.Write(Path.Combine(dir, "q"), qRun, dir);
        var d = new DuelingDqnExperiment();
        var dRun = MultiSeedRunner.Run(d, d.DefaultOptionsFor(RunMode.Faithful) with { Episodes = 1, StepsPerEpisode = 30, Hidden = 8 }, [0], dir);
        RunWriter.Write(Path.Combine(dir, "d"), dRun, dir);
        var figures = Seed000Figures.BuildFigures(new Dictionary<string, RunData>
        {
            [Seed000Figures.QFaithful] = RunReader.Read(Path.Combine(dir, "q")),
            [Seed000Figures.DqnFaithful] = RunReader.Read(Path.Combine(dir, "d")),
        });
        Assert.Equal(["loss_q", "loss_dqn"], figures.Select(f => f.Name));
        var qJson = figures[0].Figure.ToJson();
        Assert.Contains("50-point moving average, 95% band", qJson);
        Assert.Contains("linear trend", qJson);
        Assert.Contains("Episode", qJson);
        Assert.Contains("SYNTHETIC", qJson);
        // One seed of 30 steps: the 2,000-step window shrinks to the series length.
        var dJson = figures[1].Figure.ToJson();
        Assert.Contains("30-point moving average", dJson);
        Assert.Contains("Training step", dJson);
        // The mean line sits at the mean of the per-step losses.
        var steps = dRun.Runs[0].Result.Table("steps")["loss"].Values.ToArray();
        Assert.Contains($"mean {steps.Average():G4}", dJson);
    }
}
