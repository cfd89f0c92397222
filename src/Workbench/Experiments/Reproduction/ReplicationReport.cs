using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Evaluation;
using Workbench.Plotting;

namespace Workbench.Experiments.Reproduction;

/// <summary>What the run files say about a published claim.</summary>
public enum ClaimVerdict
{
    /// <summary>The faithful run gives what the seed published (within the stated tolerance).</summary>
    Reproduced,

    /// <summary>Part of the claim holds (for example the shape but not the level, or one of two comparisons).</summary>
    Partly,

    /// <summary>The runs contradict the claim.</summary>
    NotReproduced,

    /// <summary>The claim cannot be checked: the data or the numbers it rests on were never published or are lost.</summary>
    NotReproducible,

    /// <summary>A run the claim needs is not in the results folder (or lacks a number the claim reads).</summary>
    NotRun,
}

/// <summary>What a claim's evaluation computed from the run files.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Faithful">What the faithful run(s) give, in words and numbers (mean [95% CI] over seeds).</param>
/// <param name="Corrected">What the corrected run(s) give.</param>
/// <param name="Finding">An optional computed sentence appended to the claim's reason.</param>
public sealed record ClaimOutcome(ClaimVerdict Verdict, string Faithful, string Corrected, string? Finding = null);

/// <summary>
/// One published claim of a seed, as data and code: what was published, which runs check it, why it
/// reproduces or not (<paramref name="Reason"/>, from SEEDS.md) and the evaluation that computes the verdict from
/// the run files.
/// </summary>
/// <param name="Seed">The seed ("000", "001", "002", "003").</param>
/// <param name="Id">A short unique id, for example "000-loss-q".</param>
/// <param name="Claim">The claim in a few words.</param>
/// <param name="Published">The claim as published: a quote of the README or the figure it shows (SEEDS.md).</param>
/// <param name="Requires">Run keys (<see cref="ReproductionRun.Key"/>) the evaluation reads; the verdict is <see cref="ClaimVerdict.NotRun"/> unless all exist.</param>
/// <param name="Reason">Why, in words: what the seed's code really does.</param>
/// <param name="Evaluate">Computes the outcome from the runs (only called when every required run exists).</param>
public sealed record ReplicationClaim(string Seed, string Id, string Claim, string Published, IReadOnlyList<string> Requires, string Reason,
    Func<ReplicationRuns, ClaimOutcome> Evaluate);

/// <summary>A key figure of the report: a figure of one of the plan's figure sets.</summary>
/// <param name="Seed">The seed it belongs to.</param>
/// <param name="Set">The figure set's name (<see cref="IFigureSet.Name"/>).</param>
/// <param name="Figure">The figure's name in the set, or the end of it.</param>
public sealed record KeyFigure(string Seed, string Set, string Figure);

/// <summary>One row of the replication report.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Id">The claim's id.</param>
/// <param name="Claim">The claim in a few words.</param>
/// <param name="Published">As published.</param>
/// <param name="Faithful">What the faithful run gives.</param>
/// <param name="Corrected">What the corrected run gives.</param>
/// <param name="Verdict">The computed verdict.</param>
/// <param name="Reason">The reason in words (with the computed finding, when any).</param>
public sealed record ReplicationRow(string Seed, string Id, string Claim, string Published, string Faithful, string Corrected, ClaimVerdict Verdict, string Reason);

/// <summary>
/// The run directories of a results folder (<c>OUT/&lt;experiment&gt;/&lt;mode&gt;[-&lt;label&gt;]</c>, as
/// <see cref="ReproductionEngine"/> writes them), read lazily and cached, with the helpers claims use: summary
/// statistics (mean, 95% CI) from <see cref="RunReader.ReadStatistics"/>, per-seed values and tables from
/// <see cref="RunReader.Read"/>.
/// </summary>
public sealed class ReplicationRuns
{
    private readonly Dictionary<string, RunData> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderedDictionary<string, SummaryStatistic>> _stats = new(StringComparer.Ordinal);

