namespace Workbench.Plotting;

/// <summary>A least-squares line <c>y = Slope * x + Intercept</c> with its coefficient of determination.</summary>
/// <param name="Slope">b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².</param>
/// <param name="Intercept">a = ȳ − b·x̄.</param>
/// <param name="RSquared">R² = 1 − SS_res / SS_tot (1 when every y is equal and the fit is exact).</param>
/// <param name="Count">How many finite (x, y) pairs were fitted.</param>
public readonly record struct LinearFit(double Slope, double Intercept, double RSquared, int Count)
{
    /// <summary>The fitted value at <paramref name="x"/>: <c>Slope * x + Intercept</c>.</summary>
    public double At(double x) => Slope * x + Intercept;
}

/// <summary>
/// Series helpers for figures: trailing moving average, least-squares linear trend, and the min/max
/// decimation that keeps long series (61,290 episodes) small in a figure.
/// </summary>
public static class SeriesMath
{
    /// <summary>
    /// Trailing moving average: <c>output[i] = mean(values[max(0, i−window+1) .. i])</c>, so the first
    /// <c>window−1</c> points average the values available so far (no leading gap). NaN inputs are skipped
    /// inside a window; a window with no finite value gives NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">window &lt; 1.</exception>
    /// <exception cref="ArgumentException">output length differs from values length.</exception>
    public static void MovingAverage(ReadOnlySpan<double> values, int window, Span<double> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (output.Length != values.Length)
            throw new ArgumentException($"output has length {output.Length}, values has {values.Length}", nameof(output));
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsFinite(v)) { sum += v; count++; }
            int drop = i - window;
            if (drop >= 0)
            {
                var d = values[drop];
                if (double.IsFinite(d)) { sum -= d; count--; }
            }
            output[i] = count > 0 ? sum / count : double.NaN;
        }
    }

    /// <summary>Allocating form of <see cref="MovingAverage(ReadOnlySpan{double}, int, Span{double})"/>.</summary>
    public static double[] MovingAverage(ReadOnlySpan<double> values, int window)
    {
        var output = new double[values.Length];
        MovingAverage(values, window, output);
        return output;
    }

    /// <summary>
    /// Ordinary least-squares line through the finite (x, y) pairs: slope
    /// <c>b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²</c>, intercept <c>a = ȳ − b x̄</c>, <c>R² = 1 − Σ(y−ŷ)² / Σ(y−ȳ)²</c>.
    /// </summary>
    /// <exception cref="ArgumentException">lengths differ, fewer than two finite pairs, or all x equal.</exception>
    public static LinearFit LinearTrend(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has length {x.Length}, y has {y.Length}", nameof(y));
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            sx += x[i]; sy += y[i]; n++;
        }
        if (n < 2) throw new ArgumentException($"a linear trend needs at least two finite points, got {n}", nameof(x));
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
        }
        if (sxx == 0) throw new ArgumentException("a linear trend needs at least two distinct x values", nameof(x));
        double b = sxy / sxx, a = my - b * mx;
        double ssRes = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            double r = y[i] - (b * x[i] + a);
            ssRes += r * r;
        }
        double r2 = syy == 0 ? 1.0 : 1.0 - ssRes / syy;
        return new LinearFit(b, a, r2, n);
    }

    /// <summary>Linear trend of <paramref name="y"/> against its index 0, 1, 2, ...</summary>
    public static LinearFit LinearTrend(ReadOnlySpan<double> y)
    {
        var x = new double[y.Length];
        for (int i = 0; i < x.Length; i++) x[i] = i;
        return LinearTrend(x, y);
    }

    /// <summary>
    /// The indices kept when a series <paramref name="y"/> of n points is drawn with at most
    /// <paramref name="maxPoints"/> points. Rule (min/max bucket decimation): when
    /// <c>n <c>count &lt;= maxPoints</c>lt;= maxPoints</c> every index is kept; otherwise the index range is cut into
    /// <c>B = maxPoints / 2</c> equal consecutive buckets and each bucket keeps the index of its smallest
    /// and of its largest finite y (in index order, once if they coincide), so spikes and dips survive
    /// while the figure stays small. The first and last index are always kept.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">maxPoints &lt; 4.</exception>
    public static int[] DecimationIndices(ReadOnlySpan<double> y, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        int n = y.Length;
        if (n <= maxPoints)
        {
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int buckets = maxPoints / 2;
        var kept = new List<int>(maxPoints + 2) { 0 };
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * n / buckets), end = (int)((long)(b + 1) * n / buckets);
            int lo = -1, hi = -1;
            for (int i = start; i < end; i++)
            {
                if (!double.IsFinite(y[i])) continue;
                if (lo < 0 || y[i] < y[lo]) lo = i;
                if (hi < 0 || y[i] > y[hi]) hi = i;
            }
            if (lo < 0) { lo = start; hi = start; }
            int first = Math.Min(lo, hi), second = Math.Max(lo, hi);
            if (first != kept[^1]) kept.Add(first);
            if (second != kept[^1]) kept.Add(second);
        }
        if (kept[^1] != n - 1) kept.Add(n - 1);
        return kept.ToArray();
    }
}
