using System.Globalization;
using Workbench.Evaluation;
using Workbench.Plotting;

namespace Workbench.Experiments;

/// <summary>One multi-seed run of seed 001 read back from its run directory: agent, mode, episodes and every seed's result.</summary>
/// <param name="Agent">"ah-dqn" or "dqn".</param>
/// <param name="Mode">Faithful or corrected.</param>
/// <param name="Episodes">Training episodes per seed.</param>
/// <param name="Seeds">Each seed's tables and summary.</param>
public sealed record Seed001Run(string Agent, RunMode Mode, int Episodes, IReadOnlyList<ExperimentResult> Seeds)
{
    /// <summary>Reads a run directory written by <c>workbench train ah-dqn|dqn --out DIR</c> (<see cref="RunReader"/>).</summary>
    public static Seed001Run FromDirectory(string directory)
    {
        var data = RunReader.Read(directory);
        var m = data.Manifest;
        var results = data.Seeds.Select(ToResult).ToList();
        if (results.Count == 0) throw new WorkbenchException($"{directory}: the run has no seeds");
        var episodes = results[0].Tables.TryGetValue("episodes", out var t) ? t.RowCount : 0;
        return new Seed001Run(m.Experiment, m.Mode, episodes, results);
    }

    /// <summary>An <see cref="ExperimentResult"/> holding a seed's tables, summary and notes as read back.</summary>
    public static ExperimentResult ToResult(SeedData seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var r = new ExperimentResult();
        foreach (var (k, v) in seed.Tables) r.Tables[k] = v;
        foreach (var (k, v) in seed.Summary) r.Summary[k] = v;
        foreach (var (k, v) in seed.Notes) r.Notes[k] = v;
        return r;
    }

    /// <summary>Mean and 95% Student-t interval over seeds of a summary key (NaN when absent).</summary>
    public SummaryStatistic Statistic(string key)
    {
        var values = Seeds.Where(s => s.Summary.ContainsKey(key)).Select(s => s.Summary[key]).ToArray();
        return values.Length == 0 ? new SummaryStatistic(0, double.NaN, double.NaN, double.NaN, double.NaN) : SeedStatistics.Of(values);
    }

    /// <summary>"AH-DQN" or "DQN".</summary>
    public string Label => Agent == "ah-dqn" ? "AH-DQN" : "DQN";
}

/// <summary>
/// Seed 001's published figures, redrawn from run directories with AH-DQN and DQN side by side (left and right),
/// each curve the mean over seeds with its 95% band: total reward, loss, average target Q and epsilon against
/// episodes; histograms of reward, loss and the recommended song index; per-step reward ("preference alignment");
/// and a ninth, the evaluation the seed never made: the greedy reward on held-out users as a fraction of the
/// oracle's, along training. <see cref="SummaryFigure"/> and <see cref="ColdStartFigure"/> compare all runs.
/// </summary>
public static class Seed001Figures
{
    private const string AhColor = "#1f77b4";
    private const string DqnColor = "#d62728";

    /// <summary>The nine figures for one mode and episode count (named e.g. <c>faithful-1000-01-total-reward</c>).</summary>
    public static IReadOnlyList<(string Name, Figure Figure)> BuildFigures(Seed001Run ahDqn, Seed001Run dqn)
    {
        ArgumentNullException.ThrowIfNull(ahDqn);
        ArgumentNullException.ThrowIfNull(dqn);
        var mode = ahDqn.Mode.ToString().ToLowerInvariant();
        var prefix = $"{mode}-{ahDqn.Episodes}";
        var caption = $"{mode}, {ahDqn.Episodes:N0} episodes, {ahDqn.Seeds.Count} seeds{DataCaption(ahDqn)}";
        var smooth = Math.Max(1, ahDqn.Episodes / 100);
        var list = new List<(string, Figure)>
        {
            ($"{prefix}-01-total-reward", Curves(ahDqn, dqn, "episodes", "reward", $"Episode vs total reward ({caption}; moving average of {smooth})", "total reward", smooth)),
            ($"{prefix}-02-loss", Curves(ahDqn, dqn, "episodes", "loss", $"Episode vs loss ({caption}; moving average of {smooth})", "loss", smooth, logY: mode == "faithful")),
            ($"{prefix}-03-average-q", Curves(ahDqn, dqn, "episodes", "avg_q", $"Episode vs average target Q ({caption})", "average Q-value", 1, logY: mode == "faithful")),
            ($"{prefix}-04-epsilon", Curves(ahDqn, dqn, "episodes", "epsilon", $"Epsilon decay ({caption})", "epsilon", 1)),
            ($"{prefix}-05-reward-histogram", Histograms(ahDqn, dqn, "reward", $"Reward distribution ({caption})", "total reward", 50)),
            ($"{prefix}-06-loss-histogram", Histograms(ahDqn, dqn, "loss", $"Loss distribution ({caption})", "loss", 50)),
            ($"{prefix}-07-action-histogram", Histograms(ahDqn, dqn, "action", $"Action distribution ({caption})", "song index", 100)),
            ($"{prefix}-08-preference-alignment", Curves(ahDqn, dqn, "episodes", "alignment", $"Preference alignment over time ({caption}; moving average of {smooth})", "reward per step", smooth)),
            ($"{prefix}-09-held-out-reward-ratio", Curves(ahDqn, dqn, "eval", "eval_reward_ratio", $"Greedy reward / oracle on held-out users ({caption})", "eval_reward_ratio", 1, randomColumn: "random_reward_ratio")),
        };
        return list;
    }

