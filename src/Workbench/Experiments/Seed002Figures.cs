using System.Globalization;
using Workbench.Evaluation;
using Workbench.Experiments.Reproduction;
using Workbench.Plotting;

namespace Workbench.Experiments;

/// <summary>
/// Seeds 002/004's figures, redrawn from <c>ddpg</c> run directories read back with <see cref="RunReader"/> (never from
/// training in memory): the seed's TensorBoard scalars per episode (reward, critic loss, max Q; summed over the
/// episode's updates as the seed sums them), its "Skip rate" bar chart (RL vs the data's skip rate), list diversity,
/// and the challenge's mean average accuracy and first-prediction accuracy of the agent used as a skip predictor
/// beside the random, always-skip and first-half-majority baselines. With several seeds lines are means with a
/// pointwise 95% Student-t band and bars carry 95% intervals.
/// </summary>
public static class Seed002Figures
{
    private const string FaithfulColor = "#d62728";
    private const string CorrectedColor = "#1f77b4";
    private const string DataColor = "#7f7f7f";

    /// <summary>
    /// The figures of a faithful run and, when given, a corrected run: <c>training_faithful</c>,
    /// <c>training_corrected</c>, <c>skip_rate</c>, <c>diversity</c>, <c>accuracy</c>.
    /// </summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(RunData faithful, RunData? corrected = null)
    {
        ArgumentNullException.ThrowIfNull(faithful);
        var runs = new List<(string Label, RunData Run, string Color)> { ("faithful", faithful, FaithfulColor) };
        if (corrected is not null) runs.Add(("corrected", corrected, CorrectedColor));
        var figures = new List<NamedFigure>();
        foreach (var (label, run, color) in runs) figures.Add(new NamedFigure("training_" + label, Training(run, label, color)));
        figures.Add(new NamedFigure("skip_rate", SkipRate(runs)));
        figures.Add(new NamedFigure("diversity", Diversity(runs)));
        figures.Add(new NamedFigure("accuracy", Accuracy(runs)));
        return figures;
    }

    /// <summary>
    /// The runs <c>workbench reproduce ddpg</c> needs: faithful and corrected, full budgets from the mode defaults, quick
    /// budgets small enough for CI (a few episodes, few embedding epochs).
    /// </summary>
    public static IReadOnlyList<ReproductionRun> Runs { get; } =
    [
        new("ddpg", RunMode.Faithful, "", [], ["episodes=2", "rounds=30", "batch-size=16", "embedding-epochs=10"]),
        new("ddpg", RunMode.Corrected, "", [], ["episodes=3", "rounds=30", "batch-size=16", "embedding-epochs=10"]),
    ];

    /// <summary>The figure set over <see cref="Runs"/> (keys <c>ddpg/faithful</c> and <c>ddpg/corrected</c>).</summary>
    public static IFigureSet FigureSet { get; } = new FigureSet("ddpg", ["ddpg/faithful", "ddpg/corrected"],
        runs => BuildFigures(runs["ddpg/faithful"], runs["ddpg/corrected"]));

    /// <summary>Reads the run directories and builds <see cref="BuildFigures(RunData, RunData?)"/>.</summary>
    public static IReadOnlyList<NamedFigure> BuildFigures(string faithfulDirectory, string? correctedDirectory = null) =>
        BuildFigures(RunReader.Read(faithfulDirectory), correctedDirectory is null ? null : RunReader.Read(correctedDirectory));

