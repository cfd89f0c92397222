using Workbench.Agents;
using Workbench.Training;

namespace Workbench.Tests.Seed001;

public class SongAdamTests
{
    /// <summary>torch.optim.Adam's element update written out (with the moment floor of <see cref="SongQKernels.AdamStep"/>).</summary>
    private static void Reference(float[] w, float[] g, float[] m, float[] v, long t)
    {
        const float b1 = 0.9f, b2 = 0.999f, lr = 1e-3f, eps = 1e-8f;
        var stepSize = (float)(lr / (1 - Math.Pow(b1, t)));
        var bc2 = (float)Math.Sqrt(1 - Math.Pow(b2, t));
        for (var i = 0; i < w.Length; i++)
        {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * (g[i] * g[i]);
            if (!(MathF.Abs(m[i]) >= SongQKernels.MomentFloor)) m[i] = 0;
            if (!(v[i] >= SongQKernels.MomentFloor)) v[i] = 0;
            w[i] -= stepSize * (m[i] / (MathF.Sqrt(v[i]) / bc2 + eps));
        }
    }

    [Fact]
    public void VectorStepWithZeroRowShortcutEqualsTheScalarFormulaBitForBit()
    {
        var rng = new Rng(11);
        const int n = 203; // not a multiple of 8: the scalar tail runs too
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        for (var i = 0; i < n; i++) w[i] = rng.NextSingle(-1, 1);
        float[] w2 = (float[])w.Clone(), m2 = new float[n], v2 = new float[n];
        for (var t = 1; t <= 800; t++)
        {
            // Some rows of 8 stop receiving gradient after step 100, so m decays below the floor (0.9^700 * 1e-4
            // ~ 1e-36) and the shortcut runs; others always get one; a third group never does.
            for (var i = 0; i < n; i++)
                g[i] = (i / 8) % 3 switch { 0 when t <= 100 => rng.NextSingle(-1e-3f, 1e-3f), 1 => rng.NextSingle(-1e-3f, 1e-3f), _ => 0f };
            SongQKernels.AdamStep(w, g, m, v, t, 1e-3f, 0.9f, 0.999f, 1e-8f);
            Reference(w2, g, m2, v2, t);
        }
        Assert.Equal(w2, w);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
        Assert.Contains(0f, m); // the floor was reached
    }

    [Fact]
    public void MomentFloorLeavesThePyTorchStepUnchangedForParameters()
    {
        // A step with m at the floor (0.9 * 1e-30 after decay is flushed to 0; even kept, |update| <=
        // lr / (1 - 0.9^1000) * 1e-30 / 1e-8 = 1e-25), far below half an ulp of 1e-12 (2^-63 ~ 1.1e-19): w is unchanged.
        float[] w = [1e-12f, 0.5f, -0.25f];
        var before = (float[])w.Clone();
        float[] m = [1e-30f, 1e-30f, -1e-30f];
        SongQKernels.AdamStep(w, [0f, 0f, 0f], m, [0f, 0f, 0f], 1000, 1e-3f, 0.9f, 0.999f, 1e-8f);
        Assert.Equal(before, w);
    }
}