    private static string DataCaption(Seed001Run run) =>
        run.Seeds[0].Notes.TryGetValue("data", out var d) && d.StartsWith("synthetic", StringComparison.Ordinal) ? ", SYNTHETIC songs" : "";

    private static Figure SideBySide(string title)
    {
        var f = new Figure(title, rows: 1, columns: 2) { Height = 420, Width = 1100, LegendBelow = true };
        f.SubplotTitle(1, 1, "AH-DQN");
        f.SubplotTitle(1, 2, "DQN");
        return f;
    }

    /// <summary>Mean and 95% band over seeds of one column (each seed smoothed by a trailing moving average first).</summary>
    private static Figure Curves(Seed001Run ah, Seed001Run dqn, string table, string column, string title, string yTitle, int smooth,
        bool logY = false, string? randomColumn = null)
    {
        var f = SideBySide(title);
        var col = 1;
        foreach (var (run, color) in new[] { (ah, AhColor), (dqn, DqnColor) })
        {
            var (x, mean, lo, hi) = Band(run, table, column, smooth);
            if (x.Length > 0)
            {
                if (logY)
                {
                    // A log axis cannot show values <= 0 (the episodes before the first replay): clip the band.
                    for (var i = 0; i < x.Length; i++)
                    {
                        if (!(lo[i] > 0)) lo[i] = double.NaN;
                        if (!(mean[i] > 0)) mean[i] = double.NaN;
                        if (!(hi[i] > 0)) hi[i] = double.NaN;
                    }
                }
                f.Add(new BandTrace(x, lo, hi, mean) { Name = $"{run.Label} (mean, 95% band)", Color = color }, 1, col);
                if (randomColumn is not null)
                {
                    var (rx, rmean, _, _) = Band(run, table, randomColumn, 1);
                    f.Add(new LineTrace(rx, rmean) { Name = "random recommendation", Color = "#7f7f7f", Dash = "dash", ShowLegend = col == 1 }, 1, col);
                }
            }
            f.Axes(1, col, x: table == "eval" ? "episode" : "episodes", y: yTitle, logY: logY ? true : null);
            col++;
        }
        return f;
    }

    private static (double[] X, double[] Mean, double[] Lo, double[] Hi) Band(Seed001Run run, string table, string column, int smooth)
    {
        var tables = run.Seeds.Where(s => s.Tables.ContainsKey(table) && s.Tables[table].HasColumn(column)).Select(s => s.Tables[table]).ToList();
        if (tables.Count == 0) return ([], [], [], []);
        var rows = tables.Min(t => t.RowCount);
        var series = tables.Select(t => smooth > 1 ? SeriesMath.MovingAverage(t[column].Values[..rows], smooth) : t[column].Values[..rows].ToArray()).ToList();
        var xs = tables[0].HasColumn("episode") ? tables[0]["episode"].Values[..rows].ToArray() : Enumerable.Range(1, rows).Select(i => (double)i).ToArray();
        double[] mean = new double[rows], lo = new double[rows], hi = new double[rows];
        var v = new double[series.Count];
        for (var r = 0; r < rows; r++)
        {
            for (var s = 0; s < series.Count; s++) v[s] = series[s][r];
            var st = series.Count > 1 ? SeedStatistics.Of(v) : new SummaryStatistic(1, v[0], 0, v[0], v[0]);
            mean[r] = st.Mean;
            lo[r] = series.Count > 1 ? st.CiLow : v[0];
            hi[r] = series.Count > 1 ? st.CiHigh : v[0];
        }
        return (xs, mean, lo, hi);
    }

