using System.Globalization;
using Workbench.Evaluation;
using Workbench.Plotting;

namespace Workbench.Experiments.Reproduction;

/// <summary>
/// The published claims of the five seeds (READMEs in ../shared/seeds, what the code does in SEEDS.md) as
/// <see cref="ReplicationClaim"/>s, one file per seed (ReplicationClaims.Seed000.cs ...), and the helpers their
/// evaluations share: numbers as "mean [95% CI]" over seeds, significance of paired differences, per-seed shapes
/// of metric tables.
/// </summary>
public static partial class ReplicationClaims
{
    private static IReadOnlyList<ReplicationClaim>? _all;

    /// <summary>Every claim, seed by seed.</summary>
    public static IReadOnlyList<ReplicationClaim> All => _all ??= [.. Seed000, .. Seed001, .. Seed002, .. Seed003];

    /// <summary>"mean [ci low, ci high]" with <paramref name="format"/> (the mean alone with one seed or when every seed gave the same value).</summary>
    public static string Format(SummaryStatistic s, string format = "G3")
    {
        var m = s.Mean.ToString(format, CultureInfo.InvariantCulture);
        return s.N >= 2 && double.IsFinite(s.CiLow) && s.Std > 0
            ? $"{m} [{s.CiLow.ToString(format, CultureInfo.InvariantCulture)}, {s.CiHigh.ToString(format, CultureInfo.InvariantCulture)}]"
            : m;
    }

    /// <summary>A fraction as percent: "44.1% [43.0, 45.2]" (no interval when every seed gave the same value).</summary>
    public static string Percent(SummaryStatistic s)
    {
        var m = (100 * s.Mean).ToString("F1", CultureInfo.InvariantCulture) + "%";
        return s.N >= 2 && double.IsFinite(s.CiLow) && s.Std > 0
            ? $"{m} [{(100 * s.CiLow).ToString("F1", CultureInfo.InvariantCulture)}, {(100 * s.CiHigh).ToString("F1", CultureInfo.InvariantCulture)}]"
            : m;
    }

    /// <summary>
    /// The sign of a difference at 95%: +1 when its interval lies above 0, -1 below, 0 when it holds 0. With one
    /// seed (no interval) the sign of the mean decides.
    /// </summary>
    public static int Sign(SummaryStatistic difference)
    {
        if (difference.N >= 2 && double.IsFinite(difference.CiLow))
            return difference.CiLow > 0 ? 1 : difference.CiHigh < 0 ? -1 : 0;
        return double.IsFinite(difference.Mean) ? Math.Sign(difference.Mean) : 0;
    }

    /// <summary>Whether the mean of <paramref name="s"/> lies in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static bool Within(SummaryStatistic s, double low, double high) => s.Mean >= low && s.Mean <= high;

    /// <summary>The statistic over seeds of <paramref name="values"/>.</summary>
    public static SummaryStatistic Of(IEnumerable<double> values) => SeedStatistics.Of(values.ToArray());

    /// <summary>The budget of run <paramref name="key"/> in words: "(100 episodes, 5 seeds)", with "synthetic data" when so.</summary>
    public static string Budget(ReplicationRuns runs, string key)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var n = runs.SeedCount(key);
        return string.Create(CultureInfo.InvariantCulture,
            $"({runs.Episodes(key):N0} episodes, {n} seed{(n == 1 ? "" : "s")}{(runs.Synthetic(key) ? ", SYNTHETIC data" : "")})");
    }

    /// <summary>A column of one seed's table, with a clear error naming the run, table and column.</summary>
    public static double[] Column(SeedData seed, string table, string column)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!seed.Tables.TryGetValue(table, out var t))
            throw new WorkbenchException($"seed {seed.Seed} has no table '{table}'; tables: {string.Join(", ", seed.Tables.Keys)}");
        return t[column].ToArray();
    }

    /// <summary>
    /// The least-squares line through (x, y) of one seed's table, evaluated at the first and the last x: the shape of
    /// a published trend line ("rising from about 50 to 60").
    /// </summary>
    public static (double Start, double End, double Slope) Trend(SeedData seed, string table, string xColumn, string yColumn)
    {
        var x = Column(seed, table, xColumn);
        var y = Column(seed, table, yColumn);
        if (x.Length < 2) return (y.Length == 1 ? y[0] : double.NaN, y.Length == 1 ? y[0] : double.NaN, double.NaN);
        var fit = SeriesMath.LinearTrend(x, y);
        return (fit.At(x[0]), fit.At(x[^1]), fit.Slope);
    }

    /// <summary>The mean of the first and of the last <paramref name="fraction"/> of a column (at least one value each).</summary>
    public static (double First, double Last) Ends(double[] values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) return (double.NaN, double.NaN);
        var k = Math.Max(1, (int)Math.Round(values.Length * fraction));
        return (values.Take(k).Average(), values.Skip(values.Length - k).Average());
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
