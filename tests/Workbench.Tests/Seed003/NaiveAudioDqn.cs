namespace Workbench.Tests.Seed003;

/// <summary>
/// A deliberately plain, dense reference of seed 003's DQN update in double precision (the test oracle):
/// MLP in -> h -> h -> N with ReLU, PyTorch's Linear layout (W[out, in], b[out]), full forward over all
/// outputs, full backward of the mean squared TD error, PyTorch's Adam on every parameter, then the soft
/// target update theta' = tau theta + (1 - tau) theta'.
/// </summary>
internal sealed class NaiveAudioDqn
{
    public double[][] W, B;          // online: W[l] is out x in row-major
    public double[][] TW, TB;        // target
    public double[][] MW, MB, VW, VB; // Adam moments
    public int[] Sizes;
    public int Step;

    public NaiveAudioDqn(int[] sizes, float[][] w, float[][] b, float[][] tw, float[][] tb)
    {
        Sizes = sizes;
        var L = sizes.Length - 1;
        W = w.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        B = b.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        TW = tw.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        TB = tb.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        MW = W.Select(x => new double[x.Length]).ToArray();
        VW = W.Select(x => new double[x.Length]).ToArray();
        MB = B.Select(x => new double[x.Length]).ToArray();
        VB = B.Select(x => new double[x.Length]).ToArray();
        if (W.Length != L) throw new ArgumentException("layers");
    }

    /// <summary>All activations of one input (a[0] = input, a[L] = outputs, ReLU on hidden layers).</summary>
    public static double[][] Forward(int[] sizes, double[][] w, double[][] b, ReadOnlySpan<float> x)
    {
        var L = sizes.Length - 1;
        var a = new double[L + 1][];
        a[0] = x.ToArray().Select(v => (double)v).ToArray();
        for (var l = 0; l < L; l++)
        {
            a[l + 1] = new double[sizes[l + 1]];
            for (var o = 0; o < sizes[l + 1]; o++)
            {
                var z = b[l][o];
                for (var i = 0; i < sizes[l]; i++) z += w[l][o * sizes[l] + i] * a[l][i];
                a[l + 1][o] = l < L - 1 ? Math.Max(0, z) : z;
            }
        }
        return a;
    }

    /// <summary>
    /// One update on a batch: y = r + gamma (1 - done) max_a' Q_target(s', a'); loss = mean (Q(s, a) - y)^2;
    /// Adam (lr, beta 0.9/0.999, eps 1e-8, bias-corrected); soft update with tau. Returns the loss.
    /// </summary>
    public double Update(float[] s, int[] a, float[] r, float[] s2, bool[] done, double gamma, double lr, double tau)
    {
        var L = Sizes.Length - 1;
        var d = Sizes[0];
        var n = a.Length;
        var gW = W.Select(x => new double[x.Length]).ToArray();
        var gB = B.Select(x => new double[x.Length]).ToArray();
        double loss = 0;
        for (var k = 0; k < n; k++)
        {
            var next = Forward(Sizes, TW, TB, s2.AsSpan(k * d, d))[L];
            var y = r[k] + (done[k] ? 0 : gamma * next.Max());
            var acts = Forward(Sizes, W, B, s.AsSpan(k * d, d));
            var q = acts[L][a[k]];
            loss += (q - y) * (q - y) / n;
            // backward: dL/dq = 2 (q - y) / n on output a[k], zero elsewhere
            var delta = new double[Sizes[L]];
            delta[a[k]] = 2 * (q - y) / n;
            for (var l = L - 1; l >= 0; l--)
            {
                var prev = new double[Sizes[l]];
                for (var o = 0; o < Sizes[l + 1]; o++)
                {
                    if (delta[o] == 0) continue;
                    gB[l][o] += delta[o];
                    for (var i = 0; i < Sizes[l]; i++)
                    {
                        gW[l][o * Sizes[l] + i] += delta[o] * acts[l][i];
                        prev[i] += delta[o] * W[l][o * Sizes[l] + i];
                    }
                }
                if (l > 0) for (var i = 0; i < prev.Length; i++) prev[i] = acts[l][i] > 0 ? prev[i] : 0;
                delta = prev;
            }
        }
        Step++;
        for (var l = 0; l < L; l++)
        {
            Adam(W[l], gW[l], MW[l], VW[l], lr);
            Adam(B[l], gB[l], MB[l], VB[l], lr);
            for (var i = 0; i < W[l].Length; i++) TW[l][i] = tau * W[l][i] + (1 - tau) * TW[l][i];
            for (var i = 0; i < B[l].Length; i++) TB[l][i] = tau * B[l][i] + (1 - tau) * TB[l][i];
        }
        return loss;
    }

    private void Adam(double[] p, double[] g, double[] m, double[] v, double lr)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var bc1 = 1 - Math.Pow(b1, Step);
        var bc2 = 1 - Math.Pow(b2, Step);
        for (var i = 0; i < p.Length; i++)
        {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            p[i] -= lr / bc1 * m[i] / (Math.Sqrt(v[i]) / Math.Sqrt(bc2) + eps);
        }
    }
}
