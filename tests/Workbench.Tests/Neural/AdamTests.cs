using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

[Collection("Neural kernel thresholds")]
public class AdamTests
{
    private static (Parameter P, ParameterSet Set) Scalar(float w)
    {
        var p = new Parameter("w", 1, 1);
        p.Value[0] = w;
        return (p, new ParameterSet([p]));
    }

    [Fact]
    public void TwoStepsMatchHandComputedValues()
    {
        var (p, set) = Scalar(1f);
        var adam = new Adam(set, new AdamOptions { LearningRate = 1e-3 });
        // Step 1, g = 0.5: m = 0.1·0.5 = 0.05; v = 0.001·0.25 = 2.5e-4;
        // m̂ = 0.05 / (1 - 0.9) = 0.5; √v̂ = √(2.5e-4 / 0.001) = 0.5; w = 1 - 1e-3 · 0.5 / (0.5 + 1e-8) = 0.999.
        p.Grad[0] = 0.5f;
        adam.Step();
        Assert.Equal(0.999, p.Value[0], 6);
        Assert.Equal(0.05, adam.FirstMoment(0)[0], 7);
        Assert.Equal(2.5e-4, adam.SecondMoment(0)[0], 9);
        // Step 2, g = -1: m = 0.9·0.05 - 0.1 = -0.055; v = 0.999·2.5e-4 + 0.001 = 0.00124975;
        // m̂ = -0.055 / 0.19 = -0.28947368; v̂ = 0.00124975 / 0.001999 = 0.62518759, √ = 0.79068805;
        // w = 0.999 + 1e-3 · 0.28947368 / 0.79068805 = 0.999 + 0.00036610 = 0.99936610.
        p.Grad[0] = -1f;
        adam.Step();
        Assert.Equal(0.99936610, p.Value[0], 6);
        Assert.Equal(-0.055, adam.FirstMoment(0)[0], 6);
        Assert.Equal(0.00124975, adam.SecondMoment(0)[0], 8);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void WeightDecayIsAddedToTheGradient()
    {
        // λ = 0.1, w = 2, g = 0.3 → g' = 0.3 + 0.2 = 0.5; step 1 of Adam moves w by lr·sign(g') (m̂/√v̂ = ±1):
        // w = 2 - 0.01 · 0.5 / (0.5 + 1e-8) = 1.99.
        var (p, set) = Scalar(2f);
        var adam = new Adam(set, new AdamOptions { LearningRate = 0.01, WeightDecay = 0.1 });
        p.Grad[0] = 0.3f;
        adam.Step();
        Assert.Equal(1.99, p.Value[0], 6);
        Assert.Equal(0.05, adam.FirstMoment(0)[0], 7); // 0.1 · 0.5
    }

    [Fact]
    public void ZeroGradientStillMovesTheParameter()
    {
        // After one step with g = 1 (m = 0.1, v = 0.001), a zero-gradient step 2: m = 0.09, v = 0.000999,
        // m̂ = 0.09 / 0.19 = 0.47368421, √v̂ = √(0.000999 / 0.001999) = 0.70692954,
        // w = (1 - 0.001) - 0.001 · 0.47368421 / 0.70692954 = 0.999 - 0.00067006 = 0.99832994.
        var (p, set) = Scalar(1f);
        var adam = new Adam(set);
        p.Grad[0] = 1f;
        adam.Step();
        p.ZeroGrad();
        adam.Step();
        Assert.Equal(0.99832994, p.Value[0], 6);
    }

    [Fact]
    public void LazyRowSparseUpdatesGiveTheSameFloatsAsDense()
    {
        const int rows = 12, cols = 19;
        var dense = new Parameter("w", rows, cols);
        var lazy = new Parameter("w", rows, cols, rowSparseGradient: true);
        var rng = new Rng(21);
        for (var i = 0; i < dense.Length; i++) dense.Value[i] = lazy.Value[i] = (float)rng.NextGaussian();
        var opt = new AdamOptions { LearningRate = 1e-2 };
        var adamDense = new Adam(new ParameterSet([dense]), opt);
        var adamLazy = new Adam(new ParameterSet([lazy]), opt);
        var steps = 2500;
        for (var t = 1; t <= steps; t++)
        {
            dense.ZeroGrad();
            lazy.ZeroGrad();
            // Row 0 every step; row 1 at steps 1 and 2,000 (m underflows to exactly 0 in between: the frozen path);
            // other rows at random, sometimes several in a step.
            var touched = new List<int> { 0 };
            if (t == 1 || t == 2000) touched.Add(1);
            if (rng.NextInt(5) == 0) touched.Add(2 + rng.NextInt(rows - 2));
            if (rng.NextInt(50) == 0) touched.Add(2 + rng.NextInt(rows - 2));
            foreach (var r in touched)
            {
                // A reader would synchronize before reading the row (the forward pass of SparseLinear does).
                lazy.EnsureCurrent([r]);
                lazy.MarkTouched(r);
                for (var c = 0; c < cols; c++)
                {
                    var g = (float)rng.NextGaussian() * (r == 1 ? 1e-3f : 1f);
                    dense.Grad[r * cols + c] += g;
                    lazy.Grad[r * cols + c] += g;
                }
            }
            adamDense.Step();
            adamLazy.Step();
        }
        lazy.EnsureCurrent();
        Assert.Equal(dense.Value, lazy.Value);
        Assert.Equal(adamDense.FirstMoment(0).ToArray(), adamLazy.FirstMoment(0).ToArray());
        Assert.Equal(adamDense.SecondMoment(0).ToArray(), adamLazy.SecondMoment(0).ToArray());
        // Row 1 (g ~ 1e-3 at step 1, then nothing until step 2,000) stalled: its replay took the shortcut and still matches.
        Assert.True(adamLazy.StalledReplays >= 1);
    }

    [Fact]
    public void ParallelCatchUpGivesTheSameFloats()
    {
        // 40 rows, each touched once at step 1, then 300 idle steps, then all read at once: the replay is split
        // over the worker threads when the threshold is low; the result must equal a serial replay.
        static float[] Run(long threshold)
        {
            var saved = Adam.ParallelCatchUpThreshold;
            try
            {
                Adam.ParallelCatchUpThreshold = threshold;
                var p = new Parameter("w", 40, 16, rowSparseGradient: true);
                var rng = new Rng(41);
                for (var i = 0; i < p.Length; i++) { p.Value[i] = (float)rng.NextGaussian(); p.Grad[i] = (float)rng.NextGaussian(); }
                var adam = new Adam(new ParameterSet([p]));
                for (var r = 0; r < 40; r++) p.MarkTouched(r);
                adam.Step();
                p.ZeroGrad();
                for (var t = 0; t < 300; t++) adam.Step();
                var rows = Enumerable.Range(0, 40).Concat(Enumerable.Range(0, 40)).ToArray(); // duplicates too
                p.EnsureCurrent(rows);
                return p.Value.Concat(adam.FirstMoment(0).ToArray()).Concat(adam.SecondMoment(0).ToArray()).ToArray();
            }
            finally
            {
                Adam.ParallelCatchUpThreshold = saved;
            }
        }
        Assert.Equal(Run(long.MaxValue), Run(1));
    }

    [Fact]
    public void FirstMomentStallsAtDenormalFixedPointsNotZero()
    {
        // m_t = fl(0.9 m_{t-1}) never reaches 0: 4 denormal units · 0.9 = 3.6 rounds back to 4. So "m = 0" can
        // never be the test for a parameter that stopped moving; Adam uses the rounding bound instead.
        var p = new Parameter("w", 1, 4, rowSparseGradient: true);
        p.Value.AsSpan().Fill(0.5f);
        var adam = new Adam(new ParameterSet([p]));
        p.MarkTouched(0);
        p.Grad.AsSpan().Fill(1e-3f);
        adam.Step();
        p.ZeroGrad();
        for (var t = 0; t < 1500; t++) adam.Step(); // nothing touched
        var m = adam.FirstMoment(0).ToArray();
        Assert.All(m, x => Assert.InRange(BitConverter.SingleToInt32Bits(x), 1, 4));
        Assert.Equal(1, adam.StalledReplays);
        Assert.All(adam.SecondMoment(0).ToArray(), v => Assert.True(v > 0));
    }

    [Fact]
    public void InvalidOptionsNameTheOption()
    {
        var (_, set) = Scalar(1f);
        var e = Assert.Throws<WorkbenchException>(() => new Adam(set, new AdamOptions { Beta2 = 1.0 }));
        Assert.Contains("Beta2", e.Message);
    }
}

public class TargetUpdateAndClippingTests
{
    private static ParameterSet Set(params float[] values)
    {
        var p = new Parameter("p", 1, values.Length);
        values.CopyTo(p.Value, 0);
        return new ParameterSet([p]);
    }

