using System.Globalization;
using Workbench.Evaluation;
using Workbench.Experiments.Reproduction;
using Workbench.Plotting;

namespace Workbench.Experiments;

/// <summary>
/// Seed 003's figures, redrawn from run directories read back with <see cref="RunReader"/> (never from
/// training in memory): the score per episode with its 100-episode average and the "solved" threshold (the
/// seed's training plot, faithful and corrected), the fraction of repeated recommendations, the catalog
/// coverage, and the greedy evaluation beside the oracle and the random policy. With several seeds, lines
/// are the mean over seeds and shaded bands the pointwise 95% Student-t interval.
/// </summary>
public static class Seed003Figures
{
    private const string FaithfulColor = "#d62728";
    private const string CorrectedColor = "#1f77b4";

    /// <summary>Run key of the faithful run in <c>workbench reproduce</c>.</summary>
    public const string FaithfulKey = "audio-dqn/faithful";

    /// <summary>Run key of the corrected run in <c>workbench reproduce</c>.</summary>
    public const string CorrectedKey = "audio-dqn/corrected";

    /// <summary>
    /// The figure set for the reproduction plan (<c>plan.AddFigures("audio-dqn", Seed003Figures.FigureSet)</c>):
    /// <see cref="BuildFigures(IReadOnlyDictionary{string, RunData})"/> over <see cref="FaithfulKey"/> and <see cref="CorrectedKey"/>.
    /// </summary>
    public static IFigureSet FigureSet { get; } = new FigureSet("seed003-audio-dqn", [FaithfulKey, CorrectedKey], BuildFigures);