    /// <summary>Histograms pooled over seeds (probability per bin), AH-DQN left, DQN right.</summary>
    private static Figure Histograms(Seed001Run ah, Seed001Run dqn, string column, string title, string xTitle, int bins)
    {
        var f = SideBySide(title);
        var col = 1;
        foreach (var (run, color) in new[] { (ah, AhColor), (dqn, DqnColor) })
        {
            var values = run.Seeds.SelectMany(s => s.Tables["episodes"][column].ToArray())
                .Where(v => column != "loss" || v > 0).ToArray(); // the seed records loss 0 before the first replay
            if (values.Length > 0)
                f.Add(new HistogramTrace(values) { Name = $"{run.Label} ({run.Seeds.Count} seeds pooled)", Color = color, Bins = bins, Norm = HistogramNorm.Probability }, 1, col);
            f.Axes(1, col, x: xTitle, y: "fraction of episodes");
            if (column == "loss") f.XAxis(1, col).Log = false;
            col++;
        }
        return f;
    }

    /// <summary>
    /// <c>eval_reward_ratio</c> (mean and 95% CI over seeds) of every run, grouped by mode and episode count, with
    /// random's ratio beside it: the comparison the seed's README promised.
    /// </summary>
    public static Figure SummaryFigure(IReadOnlyList<Seed001Run> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var f = new Figure("Greedy reward / oracle reward on held-out users (mean, 95% CI over seeds)") { Height = 450, Width = 1000 };
        var groups = runs.Select(r => (r.Mode, r.Episodes)).Distinct().OrderBy(g => g.Mode).ThenBy(g => g.Episodes).ToList();
        var categories = groups.Select(g => $"{g.Mode.ToString().ToLowerInvariant()} {g.Episodes:N0}").ToArray();
        foreach (var (agent, label, color) in new[] { ("ah-dqn", "AH-DQN", AhColor), ("dqn", "DQN", DqnColor) })
        {
            var stats = groups.Select(g => runs.FirstOrDefault(r => r.Agent == agent && r.Mode == g.Mode && r.Episodes == g.Episodes)?.Statistic("eval_reward_ratio")).ToArray();
            f.Add(new BarTrace(categories, stats.Select(s => s?.Mean ?? double.NaN).ToArray())
            {
                Name = label,
                Color = color,
                Errors = stats.Select(s => s is { N: > 1 } st ? st.HalfWidth : 0).ToArray(),
            });
        }
        var random = groups.Select(g => runs.First(r => r.Mode == g.Mode && r.Episodes == g.Episodes).Statistic("random_reward_ratio").Mean).ToArray();
        f.Add(new BarTrace(categories, random) { Name = "random", Color = "#7f7f7f" });
        f.Axes("mode and training episodes", "eval_reward_ratio");
        f.YAxis().Range = (0, 1.05);
        return f;
    }

    /// <summary>Cold start (corrected runs): hit rate@K of each user's best held-out song, AH-DQN against DQN and random.</summary>
    public static Figure ColdStartFigure(IReadOnlyList<Seed001Run> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var corrected = runs.Where(r => r.Mode == RunMode.Corrected && !double.IsNaN(r.Statistic("cold_start_hit_rate").Mean)).ToList();
        var f = new Figure("Cold start: the user's best held-out song in the top 10 of 100 held-out songs (mean, 95% CI)") { Height = 450, Width = 900 };
        var episodes = corrected.Select(r => r.Episodes).Distinct().OrderBy(e => e).ToArray();
        var categories = episodes.Select(e => $"{e:N0} episodes").ToArray();
        foreach (var (agent, label, color) in new[] { ("ah-dqn", "AH-DQN (scores songs from their tags)", AhColor), ("dqn", "DQN (untrained outputs)", DqnColor) })
        {
            var stats = episodes.Select(e => corrected.FirstOrDefault(r => r.Agent == agent && r.Episodes == e)?.Statistic("cold_start_hit_rate")).ToArray();
            f.Add(new BarTrace(categories, stats.Select(s => s?.Mean ?? double.NaN).ToArray())
            {
                Name = label,
                Color = color,
                Errors = stats.Select(s => s is { N: > 1 } st ? st.HalfWidth : 0).ToArray(),
            });
        }
        if (corrected.Count > 0)
            f.Add(new BarTrace(categories, episodes.Select(e => corrected.First(r => r.Episodes == e).Statistic("cold_start_random_hit_rate").Mean).ToArray()) { Name = "random", Color = "#7f7f7f" });
        f.Axes("training", "hit rate@10");
        f.YAxis().Range = (0, 1.05);
        return f;
    }