    /// <summary>Reads runs below <paramref name="directory"/>.</summary>
    public ReplicationRuns(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The results folder.</summary>
    public string Directory { get; }

    /// <summary>The folder of run <paramref name="key"/>.</summary>
    public string PathOf(string key) => Path.Combine(Directory, key.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Whether run <paramref name="key"/> exists (its manifest.json and summary.json are there).</summary>
    public bool Has(string key) => File.Exists(Path.Combine(PathOf(key), "manifest.json")) && File.Exists(Path.Combine(PathOf(key), "summary.json"));

    /// <summary>Run <paramref name="key"/> read back (cached).</summary>
    public RunData Run(string key)
    {
        if (!_runs.TryGetValue(key, out var run)) _runs[key] = run = RunReader.Read(PathOf(key));
        return run;
    }

    /// <summary>The summary statistics of run <paramref name="key"/> (cached).</summary>
    public OrderedDictionary<string, SummaryStatistic> Statistics(string key)
    {
        if (!_stats.TryGetValue(key, out var s)) _stats[key] = s = RunReader.ReadStatistics(PathOf(key));
        return s;
    }

    /// <summary>Whether run <paramref name="key"/>'s summary has <paramref name="name"/>.</summary>
    public bool HasStat(string key, string name) => Statistics(key).ContainsKey(name);

    /// <summary>Summary statistic <paramref name="name"/> of run <paramref name="key"/>; a clear error listing the keys when absent.</summary>
    public SummaryStatistic Stat(string key, string name) =>
        Statistics(key).TryGetValue(name, out var s) ? s
            : throw new WorkbenchException($"{PathOf(key)}/summary.json: no statistic '{name}'; it has: {string.Join(", ", Statistics(key).Keys)}");

    /// <summary>The per-seed values of summary key <paramref name="name"/>, in seed order.</summary>
    public double[] PerSeed(string key, string name) =>
        Run(key).Seeds.Select(s => s.Summary.TryGetValue(name, out var v) ? v
            : throw new WorkbenchException($"{PathOf(key)}: seed {s.Seed} has no summary value '{name}'")).ToArray();

    /// <summary>The statistic over seeds of <paramref name="perSeed"/> computed from each seed's data of run <paramref name="key"/>.</summary>
    public SummaryStatistic OverSeeds(string key, Func<SeedData, double> perSeed) =>
        SeedStatistics.Of(Run(key).Seeds.Select(perSeed).ToArray());

    /// <summary>
    /// The paired difference a - b over seeds (seed i of run <paramref name="keyA"/> against seed i of run
    /// <paramref name="keyB"/>; the runs must have the same seeds).
    /// </summary>
    public SummaryStatistic Paired(string keyA, string nameA, string keyB, string nameB)
    {
        var seedsA = Run(keyA).Manifest.Seeds;
        var seedsB = Run(keyB).Manifest.Seeds;
        if (!seedsA.SequenceEqual(seedsB))
            throw new WorkbenchException($"{keyA} and {keyB} have different seeds ({string.Join(",", seedsA)} vs {string.Join(",", seedsB)}): no paired comparison");
        return SeedStatistics.PairedDifference(PerSeed(keyA, nameA), PerSeed(keyB, nameB));
    }

    /// <summary>The number of training episodes run <paramref name="key"/> was run with (from its manifest's options).</summary>
    public int Episodes(string key) =>
        Run(key).Manifest.Options.TryGetProperty("episodes", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : 0;

    /// <summary>The number of seeds of run <paramref name="key"/>.</summary>
    public int SeedCount(string key) => Run(key).Seeds.Count;

    /// <summary>Whether run <paramref name="key"/> ran on synthetic data (its first seed's "data" note says so).</summary>
    public bool Synthetic(string key) =>
        Run(key).Seeds.Count > 0 && Run(key).Seeds[0].Notes.TryGetValue("data", out var d) && d.StartsWith("synthetic", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The replication report: every published claim of the seeds (<see cref="ReplicationClaims.All"/>) beside what
/// the faithful and the corrected runs give, with a verdict computed from the run files and the reason in words.
/// Rendered as rows, as a <see cref="Table"/> (HTML in notebooks) and as markdown.
/// </summary>
public static class ReplicationReport
{
    /// <summary>Evaluates <paramref name="claims"/> (default: <see cref="ReplicationClaims.All"/>) against the runs in <paramref name="resultsDirectory"/>.</summary>
    public static IReadOnlyList<ReplicationRow> Evaluate(string resultsDirectory, IEnumerable<ReplicationClaim>? claims = null) =>
        Evaluate(new ReplicationRuns(resultsDirectory), claims);

    /// <summary>
    /// Evaluates <paramref name="claims"/> against <paramref name="runs"/>. A claim whose runs are missing gets
    /// <see cref="ClaimVerdict.NotRun"/> naming them; one whose run lacks a number it reads gets
    /// <see cref="ClaimVerdict.NotRun"/> with the message (an older run, or a quick run that skipped that part).
    /// </summary>
    public static IReadOnlyList<ReplicationRow> Evaluate(ReplicationRuns runs, IEnumerable<ReplicationClaim>? claims = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = new List<ReplicationRow>();
        foreach (var c in claims ?? ReplicationClaims.All)
        {
            var missing = c.Requires.Where(k => !runs.Has(k)).ToList();
            if (missing.Count > 0)
            {
                var text = "not run (" + string.Join(", ", missing) + ")";
                rows.Add(new ReplicationRow(c.Seed, c.Id, c.Claim, c.Published,
                    missing.Any(k => k.Contains("/faithful", StringComparison.Ordinal)) ? text : "see corrected",
                    missing.Any(k => k.Contains("/corrected", StringComparison.Ordinal)) ? text : "see faithful",
                    ClaimVerdict.NotRun, c.Reason));
                continue;
            }
            ClaimOutcome o;
            try
            {
                o = c.Evaluate(runs);
            }
            catch (Exception e) when (e is WorkbenchException or KeyNotFoundException or DataFormatException)
            {
                o = new ClaimOutcome(ClaimVerdict.NotRun, "not evaluated: " + e.Message, "", null);
            }
            var reason = o.Finding is { Length: > 0 } f ? c.Reason + " " + f : c.Reason;
            rows.Add(new ReplicationRow(c.Seed, c.Id, c.Claim, c.Published, o.Faithful, o.Corrected, o.Verdict, reason));
        }
        return rows;
    }

    /// <summary>The verdict in words: "reproduced", "partly", "not reproduced", "not reproducible: missing data", "not run".</summary>
    public static string Text(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Reproduced => "reproduced",
        ClaimVerdict.Partly => "partly",
        ClaimVerdict.NotReproduced => "not reproduced",
        ClaimVerdict.NotReproducible => "not reproducible: missing data",
        ClaimVerdict.NotRun => "not run",
        _ => verdict.ToString(),
    };

    /// <summary>The rows as a <see cref="Table"/> (seed, claim, published, faithful, corrected, verdict, reason).</summary>
    public static Table ToTable(IEnumerable<ReplicationRow> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var t = new Table("seed", "claim", "published", "faithful run", "corrected run", "verdict", "why") { Caption = caption };
        foreach (var r in rows) t.AddRow(r.Seed, r.Claim, r.Published, r.Faithful, r.Corrected, Text(r.Verdict), r.Reason);
        return t;
    }

    /// <summary>The rows as a markdown table (pipes and line breaks in cells escaped).</summary>
    public static string ToMarkdown(IEnumerable<ReplicationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append("| seed | claim | published | faithful run | corrected run | verdict | why |\n");
        sb.Append("|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
        {
            sb.Append("| ").AppendJoin(" | ", new[] { r.Seed, r.Claim, r.Published, r.Faithful, r.Corrected, "**" + Text(r.Verdict) + "**", r.Reason }.Select(Cell))
                .Append(" |\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// One conclusion per seed, computed from its rows' verdicts: the counts per verdict and the claims in each,
    /// for example "Seed 002: 1 of 4 claims reproduced (...); not reproduced: ...".
    /// </summary>
    public static IReadOnlyList<(string Seed, string Conclusion)> Conclusions(IEnumerable<ReplicationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new List<(string, string)>();
        foreach (var g in rows.GroupBy(r => r.Seed))
        {
            var list = g.ToList();
            var parts = new List<string>();
            foreach (var v in Enum.GetValues<ClaimVerdict>())
            {
                var those = list.Where(r => r.Verdict == v).ToList();
                if (those.Count > 0) parts.Add($"{Text(v)}: {those.Count} ({string.Join("; ", those.Select(r => r.Claim))})");
            }
            var reproduced = list.Count(r => r.Verdict == ClaimVerdict.Reproduced);
            var headline = list.All(r => r.Verdict == ClaimVerdict.NotRun) ? "no runs yet"
                : reproduced == list.Count ? "every claim reproduced"
                : reproduced == 0 && list.All(r => r.Verdict is not ClaimVerdict.Partly) ? "no claim reproduced"
                : $"{reproduced} of {list.Count} claims reproduced";
            result.Add((g.Key, $"Seed {g.Key}: {headline}. " + string.Join(". ", parts) + "."));
        }
        return result;
    }

    /// <summary>The conclusions as a <see cref="Table"/> (seed, conclusion).</summary>
    public static Table ConclusionTable(IEnumerable<ReplicationRow> rows)
    {
        var t = new Table("seed", "conclusion");
        foreach (var (seed, text) in Conclusions(rows)) t.AddRow(seed, text);
        return t;
    }

    /// <summary>
    /// The key figures of the report (default: <see cref="ReproductionCatalog.KeyFigures"/>), drawn from the runs in
    /// <paramref name="resultsDirectory"/> through the plan's figure sets (default: <see cref="ReproductionCatalog.Default"/>).
    /// A figure is chosen by its set and its name (or the end of its name, so "-03-average-q" finds
    /// "faithful-50000-03-average-q" whatever the episode count); sets whose runs are missing are left out.
    /// Only the seeds in <paramref name="seeds"/> when given.
    /// </summary>
    public static IReadOnlyList<(string Seed, NamedFigure Figure)> KeyFigures(string resultsDirectory, IEnumerable<string>? seeds = null,
        ReproductionPlan? plan = null, IEnumerable<KeyFigure>? keys = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultsDirectory);
        plan ??= ReproductionCatalog.Default;
        var only = seeds?.ToHashSet(StringComparer.Ordinal);
        var runs = new ReplicationRuns(resultsDirectory);
        var built = new Dictionary<string, IReadOnlyList<NamedFigure>?>(StringComparer.Ordinal);
        var result = new List<(string, NamedFigure)>();
        foreach (var key in keys ?? ReproductionCatalog.KeyFigures)
        {
            if (only is not null && !only.Contains(key.Seed)) continue;
            if (!built.TryGetValue(key.Set, out var figures))
            {
                var set = plan.FiguresOf("all").FirstOrDefault(f => f.Name == key.Set);
                figures = set is null || !set.Requires.All(runs.Has) ? null
                    : set.Build(set.Requires.ToDictionary(k => k, runs.Run, StringComparer.Ordinal));
                built[key.Set] = figures;
            }
            var figure = figures?.FirstOrDefault(f => f.Name == key.Figure) ?? figures?.FirstOrDefault(f => f.Name.EndsWith(key.Figure, StringComparison.Ordinal));
            if (figure is not null) result.Add((key.Seed, figure));
        }
        return result;
    }

    /// <summary>Writes the markdown report (claims table and conclusions) to <paramref name="path"/>, atomically.</summary>
    public static void WriteMarkdown(string path, IReadOnlyList<ReplicationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("# Replication report\n\n");
        sb.Append(ToMarkdown(rows)).Append('\n');
        foreach (var (_, text) in Conclusions(rows)) sb.Append("- ").Append(Cell(text)).Append('\n');
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
