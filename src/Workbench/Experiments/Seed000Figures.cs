using Workbench.Evaluation;
using Workbench.Experiments.Reproduction;
using Workbench.Plotting;

namespace Workbench.Experiments;

/// <summary>
/// Seed 000's figures, redrawn from run directories (<see cref="RunReader"/>) without retraining:
/// <c>loss_q</c> (Q-learning loss per episode with a 50-episode moving average, a linear trend and the mean line, as
/// the seed's <c>loss_q.png</c>), <c>loss_dqn</c> (Dueling DQN loss per training step with a 2,000-step moving
/// average, trend and mean, as <c>loss_dqn.png</c>), their corrected counterparts, and <c>evaluation</c>
/// (precision, recall and first-recommendation hit rate per model with 95% intervals over seeds). Multi-seed runs
/// show the mean over seeds with its 95% band.
/// </summary>
public static class Seed000Figures
{
    /// <summary>Run keys of the reproduction plan (<c>OUT/KEY/</c>; the plan is <see cref="ReproductionCatalog"/>).</summary>
    public const string QFaithful = "q-learning/faithful", QCorrected = "q-learning/corrected",
        DqnFaithful = "dueling-dqn/faithful", DqnCorrected = "dueling-dqn/corrected",
        EvalFaithful = "deezer-evaluation/faithful", EvalCorrected = "deezer-evaluation/corrected";

    /// <summary>The seed's moving-average windows: 50 episodes (Q-learning), 2,000 steps (Dueling DQN).</summary>
    public const int QWindow = 50, DqnWindow = 2000;