    /// <summary>The figures of the runs keyed <see cref="FaithfulKey"/> and (when present) <see cref="CorrectedKey"/>.</summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(IReadOnlyDictionary<string, RunData> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (!runs.TryGetValue(FaithfulKey, out var faithful))
            throw new WorkbenchException($"seed 003's figures need the run '{FaithfulKey}'; runs: {string.Join(", ", runs.Keys)}");
        return BuildFigures(faithful, runs.TryGetValue(CorrectedKey, out var corrected) ? corrected : null);
    }

    /// <summary>
    /// The figures of a faithful run and, when given, a corrected run: <c>score_faithful</c>,
    /// <c>score_corrected</c>, <c>repeats</c>, <c>coverage</c>, <c>eval</c>.
    /// </summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(RunData faithful, RunData? corrected = null)
    {
        ArgumentNullException.ThrowIfNull(faithful);
        var runs = new List<(string Label, RunData Run, string Color)> { ("faithful", faithful, FaithfulColor) };
        if (corrected is not null) runs.Add(("corrected", corrected, CorrectedColor));
        var figures = new List<NamedFigure>();
        foreach (var (label, run, color) in runs) figures.Add(new NamedFigure("score_" + label, Score(run, label, color)));
        figures.Add(new NamedFigure("repeats", Series(runs, "repeat_fraction", 100, "Repeated recommendations (100-episode moving average)",
            "fraction of an episode's 20 songs already played in it", (0, 1))));
        figures.Add(new NamedFigure("coverage", Series(runs, "coverage", 1, "Catalog coverage during training",
            "distinct tracks recommended so far / catalog size", null)));
        figures.Add(new NamedFigure("eval", Evaluation(runs)));
        return figures;
    }

    /// <summary>Reads the two run directories and builds <see cref="BuildFigures(RunData, RunData?)"/>.</summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(string faithfulDirectory, string? correctedDirectory = null) =>
        BuildFigures(RunReader.Read(faithfulDirectory), correctedDirectory is null ? null : RunReader.Read(correctedDirectory));

    /// <summary>The seed's training figure: score per episode, its 100-episode average, the solved threshold and the maximum score.</summary>
    public static Figure Score(RunData run, string label, string color = FaithfulColor)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tables = Tables(run, "episodes");
        var x = tables[0]["episode"].ToArray();
        var summary = run.Seeds[0].Summary;
        var threshold = summary.TryGetValue("solved_threshold", out var t) ? t : double.NaN;
        var max = summary.TryGetValue("max_score", out var m) ? m : double.NaN;
        var fig = new Figure($"Seed 003 ({label}): score per episode{SeedCaption(run)}") { LegendBelow = true };
        var (scoreMean, _, _) = Band(tables.Select(tb => tb["score"].ToArray()).ToList());
        fig.Add(new LineTrace(x, scoreMean) { Name = run.Seeds.Count > 1 ? "score (mean over seeds)" : "score", Color = "#b0b0b0", Width = 1 });
        AddBand(fig, x, tables.Select(tb => tb["avg_score"].ToArray()).ToList(), "100-episode average", color, 1, 1);
        fig.Add(new LineTrace([x[0], x[^1]], [threshold, threshold])
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"solved threshold {threshold:0.##}"), Color = "#2ca02c", Dash = "dash",
        });
        fig.Add(new LineTrace([x[0], x[^1]], [max, max])
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"maximum possible score {max:0.##}"), Color = "#000000", Dash = "dot", Width = 1,
        });
        var lo = Math.Min(scoreMean.Where(double.IsFinite).DefaultIfEmpty(0).Min(), 0);
        fig.Axes(1, 1, "episode", "score (sum of 20 rewards)", yRange: (lo - 0.5, Math.Max(threshold, max) + 1));
        return fig;
    }

    private static Figure Series(List<(string Label, RunData Run, string Color)> runs, string column, int window, string title, string yTitle,
        (double, double)? yRange)
    {
        var fig = new Figure($"Seed 003: {title}{SeedCaption(runs[0].Run)}") { LegendBelow = true };
        foreach (var (label, run, color) in runs)
        {
            var tables = Tables(run, "episodes");
            var x = tables[0]["episode"].ToArray();
            var series = tables.Select(tb => window > 1 ? SeriesMath.MovingAverage(tb[column].Values, window) : tb[column].ToArray()).ToList();
            AddBand(fig, x, series, label, color, 1, 1);
        }
        fig.Axes(1, 1, "episode", yTitle, yRange: yRange);
        return fig;
    }

    private static Figure Evaluation(List<(string Label, RunData Run, string Color)> runs)
    {
        var fig = new Figure($"Seed 003: greedy evaluation after training{SeedCaption(runs[0].Run)}", 1, 2) { LegendBelow = true };
        string[] policies = ["agent", "oracle", "random"];
        string[] names = ["trained agent", "greedy-cosine oracle", "uniform random"];
        foreach (var (label, run, color) in runs)
        {
            foreach (var (metric, col) in new[] { ("eval_score", 1), ("eval_repeat_fraction", 2) })
            {
                var means = new double[policies.Length];
                var errors = new double[policies.Length];
                for (var p = 0; p < policies.Length; p++)
                {
                    var values = run.Seeds.Select(s => s.Summary.TryGetValue($"{metric}_{policies[p]}", out var v) ? v : double.NaN).ToArray();
                    var st = SeedStatistics.Of(values);
                    means[p] = st.Mean;
                    errors[p] = double.IsNaN(st.HalfWidth) ? 0 : st.HalfWidth;
                }
                fig.Add(new BarTrace(names, means) { Name = label, Color = color, Errors = errors, LegendGroup = label, ShowLegend = col == 1 }, 1, col);
            }
        }
        fig.SubplotTitle(1, 1, "mean episode score");
        fig.SubplotTitle(1, 2, "fraction of repeated songs");
        fig.Axes(1, 1, null, "score");
        fig.Axes(1, 2, null, "fraction", yRange: (0, 1));
        return fig;
    }

    private static List<MetricTable> Tables(RunData run, string name)
    {
        if (run.Seeds.Count == 0) throw new WorkbenchException($"{run.Directory}: the run has no seeds");
        return run.Seeds.Select(s => s.Tables.TryGetValue(name, out var t) ? t
            : throw new WorkbenchException($"{run.Directory}: seed {s.Seed} has no '{name}' table (not an audio-dqn run?)")).ToList();
    }

    /// <summary>Pointwise mean and 95% interval over seeds (rows beyond the shortest series are dropped).</summary>
    private static (double[] Mean, double[] Lo, double[] Hi) Band(List<double[]> series)
    {
        var n = series.Min(s => s.Length);
        var mean = new double[n];
        var lo = new double[n];
        var hi = new double[n];
        var values = new double[series.Count];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < series.Count; k++) values[k] = series[k][i];
            var st = SeedStatistics.Of(values);
            (mean[i], lo[i], hi[i]) = (st.Mean, st.CiLow, st.CiHigh);
        }
        return (mean, lo, hi);
    }

    private static void AddBand(Figure fig, double[] x, List<double[]> series, string name, string color, int row, int col)
    {
        var (mean, lo, hi) = Band(series);
        var xs = x.AsSpan(0, mean.Length).ToArray();
        if (series.Count > 1) fig.Add(new BandTrace(xs, lo, hi, mean) { Name = name + " (mean, 95% band)", Color = color }, row, col);
        else fig.Add(new LineTrace(xs, mean) { Name = name, Color = color }, row, col);
    }

    private static string SeedCaption(RunData run)
    {
        var data = run.Seeds[0].Notes.TryGetValue("data", out var d) ? d : "";
        var kind = data.Contains("synthetic", StringComparison.OrdinalIgnoreCase) ? "synthetic catalog" : "real catalog";
        var tracks = run.Seeds[0].Summary.TryGetValue("catalog_tracks", out var n) ? string.Create(CultureInfo.InvariantCulture, $"{n:N0} tracks, ") : "";
        return $" ({tracks}{kind}, {run.Seeds.Count} seed{(run.Seeds.Count == 1 ? "" : "s")})";
    }
}
