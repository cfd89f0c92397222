using MathNet.Numerics.Distributions;
using Workbench.Experiments;

namespace Workbench.Evaluation;

/// <summary>
/// Mean, sample standard deviation and Student-t confidence interval of one quantity over n seeds:
/// mean +- t_{(1+c)/2, n-1} * std / sqrt(n), std with the n - 1 denominator. With n &lt; 2 the
/// deviation and the interval are NaN.
/// </summary>
/// <param name="N">Number of seeds.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n - 1 denominator); NaN when n &lt; 2.</param>
/// <param name="CiLow">Lower end of the confidence interval; NaN when n &lt; 2.</param>
/// <param name="CiHigh">Upper end of the confidence interval; NaN when n &lt; 2.</param>
public readonly record struct SummaryStatistic(int N, double Mean, double Std, double CiLow, double CiHigh)
{
    /// <summary>Half the interval's width, t * std / sqrt(n).</summary>
    public double HalfWidth => (CiHigh - CiLow) / 2;
}

/// <summary>The per-key statistics and per-table bands of a multi-seed run.</summary>
public sealed class SeedSummary
{
    /// <summary>Statistics of each summary key present in every seed, in the first seed's order.</summary>
    public OrderedDictionary<string, SummaryStatistic> Summary { get; } = new(StringComparer.Ordinal);

    /// <summary>Pointwise bands of each table present in every seed (see <see cref="SeedStatistics.Band"/>).</summary>
    public OrderedDictionary<string, MetricTable> Bands { get; } = new(StringComparer.Ordinal);
}

/// <summary>Statistics across seeds: 95% Student-t intervals for summary numbers, pointwise mean and band for metric tables.</summary>
public static class SeedStatistics
{
    /// <summary>The statistic of <paramref name="values"/> with a <paramref name="confidence"/> Student-t interval (MathNet's <c>StudentT.InvCDF</c>).</summary>
    public static SummaryStatistic Of(ReadOnlySpan<double> values, double confidence = 0.95)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        var n = values.Length;
        if (n == 0) return new SummaryStatistic(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / n;
        if (n < 2) return new SummaryStatistic(1, mean, double.NaN, double.NaN, double.NaN);
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        var std = Math.Sqrt(ss / (n - 1));
        var t = StudentT.InvCDF(0, 1, n - 1, (1 + confidence) / 2);
        var h = t * std / Math.Sqrt(n);
        return new SummaryStatistic(n, mean, std, mean - h, mean + h);
    }

    /// <summary>
    /// The statistic of the paired differences a_i - b_i (the same seed i for both methods, e.g. agent
    /// minus random): when its interval excludes 0, the difference is significant at that confidence
    /// (a paired Student-t test).
    /// </summary>
    public static SummaryStatistic PairedDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        if (a.Length != b.Length) throw new ArgumentException($"{a.Length} values against {b.Length}: pairs need the same seeds");
        var d = new double[a.Length];
        for (var i = 0; i < d.Length; i++) d[i] = a[i] - b[i];
        return Of(d, confidence);
    }

    /// <summary>Statistics of every summary key and bands of every table common to all <paramref name="results"/>.</summary>
    public static SeedSummary Compute(IReadOnlyList<ExperimentResult> results, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(results);
        var s = new SeedSummary();
        if (results.Count == 0) return s;
        var values = new double[results.Count];
        foreach (var key in results[0].Summary.Keys)
        {
            if (!results.All(r => r.Summary.ContainsKey(key))) continue;
            for (var i = 0; i < results.Count; i++) values[i] = results[i].Summary[key];
            s.Summary[key] = Of(values, confidence);
        }
        foreach (var name in results[0].Tables.Keys)
        {
            if (!results.All(r => r.Tables.ContainsKey(name))) continue;
            s.Bands[name] = Band(results.Select(r => r.Tables[name]).ToList(), confidence);
        }
        return s;
    }

    /// <summary>
    /// The pointwise band of one table over seeds. A column equal in every seed (episode, step) is kept
    /// as is; every other column C becomes C_mean, C_std, C_lo, C_hi (the <paramref name="confidence"/>
    /// Student-t interval of the mean at that row). Rows beyond the shortest seed's table are dropped;
    /// columns missing from some seed are skipped.
    /// </summary>
    public static MetricTable Band(IReadOnlyList<MetricTable> tables, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("no tables", nameof(tables));
        var band = new MetricTable(tables[0].Name);
        var rows = tables.Min(t => t.RowCount);
        var values = new double[tables.Count];
        foreach (var col in tables[0].Columns)
        {
            if (!tables.All(t => t.HasColumn(col.Name))) continue;
            var cols = tables.Select(t => t[col.Name]).ToList();
            var same = true;
            for (var r = 0; r < rows && same; r++)
                foreach (var c in cols)
                    if (!c[r].Equals(col[r])) { same = false; break; }
            if (same)
            {
                band.AddColumn(col.Name, col.Values[..rows], col.Kind);
                continue;
            }
            var mean = band.AddColumn(col.Name + "_mean");
            var std = band.AddColumn(col.Name + "_std");
            var lo = band.AddColumn(col.Name + "_lo");
            var hi = band.AddColumn(col.Name + "_hi");
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < cols.Count; i++) values[i] = cols[i][r];
                var st = Of(values, confidence);
                mean.Add(st.Mean);
                std.Add(st.Std);
                lo.Add(st.CiLow);
                hi.Add(st.CiHigh);
            }
        }
        return band;
    }
}