    [Fact]
    public void HardCopyIsExact()
    {
        var t = Set(1f, 2f, 3f);
        var s = Set(0.1f, float.Epsilon, -7.25f);
        TargetUpdate.Copy(t, s);
        Assert.Equal(s[0].Value, t[0].Value);
    }

    [Fact]
    public void SoftUpdateBlends()
    {
        // τ = 0.25: t = 0.75·t + 0.25·s → [0.75·4 + 0.25·8, 0.75·(-4) + 0] = [5, -3].
        var t = Set(4f, -4f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 2f);
        var s = Set(8f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 6f);
        TargetUpdate.Apply(t, s, 0.25);
        Assert.Equal(5f, t[0].Value[0]);
        Assert.Equal(-3f, t[0].Value[1]);
        Assert.Equal(3f, t[0].Value[9]); // scalar tail: 1.5 + 1.5
        Assert.Throws<ArgumentOutOfRangeException>(() => TargetUpdate.Apply(t, s, 0));
    }

    [Fact]
    public void ClipByNormScalesAboveTheLimit()
    {
        // g = [3, 4] (two parameters) → ‖g‖ = 5; max 1 → c = 1 / (5 + 1e-6) → [0.6, 0.8].
        var a = new Parameter("a", 1, 1);
        var b = new Parameter("b", 1, 1);
        a.Grad[0] = 3f;
        b.Grad[0] = 4f;
        var set = new ParameterSet([a, b]);
        var norm = GradientClipping.ClipByNorm(set, 1.0);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, a.Grad[0], 5);
        Assert.Equal(0.8f, b.Grad[0], 5);
        // Below the limit nothing changes.
        GradientClipping.ClipByNorm(set, 10.0);
        Assert.Equal(0.6f, a.Grad[0], 5);
    }
}

