using Workbench.Training;

namespace Workbench.Tests.Neural;

/// <summary>Central finite differences against analytic gradients.</summary>
internal static class GradCheck
{
    /// <summary>
    /// For (up to <paramref name="maxProbes"/>) entries of <paramref name="values"/>: numeric dL/dx =
    /// (L(x+h) - L(x-h)) / (x+h - (x-h)), compared with <paramref name="analytic"/> within atol + rtol·max|·|.
    /// </summary>
    public static void Check(string what, Func<double> loss, float[] values, ReadOnlySpan<float> analytic,
        float h = 1e-2f, double rtol = 2e-2, double atol = 2e-4, int maxProbes = 60, int seed = 1)
    {
        Assert.Equal(values.Length, analytic.Length);
        var rng = new Rng(seed);
        var probes = values.Length <= maxProbes ? Enumerable.Range(0, values.Length).ToArray()
            : Enumerable.Range(0, maxProbes).Select(_ => rng.NextInt(values.Length)).ToArray();
        var checkedNonZero = 0;
        var kinks = 0;
        foreach (var i in probes)
        {
            var num = Central(loss, values, i, h);
            var ana = (double)analytic[i];
            var tol = atol + rtol * Math.Max(Math.Abs(num), Math.Abs(ana));
            if (Math.Abs(num - ana) > tol)
            {
                // A ReLU kink inside [x - h, x + h] makes the central quotient depend on h (for a smooth loss
                // it changes by O(h²) only). If halving h moves it by more than the tolerance, the probe sits on a
                // kink and is skipped (at most a third of the probes); otherwise the analytic gradient is wrong.
                var half = Central(loss, values, i, h / 2);
                var smooth = Math.Abs(half - num) <= tol;
                Assert.False(smooth, $"{what}[{i}]: numeric {num:G6} vs analytic {ana:G6}");
                kinks++;
                continue;
            }
            if (Math.Abs(ana) > 10 * atol) checkedNonZero++;
        }
        Assert.True(kinks * 3 <= probes.Length, $"{what}: {kinks} of {probes.Length} probes hit a kink");
        Assert.True(checkedNonZero > 0, $"{what}: every probed gradient was ~0, the check proves nothing");
    }

    private static double Central(Func<double> loss, float[] values, int i, float h)
    {
        var v = values[i];
        values[i] = v + h; var hi = values[i]; var lp = loss();
        values[i] = v - h; var lo = values[i]; var lm = loss();
        values[i] = v;
        return (lp - lm) / ((double)hi - lo);
    }

    public static float[] Random(Rng rng, int n, float scale = 1f, float avoidBelow = 0f)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            float x;
            do x = (float)(rng.NextGaussian() * scale); while (Math.Abs(x) < avoidBelow);
            a[i] = x;
        }
        return a;
    }

    /// <summary>L = Σ c_i y_i in double, so dL/dy = c.</summary>
    public static double Dot(ReadOnlySpan<float> y, ReadOnlySpan<float> c)
    {
        double s = 0;
        for (var i = 0; i < c.Length; i++) s += (double)y[i] * c[i];
        return s;
    }
}