    /// <summary>
    /// Every seed-000 figure whose runs are present in <paramref name="runs"/> (keyed as <see cref="QFaithful"/> ...);
    /// missing runs just leave their figures out.
    /// </summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(IReadOnlyDictionary<string, RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var figures = new List<NamedFigure>();
        if (runs.TryGetValue(QFaithful, out var q)) figures.Add(new("loss_q", LossQ(q)));
        if (runs.TryGetValue(QCorrected, out var qc)) figures.Add(new("loss_q_corrected", LossQ(qc)));
        if (runs.TryGetValue(DqnFaithful, out var d)) figures.Add(new("loss_dqn", LossDqn(d)));
        if (runs.TryGetValue(DqnCorrected, out var dc)) figures.Add(new("loss_dqn_corrected", LossDqn(dc)));
        if (runs.TryGetValue(EvalCorrected, out var ec)) figures.Add(new("evaluation", Evaluation(ec)));
        if (runs.TryGetValue(EvalFaithful, out var ef)) figures.Add(new("evaluation_faithful", Evaluation(ef)));
        return figures;
    }

    /// <summary>The seed's <c>loss_q.png</c>: loss per episode, its 50-episode moving average, a linear trend and the mean.</summary>
    public static Figure LossQ(RunData run) =>
        LossFigure(run, "episodes", "episode", "loss", QWindow, "Q-learning loss per episode", "Episode");

    /// <summary>The seed's <c>loss_dqn.png</c>: loss per training step, its 2,000-step moving average, a linear trend and the mean.</summary>
    public static Figure LossDqn(RunData run) =>
        LossFigure(run, "steps", "step", "loss", DqnWindow, "Dueling DQN loss per training step", "Training step", clipQuantile: 0.995);

    /// <summary>
    /// A loss curve in the seed's style: the raw series (the mean over seeds when there are several), a trailing moving
    /// average over <paramref name="window"/> points (with several seeds: the mean of the seeds' moving averages and its
    /// pointwise 95% Student-t band), the least-squares line through the raw series and a horizontal line at its mean.
    /// With <paramref name="clipQuantile"/> the y axis ends at 1.2 times that quantile of the raw series (the first
    /// updates of a fresh network dwarf the rest), and the axis title says so.
    /// </summary>
    public static Figure LossFigure(RunData run, string table, string xColumn, string yColumn, int window, string title, string xLabel,
        double? clipQuantile = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tables = run.Seeds.Select(s => s.Tables[table]).ToList();
        var n = tables.Min(t => t.RowCount);
        var x = tables[0][xColumn].Values[..n].ToArray();
        var series = tables.Select(t => t[yColumn].Values[..n].ToArray()).ToList();
        var w = Math.Max(1, Math.Min(window, n));
        var smoothed = series.Select(y => SeriesMath.MovingAverage(y, w)).ToList();
        double[] y = new double[n], ma = new double[n], lo = new double[n], hi = new double[n];
        var column = new double[series.Count];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < series.Count; k++) column[k] = series[k][i];
            y[i] = column.Average();
            for (var k = 0; k < series.Count; k++) column[k] = smoothed[k][i];
            var st = SeedStatistics.Of(column);
            (ma[i], lo[i], hi[i]) = (st.Mean, st.CiLow, st.CiHigh);
        }
        var seeds = series.Count;
        var mode = run.Manifest.Mode.ToString().ToLowerInvariant();
        var data = run.Seeds[0].Notes.TryGetValue("data", out var d) && d.StartsWith("synthetic", StringComparison.Ordinal) ? ", SYNTHETIC data" : "";
        var fig = new Figure($"{title} ({mode}, {(seeds >= 2 ? $"mean of {seeds} seeds" : $"seed {run.Seeds[0].Seed}")}{data})");
        fig.Add(new LineTrace(x, y) { Name = seeds >= 2 ? "loss (mean over seeds)" : "loss", Color = Trace.Palette[0], Width = 1 });
        if (n > 0)
        {
            if (seeds >= 2) fig.Add(new BandTrace(x, lo, hi, ma) { Name = $"{w}-point moving average, 95% band", Color = Trace.Palette[1] });
            else fig.Add(new LineTrace(x, ma) { Name = $"{w}-point moving average", Color = Trace.Palette[1] });
            if (n >= 2)
            {
                var fit = SeriesMath.LinearTrend(x, y);
                fig.Add(new LineTrace([x[0], x[^1]], [fit.At(x[0]), fit.At(x[^1])])
                    { Name = $"linear trend (slope {fit.Slope:G3})", Color = Trace.Palette[2], Dash = "dash" });
            }
            var finite = y.Where(double.IsFinite).ToArray();
            var mean = finite.Length > 0 ? finite.Average() : double.NaN;
            fig.Add(new LineTrace([x[0], x[^1]], [mean, mean]) { Name = $"mean {mean:G4}", Color = Trace.Palette[3], Dash = "dot" });
        }
        fig.Axes(xLabel, "Loss");
        var sorted = y.Where(double.IsFinite).Order().ToArray();
        if (clipQuantile is { } qc && sorted.Length > 0)
        {
            var top = sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(qc * (sorted.Length - 1)))];
            if (top > 0 && top < sorted[^1])
            {
                fig.YAxis().Range = (Math.Min(0, sorted[0]), 1.2 * top);
                fig.YAxis().Title = $"Loss (axis to 1.2 x p{qc * 100:0.#}; max {sorted[^1]:G3})";
            }
        }
        return fig;
    }

    /// <summary>
    /// Precision and recall of "like" and the first recommendation's hit rate per model on the held-out rows (left) and
    /// the training rows (right), as bars with 95% intervals over seeds (from the run's summary statistics).
    /// </summary>
    public static Figure Evaluation(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stats = ReadStatistics(run);
        var fig = new Figure($"Seed 000 evaluation ({run.Manifest.Mode.ToString().ToLowerInvariant()} agents, {run.Seeds.Count} seed(s), 95% CI)", 1, 2)
        {
            Width = 1100,
            LegendBelow = true,
        };
        string[] metrics = ["precision", "recall", "hit_rate"];
        var models = QLearningDqnEvaluationExperiment.Models.Where(m => stats.ContainsKey($"{m}_test_precision")).ToArray();
        for (var c = 0; c < 2; c++)
        {
            var split = c == 0 ? "test" : "train";
            for (var k = 0; k < models.Length; k++)
            {
                var values = metrics.Select(m => stats.TryGetValue($"{models[k]}_{split}_{m}", out var s) ? s.Mean : double.NaN).ToArray();
                var errors = metrics.Select(m => stats.TryGetValue($"{models[k]}_{split}_{m}", out var s) && double.IsFinite(s.HalfWidth) ? s.HalfWidth : 0).ToArray();
                fig.Add(new BarTrace(metrics, values) { Name = ModelLabel(models[k]), Errors = errors, Color = Trace.Palette[k], LegendGroup = models[k], ShowLegend = c == 0 }, 1, c + 1);
            }
            fig.SubplotTitle(1, c + 1, c == 0 ? "held-out rows" : "training rows");
            fig.Axes(1, c + 1, x: null, y: "value");
        }
        return fig;
    }

    /// <summary>The summary statistics of a run: from its summary.json when present, else computed from the seeds' summaries.</summary>
    public static OrderedDictionary<string, SummaryStatistic> ReadStatistics(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (File.Exists(Path.Combine(run.Directory, "summary.json"))) return RunReader.ReadStatistics(run.Directory);
        var result = new OrderedDictionary<string, SummaryStatistic>(StringComparer.Ordinal);
        foreach (var key in run.Seeds[0].Summary.Keys)
            if (run.Seeds.All(s => s.Summary.ContainsKey(key)))
                result[key] = SeedStatistics.Of(run.Seeds.Select(s => s.Summary[key]).ToArray());
        return result;
    }

    private static string ModelLabel(string model) => model switch
    {
        "q" => "Q-learning",
        "dqn" => "Dueling DQN",
        "random" => "random",
        "popularity" => "popularity (Rank)",
        _ => model,
    };
}