public class AdamSubnormalTests
{
    /// <summary>The plain float formula, element by element (what the FPU computes, assists and all).</summary>
    private static void Reference(float[] w, float[] m, float[] v, float[] g, float b1, float c1, float b2, float c2, float st, float bs, float eps)
    {
        for (var i = 0; i < w.Length; i++)
        {
            m[i] = b1 * m[i] + c1 * g[i];
            v[i] = b2 * v[i] + c2 * g[i] * g[i];
            var d = MathF.Sqrt(v[i]) / bs + eps;
            w[i] -= st * m[i] / d;
        }
    }

    /// <summary>Runs <paramref name="steps"/> dense Adam steps from (w, m, v) with gradient g and compares every float with <see cref="Reference"/>.</summary>
    private static void AssertDenseStepsMatchReference(float[] w, float[] m, float[] v, float[] g, int steps)
    {
        var (w2, m2, v2) = ((float[])w.Clone(), (float[])m.Clone(), (float[])v.Clone());
        var p = new Parameter("w", w.Length / 64, 64);
        w.CopyTo(p.Value, 0);
        g.CopyTo(p.Grad, 0);
        var adam = new Adam(new ParameterSet([p]));
        var (am, av) = adam.State(0);
        m.CopyTo(am, 0);
        v.CopyTo(av, 0);
        for (var step = 1; step <= steps; step++)
        {
            var c = adam.BeginStep();
            adam.UpdateDense(0, c);
            Reference(w2, m2, v2, g, c.B1, c.C1, c.B2, c.C2, c.StepSize, c.Bc2Sqrt, c.Eps);
        }
        Assert.Equal(m2, am);
        Assert.Equal(v2, av);
        Assert.Equal(w2, p.Value);
    }

    [Fact]
    public void SubnormalMomentsGiveTheFloatsOfThePlainFormula()
    {
        var rng = new Rng(31);
        const int n = 4096;
        var w = new float[n]; var m = new float[n]; var v = new float[n]; var g = new float[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = (float)rng.NextGaussian() * (i % 97 == 0 ? 1e-30f : 0.1f); // some tiny weights take the FPU path
            // Mostly subnormal first moments (both signs, down to 1 unit), some normal; v normal or subnormal.
            var kind = rng.NextInt(4);
            m[i] = kind switch
            {
                0 => BitConverter.Int32BitsToSingle(1 + rng.NextInt(8)) * (rng.NextInt(2) == 0 ? 1 : -1),
                1 => BitConverter.Int32BitsToSingle(1 + rng.NextInt(0x7FFFFF)) * (rng.NextInt(2) == 0 ? 1 : -1),
                2 => 1.2e-38f * (1 + rng.NextSingle()),
                _ => (float)rng.NextGaussian() * 1e-3f,
            };
            v[i] = rng.NextInt(3) == 0 ? BitConverter.Int32BitsToSingle(1 + rng.NextInt(0x7FFFFF)) : 1e-8f * (1 + rng.NextSingle());
            g[i] = rng.NextInt(5) == 0 ? (float)rng.NextGaussian() * 1e-3f : 0f;
        }
        AssertDenseStepsMatchReference(w, m, v, g, steps: 3);
    }