    /// <summary>The results as a table: per run, eval_reward_ratio, random's, cold-start hit rate and final average Q (mean [95% CI]).</summary>
    public static Table SummaryTable(IReadOnlyList<Seed001Run> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var t = new Table("agent", "mode", "episodes", "seeds", "eval_reward_ratio", "random_reward_ratio", "cold_start_hit_rate", "cold_start_random", "final_avg_q", "episodes/s");
        foreach (var r in runs.OrderBy(r => r.Mode).ThenBy(r => r.Episodes).ThenBy(r => r.Agent))
            t.AddRow(r.Label, r.Mode.ToString().ToLowerInvariant(), r.Episodes, r.Seeds.Count, Ci(r.Statistic("eval_reward_ratio")),
                Fmt(r.Statistic("random_reward_ratio").Mean), Ci(r.Statistic("cold_start_hit_rate")), Fmt(r.Statistic("cold_start_random_hit_rate").Mean),
                Ci(r.Statistic("final_avg_q")), Fmt(r.Statistic("episodes_per_second").Mean));
        return t;
    }

    private static string Fmt(double v) => double.IsNaN(v) ? "-" : v.ToString(Math.Abs(v) >= 1000 ? "0.###e+0" : "0.###", CultureInfo.InvariantCulture);

    private static string Ci(SummaryStatistic s) => s.N == 0 || double.IsNaN(s.Mean) ? "-" : s.N == 1 ? Fmt(s.Mean) : $"{Fmt(s.Mean)} [{Fmt(s.CiLow)}, {Fmt(s.CiHigh)}]";

    /// <summary>
    /// Every run directory under <paramref name="runsDirectory"/> (any folder holding a manifest.json of ah-dqn or dqn),
    /// read back.
    /// </summary>
    public static IReadOnlyList<Seed001Run> ReadRuns(string runsDirectory)
    {
        if (!Directory.Exists(runsDirectory)) throw new WorkbenchException($"runs folder not found: {runsDirectory}");
        return Directory.GetDirectories(runsDirectory)
            .Where(d => File.Exists(Path.Combine(d, "manifest.json")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(Seed001Run.FromDirectory)
            .Where(r => r.Agent is "ah-dqn" or "dqn")
            .ToList();
    }

    /// <summary>All figures for a set of runs: the nine per (mode, episodes) where both agents ran, then the summary and cold-start figures.</summary>
    public static IReadOnlyList<(string Name, Figure Figure)> BuildAll(IReadOnlyList<Seed001Run> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = new List<(string, Figure)>();
        foreach (var g in runs.GroupBy(r => (r.Mode, r.Episodes)).OrderBy(g => g.Key.Mode).ThenBy(g => g.Key.Episodes))
        {
            var ah = g.FirstOrDefault(r => r.Agent == "ah-dqn");
            var dqn = g.FirstOrDefault(r => r.Agent == "dqn");
            if (ah is not null && dqn is not null) all.AddRange(BuildFigures(ah, dqn));
        }
        if (runs.Count > 0)
        {
            all.Add(("summary-eval-reward-ratio", SummaryFigure(runs)));
            all.Add(("summary-cold-start", ColdStartFigure(runs)));
        }
        return all;
    }

    /// <summary>Writes each figure as NAME.png (when <paramref name="png"/>; needs chromium) and NAME.html into <paramref name="directory"/>.</summary>
    public static void Save(IEnumerable<(string Name, Figure Figure)> figures, string directory, bool png = true, bool html = false)
    {
        ArgumentNullException.ThrowIfNull(figures);
        Directory.CreateDirectory(directory);
        foreach (var (name, fig) in figures)
        {
            if (png) fig.SavePng(Path.Combine(directory, name + ".png"), fig.Width ?? 1100, fig.Height);
            if (html) fig.SaveHtml(Path.Combine(directory, name + ".html"));
        }
    }
}