    /// <summary>The seed's three training scalars per episode, one subplot each.</summary>
    public static Figure Training(RunData run, string label, string color = FaithfulColor)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tables = Tables(run, "episodes");
        var x = tables[0]["episode"].ToArray();
        var fig = new Figure($"Seeds 002/004 ({label}): training per episode{Caption(run)}", 3, 1) { LegendBelow = true, Height = 800 };
        (string Column, string Title, string Y)[] panels =
        [
            ("reward", "episode reward (sum of the simulator's rewards over the rounds)", "reward"),
            ("critic_loss", "critic loss (sum over the episode's updates)", "MSE"),
            ("max_q", "max Q (sum over the episode's updates of the batch maximum)", "Q"),
        ];
        for (var i = 0; i < panels.Length; i++)
        {
            var series = tables.Select(t => t[panels[i].Column].ToArray()).ToList();
            AddBand(fig, x, series, panels[i].Column, color, i + 1, 1, i == 0);
            fig.SubplotTitle(i + 1, 1, panels[i].Title);
            fig.Axes(i + 1, 1, i == panels.Length - 1 ? "episode" : null, panels[i].Y);
        }
        return fig;
    }

    /// <summary>The seed's "Skip rate" bar chart: the recommended tracks' skip rate per mode beside the data's, in percent.</summary>
    public static Figure SkipRate(IReadOnlyList<(string Label, RunData Run, string Color)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var fig = new Figure($"Seeds 002/004: skip rate of recommended tracks found in the held-out session{Caption(runs[0].Run)}") { ShowLegend = false };
        var names = new List<string>();
        var values = new List<double>();
        var errors = new List<double>();
        foreach (var (label, run, _) in runs)
        {
            var st = Stat(run, "skip_rate_agent");
            names.Add($"RL ({label})");
            values.Add(100 * st.Mean);
            errors.Add(100 * HalfWidth(st));
        }
        var data = Stat(runs[0].Run, "skip_rate_data");
        names.Add("data (\"traditional methods\")");
        values.Add(100 * data.Mean);
        errors.Add(100 * HalfWidth(data));
        var colors = runs.Select(r => r.Color).Append(DataColor).ToList();
        for (var i = 0; i < names.Count; i++) fig.Add(new BarTrace([names[i]], [values[i]]) { Name = names[i], Color = colors[i], Errors = [errors[i]] });
        fig.Axes(null, "skip rate (%)");
        fig.YAxis().Range = (0, 100);
        return fig;
    }

    /// <summary>Mean list diversity (1 - mean pairwise cosine of the recommended tracks' embeddings) per mode.</summary>
    public static Figure Diversity(IReadOnlyList<(string Label, RunData Run, string Color)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var fig = new Figure($"Seeds 002/004: diversity of the recommended lists{Caption(runs[0].Run)}") { ShowLegend = false };
        foreach (var (label, run, color) in runs)
        {
            var st = Stat(run, "diversity_agent");
            fig.Add(new BarTrace([label], [st.Mean]) { Name = label, Color = color, Errors = [HalfWidth(st)] });
        }
        fig.Axes(null, "1 - mean pairwise cosine");
        return fig;
    }

    /// <summary>The challenge's metrics on the held-out second halves: agent and baselines, per mode, with 95% intervals.</summary>
    public static Figure Accuracy(IReadOnlyList<(string Label, RunData Run, string Color)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var fig = new Figure($"Seeds 002/004 as skip prediction (second half of every held-out session){Caption(runs[0].Run)}", 1, 2) { LegendBelow = true };
        string[] keys = ["agent", "random", "all_skip", "history"];
        string[] names = ["DDPG actor scores", "random", "always skip", "first-half majority"];
        foreach (var (label, run, color) in runs)
            foreach (var (prefix, col) in new[] { ("aa_", 1), ("first_acc_", 2) })
            {
                var stats = keys.Select(k => Stat(run, prefix + k)).ToArray();
                fig.Add(new BarTrace(names, stats.Select(s => s.Mean).ToArray())
                {
                    Name = label, Color = color, LegendGroup = label, ShowLegend = col == 1, Errors = stats.Select(HalfWidth).ToArray(),
                }, 1, col);
            }
        fig.SubplotTitle(1, 1, "mean average accuracy");
        fig.SubplotTitle(1, 2, "first-prediction accuracy");
        fig.Axes(1, 1, null, "accuracy", yRange: (0, 1));
        fig.Axes(1, 2, null, "accuracy", yRange: (0, 1));
        return fig;
    }

    private static SummaryStatistic Stat(RunData run, string key)
    {
        var values = run.Seeds.Select(s => s.Summary.TryGetValue(key, out var v) ? v : double.NaN).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? new SummaryStatistic(0, double.NaN, double.NaN, double.NaN, double.NaN) : SeedStatistics.Of(values);
    }

    private static double HalfWidth(SummaryStatistic s) => double.IsFinite(s.HalfWidth) ? s.HalfWidth : 0;

    private static List<MetricTable> Tables(RunData run, string name)
    {
        if (run.Seeds.Count == 0) throw new WorkbenchException($"{run.Directory}: the run has no seeds");
        return run.Seeds.Select(s => s.Tables.TryGetValue(name, out var t) ? t
            : throw new WorkbenchException($"{run.Directory}: seed {s.Seed} has no '{name}' table (not a ddpg run?)")).ToList();
    }

    private static void AddBand(Figure fig, double[] x, List<double[]> series, string name, string color, int row, int col, bool legend)
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
        var xs = x.AsSpan(0, n).ToArray();
        if (series.Count > 1)
            fig.Add(new BandTrace(xs, lo, hi, mean) { Name = name + " (mean, 95% band)", Color = color, ShowLegend = legend }, row, col);
        else fig.Add(new LineTrace(xs, mean) { Name = name, Color = color, Markers = true, ShowLegend = legend }, row, col);
    }

    private static string Caption(RunData run) =>
        run.Seeds.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({run.Seeds.Count} seeds)") : "";
}