    [Fact]
    public void DeadUnitLanesTakeTheVectorPathWithThePlainFormulasFloats()
    {
        // v normal everywhere, so only subnormal m decides: lanes of dead units (subnormal m, g = 0, ordinary w)
        // are handled in vector registers, mixed with live lanes; a few tiny weights or gradients force the scalar path.
        var rng = new Rng(32);
        const int n = 8192;
        var w = new float[n]; var m = new float[n]; var v = new float[n]; var g = new float[n];
        for (var i = 0; i < n; i++)
        {
            var dead = rng.NextInt(3) != 0;
            w[i] = (float)rng.NextGaussian() * (i % 211 == 0 ? 1e-30f : 0.1f);
            m[i] = dead ? BitConverter.Int32BitsToSingle(1 + rng.NextInt(rng.NextInt(2) == 0 ? 8 : 0x7FFFFF)) * (rng.NextInt(2) == 0 ? 1 : -1)
                : (float)rng.NextGaussian() * 1e-3f;
            v[i] = 1e-8f * (1 + rng.NextSingle());
            g[i] = dead ? (i % 499 == 0 ? 1e-4f : 0f) : (float)rng.NextGaussian() * 1e-3f;
        }
        AssertDenseStepsMatchReference(w, m, v, g, steps: 5);
    }

    [Theory]
    [InlineData(0.9f)]
    [InlineData(0.999f)]
    [InlineData(0.5f)]
    public void DecayEqualsRepeatedFpuSteps(float b)
    {
        // Blocks of 64 and 8 lanes and a scalar tail; lanes normal (down to the subnormal boundary), subnormal,
        // zero and -0, replayed for 0..3,000 steps: bit for bit the plain fl(b·x + 0) repeated.
        var rng = new Rng(33);
        foreach (var length in new[] { 1, 7, 8, 64, 75, 130 })
        foreach (var times in new long[] { 0, 1, 3, 40, 700, 3000 })
        {
            var x = new float[length];
            for (var i = 0; i < length; i++)
                x[i] = rng.NextInt(6) switch
                {
                    0 => 0f,
                    1 => -0f,
                    2 => BitConverter.Int32BitsToSingle(1 + rng.NextInt(0x7FFFFF)) * (rng.NextInt(2) == 0 ? 1 : -1),
                    3 => 1.2e-38f * (1 + 10 * rng.NextSingle()),
                    _ => (float)(rng.NextGaussian() * Math.Pow(10, -3 - rng.NextInt(30))),
                };
            var expected = (float[])x.Clone();
            for (var i = 0; i < length; i++)
                for (long t = 0; t < times; t++)
                    expected[i] = b * expected[i] + 0f;
            AdamKernel.Decay(x, b, times);
            for (var i = 0; i < length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(x[i]),
                    $"length {length}, {times} steps, lane {i}: expected {expected[i]:R}, got {x[i]:R}");
        }
    }

    [Fact]
    public void VectorScalingEqualsTheFpu()
    {
        if (!AdamKernel.CanScaleSubnormalVector(0.9f)) return; // no AVX: the scalar path is used and tested above
        var rng = new Rng(34);
        foreach (var b in new[] { 0.9f, 0.999f, 0.75f })
        for (var k = 0; k < 2000; k++)
        {
            var lanes = new float[8];
            for (var j = 0; j < 8; j++) lanes[j] = BitConverter.Int32BitsToSingle((1 + rng.NextInt(0x7FFFFF)) | (rng.NextInt(2) << 31));
            var r = AdamKernel.ScaleSubnormalVector(System.Runtime.Intrinsics.Vector256.Create(lanes), b);
            for (var j = 0; j < 8; j++) Assert.Equal(b * lanes[j], r[j]);
        }
    }

    [Fact]
    public void IntegerScalingEqualsTheFpu()
    {
        // Every subnormal with a small mantissa and a sample of large ones, times 0.9 and 0.999.
        foreach (var b in new[] { 0.9f, 0.999f, 0.75f })
        for (var bits = 1; bits < 0x7FFFFF; bits += bits < 5000 ? 1 : 7919)
        {
            var x = BitConverter.Int32BitsToSingle(bits);
            Assert.True(AdamKernel.ScaleSubnormal(x, b, out var r));
            Assert.Equal(b * x, r);
            Assert.True(AdamKernel.ScaleSubnormal(-x, b, out r));
            Assert.Equal(b * -x, r);
        }
        Assert.False(AdamKernel.ScaleSubnormal(1e-40f, 0.5f, out _));
    }
}
