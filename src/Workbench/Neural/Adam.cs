using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Neural;

/// <summary>Hyper-parameters of <see cref="Adam"/> (defaults are PyTorch's <c>torch.optim.Adam</c>).</summary>
public sealed record AdamOptions
{
    /// <summary>Step size α (PyTorch default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay β₁ of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay β₂ of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε added to √v̂ (after the square root, as in PyTorch).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty λ added to the gradient (g ← g + λ θ, torch.optim.Adam's <c>weight_decay</c>; not AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new WorkbenchException($"Adam LearningRate must be > 0, got {LearningRate}");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new WorkbenchException($"Adam Beta1 must be in [0, 1), got {Beta1}");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new WorkbenchException($"Adam Beta2 must be in [0, 1), got {Beta2}");
        if (!(Epsilon > 0)) throw new WorkbenchException($"Adam Epsilon must be > 0, got {Epsilon}");
        if (!(WeightDecay >= 0)) throw new WorkbenchException($"Adam WeightDecay must be >= 0, got {WeightDecay}");
    }
}

/// <summary>The float32 constants of one Adam step t (computed in double, as PyTorch does in Python).</summary>
internal readonly struct AdamCoefficients
{
    public readonly float B1, C1, B2, C2, StepSize, Bc2Sqrt, Eps, Wd;

    /// <summary>|w| above which a step with subnormal m cannot change w: 4·fl(s·2⁻¹²⁶)/ε·2²⁶ (see AdamKernel.ScalarStep).</summary>
    public readonly float SubnormalStepBound;

    public AdamCoefficients(AdamOptions o, long step)
    {
        B1 = (float)o.Beta1;
        C1 = (float)(1 - o.Beta1);
        B2 = (float)o.Beta2;
        C2 = (float)(1 - o.Beta2);
        var bc1 = 1 - Math.Pow(o.Beta1, step);
        var bc2 = 1 - Math.Pow(o.Beta2, step);
        StepSize = (float)(o.LearningRate / bc1);
        Bc2Sqrt = (float)Math.Sqrt(bc2);
        Eps = (float)o.Epsilon;
        Wd = (float)o.WeightDecay;
        var bound = 4.0 * StepSize * Math.Pow(2, -126) / Eps * Math.Pow(2, 26);
        SubnormalStepBound = bound < float.MaxValue ? (float)bound : float.PositiveInfinity;
    }
}

/// <summary>
/// The Adam element update. Vector and scalar paths perform the same IEEE operations in the same order
/// (no fused multiply-add), so a row gives the same floats whether it is updated alone or inside a span.
/// </summary>
internal static class AdamKernel
{
    /// <summary>
    /// One step on w, m, v with gradient g (zero when <paramref name="g"/> is empty):
    /// g ← g + λw; m ← β₁m + (1-β₁)g; v ← β₂v + (1-β₂)g·g; w ← w - (α/(1-β₁ᵗ)) m / (√v / √(1-β₂ᵗ) + ε).
    /// </summary>
    public static void Update(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g, in AdamCoefficients c)
    {
        var n = w.Length;
        if (m.Length != n || v.Length != n || (!g.IsEmpty && g.Length != n)) throw new ArgumentException("Adam spans differ in length");
        ref var rw = ref MemoryMarshal.GetReference(w);
        ref var rm = ref MemoryMarshal.GetReference(m);
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var rg = ref MemoryMarshal.GetReference(g);
        var hasG = !g.IsEmpty;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(c.B1); var c1 = Vector256.Create(c.C1);
            var b2 = Vector256.Create(c.B2); var c2 = Vector256.Create(c.C2);
            var st = Vector256.Create(c.StepSize); var bs = Vector256.Create(c.Bc2Sqrt);
            var eps = Vector256.Create(c.Eps); var wd = Vector256.Create(c.Wd);
            var useWd = c.Wd != 0f;
            var unitBc2 = c.Bc2Sqrt == 1f;
            var vectorSubnormal = CanScaleSubnormalVector(c.B1);
            var bound = Vector256.Create(c.SubnormalStepBound);
            for (; i <= n - 8; i += 8)
            {
                var mOld = Vector256.LoadUnsafe(ref rm, (nuint)i);
                var vOld = Vector256.LoadUnsafe(ref rv, (nuint)i);
                var wi = Vector256.LoadUnsafe(ref rw, (nuint)i);
                var gi = hasG ? Vector256.LoadUnsafe(ref rg, (nuint)i) : Vector256<float>.Zero;
                if (useWd) gi += wd * wi;
                var subM = SubnormalMask(mOld);
                var subV = HasSubnormal(vOld);
                Vector256<float> mi;
                if (subM == Vector256<float>.Zero && !subV)
                {
                    mi = b1 * mOld + c1 * gi;
                }
                else
                {
                    // Subnormal arithmetic costs a microcode assist (~100 cycles) per instruction on x86. Dead ReLU
                    // units leave m at a subnormal fixed point for ever with g = 0: those lanes get fl(β₁m) from
                    // exact integer rounding (ScaleSubnormalVector) and keep w, which provably cannot move when
                    // |w| > SubnormalStepBound (see ScalarStep). Anything else subnormal takes the exact scalar path.
                    var handled = Vector256.Equals(gi, Vector256<float>.Zero) & Vector256.GreaterThan(Vector256.Abs(wi), bound);
                    if (!vectorSubnormal || subV || Vector256.AndNot(subM, handled) != Vector256<float>.Zero)
                    {
                        for (var j = i; j < i + 8; j++) ScalarStep(ref rw, ref rm, ref rv, ref rg, hasG, j, c);
                        continue;
                    }
                    var plain = b1 * Vector256.AndNot(mOld, subM) + c1 * gi;
                    mi = Vector256.ConditionalSelect(subM, ScaleSubnormalVector(mOld, c.B1), plain);
                    var vs = b2 * vOld + c2 * gi * gi;
                    var ds = (unitBc2 ? Vector256.Sqrt(vs) : Vector256.Sqrt(vs) / bs) + eps;
                    // w - fl(s·0)/d = w exactly in the subnormal lanes, the plain update in the others.
                    wi -= st * Vector256.AndNot(mi, subM) / ds;
                    mi.StoreUnsafe(ref rm, (nuint)i);
                    vs.StoreUnsafe(ref rv, (nuint)i);
                    wi.StoreUnsafe(ref rw, (nuint)i);
                    continue;
                }
                var vi = b2 * vOld + c2 * gi * gi;
                // Once 1 - β₂ᵗ rounds to 1 (t ≳ 17,000 for β₂ = 0.999), x / 1 = x exactly: one division less.
                var denom = (unitBc2 ? Vector256.Sqrt(vi) : Vector256.Sqrt(vi) / bs) + eps;
                wi -= st * mi / denom;
                mi.StoreUnsafe(ref rm, (nuint)i);
                vi.StoreUnsafe(ref rv, (nuint)i);
                wi.StoreUnsafe(ref rw, (nuint)i);
            }
        }
        for (; i < n; i++) ScalarStep(ref rw, ref rm, ref rv, ref rg, hasG, i, c);
    }

    /// <summary>Whether any lane is subnormal (0 &lt; |x| &lt; 2⁻¹²⁶).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasSubnormal(Vector256<float> x) => SubnormalMask(x) != Vector256<float>.Zero;

    /// <summary>All-ones in the lanes that are subnormal (0 &lt; |x| &lt; 2⁻¹²⁶), zero elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> SubnormalMask(Vector256<float> x)
    {
        var bits = Vector256.AsUInt32(x) & Vector256.Create(0x7FFFFFFFu);
        return Vector256.LessThan(bits - Vector256<uint>.One, Vector256.Create(0x007FFFFFu)).AsSingle();
    }

    /// <summary>Whether <see cref="ScaleSubnormalVector"/> applies to <paramref name="b"/> (0.5 &lt; b &lt; 1, AVX present).</summary>
    internal static bool CanScaleSubnormalVector(float b)
    {
        var bb = BitConverter.SingleToInt32Bits(b);
        return Avx.IsSupported && (bb >> 23) == 126 && (bb & 0x7FFFFF) != 0;
    }

    /// <summary>
    /// fl(b·x) in every lane holding a subnormal x (other lanes are garbage), for 0.5 &lt; b &lt; 1, without
    /// subnormal arithmetic: x = ±N·2⁻¹⁴⁹ with N &lt; 2²³, so N·b (≤ 47 significant bits) is exact in double and
    /// converting it to an integer rounds half to even, as the FPU rounds on the subnormal grid
    /// (the vector form of <see cref="ScaleSubnormal"/>; N·b ≥ 0.5·1 never rounds to zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> ScaleSubnormalVector(Vector256<float> x, float b)
    {
        var bits = x.AsInt32();
        var n = bits & Vector256.Create(0x7FFFFF);
        var bd = Vector256.Create((double)b);
        var lo = Avx.ConvertToVector128Int32(Avx.Multiply(Avx.ConvertToVector256Double(n.GetLower()), bd));
        var hi = Avx.ConvertToVector128Int32(Avx.Multiply(Avx.ConvertToVector256Double(n.GetUpper()), bd));
        return ((bits & Vector256.Create(int.MinValue)) | Vector256.Create(lo, hi)).AsSingle();
    }

    /// <summary>
    /// The scalar Adam step of element <paramref name="i"/>, the same IEEE operations as the vector path, except
    /// that a subnormal m with zero gradient avoids subnormal arithmetic while giving the same floats:
    /// m ← β₁m is rounded with integers (<see cref="ScaleSubnormal"/>), and w is left as is when the update
    /// provably rounds away (|fl(fl(s·m)/denom)| ≤ fl(s·2⁻¹²⁶)/ε &lt; |w|·2⁻²⁶, a quarter of w's smaller spacing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarStep(ref float rw, ref float rm, ref float rv, ref float rg, bool hasG, int i, in AdamCoefficients c)
    {
        ref var wi = ref Unsafe.Add(ref rw, i);
        var gi = hasG ? Unsafe.Add(ref rg, i) : 0f;
        if (c.Wd != 0f) gi += c.Wd * wi;
        ref var mi = ref Unsafe.Add(ref rm, i);
        ref var vi = ref Unsafe.Add(ref rv, i);
        if (gi == 0f && float.IsSubnormal(mi) && ScaleSubnormal(mi, c.B1, out var scaled))
        {
            // fl(β₁m) + (1-β₁)·0 = fl(β₁m): adding zero to a nonzero value changes nothing.
            mi = scaled;
            // v ← fl(β₂v) + 0 (exact integer rounding when v is subnormal too, after ~60,000 idle steps).
            vi = float.IsSubnormal(vi) && ScaleSubnormal(vi, c.B2, out var sv) ? sv : c.B2 * vi + c.C2 * gi * gi;
            if (Math.Abs(wi) > c.SubnormalStepBound) return;
            var d = MathF.Sqrt(vi) / c.Bc2Sqrt + c.Eps;
            wi -= c.StepSize * mi / d;
            return;
        }
        mi = c.B1 * mi + c.C1 * gi;
        vi = c.B2 * vi + c.C2 * gi * gi;
        var denom = MathF.Sqrt(vi) / c.Bc2Sqrt + c.Eps;
        wi -= c.StepSize * mi / denom;
    }

    /// <summary>
    /// fl(b·x) for a subnormal x and 0.5 &lt; b &lt; 1, computed exactly with integers (round half to even on the
    /// subnormal grid, as the FPU would): x = N·2⁻¹⁴⁹, b = B·2⁻²⁴, result = round(N·B / 2²⁴)·2⁻¹⁴⁹.
    /// Returns false (and leaves the work to the FPU) for other b.
    /// </summary>
    internal static bool ScaleSubnormal(float x, float b, out float result)
    {
        var bb = BitConverter.SingleToInt32Bits(b);
        if ((bb >> 23) != 126 || (bb & 0x7FFFFF) == 0)
        {
            result = 0;
            return false;
        }
        var bits = BitConverter.SingleToInt32Bits(x);
        long n = bits & 0x7FFFFF;
        long bm = (bb & 0x7FFFFF) | 0x800000;
        var p = n * bm;
        var q = p >> 24;
        var rem = p & 0xFFFFFF;
        if (rem > 0x800000 || (rem == 0x800000 && (q & 1) == 1)) q++;
        result = q == 0 ? 0f : BitConverter.Int32BitsToSingle((bits & int.MinValue) | (int)q);
        return true;
    }

    /// <summary>
    /// Replays <paramref name="times"/> zero-gradient steps of the moments only: m ← β₁m + 0, v ← β₂v + 0 (the
    /// exact float operations of <see cref="Update"/> with g = 0 and λ = 0). Stops decaying m once it reaches a
    /// fixed point (β₁ = 0.9 rounds 1..4 denormal units to themselves, so m never reaches 0).
    /// </summary>
    public static void DecayMoments(Span<float> m, Span<float> v, float b1, float b2, long times)
    {
        Decay(m, b1, times);
        Decay(v, b2, times);
    }

    /// <summary>
    /// x ← fl(b·x + 0) <paramref name="times"/> times, element-wise, bit for bit. Blocks of 64 lanes stay in
    /// registers (eight independent multiplication chains); while every lane is normal (or +0) and provably stays
    /// normal, a step is one multiplication per vector (+ 0 changes nothing then). Subnormal lanes are scaled with
    /// exact integer rounding; a block stops at a fixed point (no lane changed: later steps change nothing either).
    /// </summary>
    internal static void Decay(Span<float> x, float b, long times)
    {
        if (times <= 0) return;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && CanScaleSubnormalVector(b))
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - 64; i += 64) DecayBlock64(ref Unsafe.Add(ref rx, i), b, times);
            for (; i <= x.Length - 8; i += 8) DecayBlock8(ref Unsafe.Add(ref rx, i), b, times);
        }
        for (; i < x.Length; i++)
        {
            var xi = x[i];
            for (long t = 0; t < times; t++)
            {
                var nx = float.IsSubnormal(xi) && ScaleSubnormal(xi, b, out var sc) ? sc : b * xi + 0f;
                if (BitConverter.SingleToInt32Bits(nx) == BitConverter.SingleToInt32Bits(xi)) break;
                xi = nx;
            }
            x[i] = xi;
        }
    }

    /// <summary>
    /// Steps after which b·x (rounded at every step) is still normal for every lane of |x| ≥ <paramref name="minAbs"/>:
    /// x·(b(1 - 2⁻²³))ᵏ ≥ 2⁻¹²⁶ with one step of margin; zero when the next product may be subnormal.
    /// </summary>
    private static long SafeSteps(float minAbs, float b, long limit)
    {
        if (float.IsPositiveInfinity(minAbs)) return limit; // only zeros: b·(+0) = +0 for ever
        var shrink = -Math.Log(b * (1 - Math.Pow(2, -23)));
        var k = (long)Math.Floor(Math.Log(minAbs / Math.Pow(2, -126)) / shrink) - 1;
        return Math.Clamp(k, 0, limit);
    }

    /// <summary>Per lane: |x| (∞ for +0), or -1 when the lane is subnormal or -0 (the minimum over lanes is then negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MinNormal(Vector256<float> x)
    {
        var bad = SubnormalMask(x) | Vector256.Equals(x.AsUInt32(), Vector256.Create(0x80000000u)).AsSingle();
        var a = Vector256.Abs(x);
        var nz = Vector256.ConditionalSelect(Vector256.Equals(a, Vector256<float>.Zero), Vector256.Create(float.PositiveInfinity), a);
        return Vector256.ConditionalSelect(bad, Vector256.Create(-1f), nz);
    }

    private static float HorizontalMin(Vector256<float> v)
    {
        var m = float.PositiveInfinity;
        for (var j = 0; j < 8; j++) m = Math.Min(m, v[j]);
        return m;
    }

    /// <summary>One exact step b·x + 0 of a vector (subnormal lanes by integer rounding); returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExactStep(Vector256<float> x, float b)
    {
        var sub = SubnormalMask(x);
        var plain = Vector256.Create(b) * Vector256.AndNot(x, sub) + Vector256<float>.Zero;
        return sub == Vector256<float>.Zero ? plain : Vector256.ConditionalSelect(sub, ScaleSubnormalVector(x, b), plain);
    }

    private static void DecayBlock64(ref float p, float b, long times)
    {
        var x0 = Vector256.LoadUnsafe(ref p, 0); var x1 = Vector256.LoadUnsafe(ref p, 8);
        var x2 = Vector256.LoadUnsafe(ref p, 16); var x3 = Vector256.LoadUnsafe(ref p, 24);
        var x4 = Vector256.LoadUnsafe(ref p, 32); var x5 = Vector256.LoadUnsafe(ref p, 40);
        var x6 = Vector256.LoadUnsafe(ref p, 48); var x7 = Vector256.LoadUnsafe(ref p, 56);
        var vb = Vector256.Create(b);
        var left = times;
        while (left > 0)
        {
            var mn = Vector256.Min(Vector256.Min(Vector256.Min(MinNormal(x0), MinNormal(x1)), Vector256.Min(MinNormal(x2), MinNormal(x3))),
                Vector256.Min(Vector256.Min(MinNormal(x4), MinNormal(x5)), Vector256.Min(MinNormal(x6), MinNormal(x7))));
            var minAbs = HorizontalMin(mn);
            var k = minAbs < 0 ? 0 : SafeSteps(minAbs, b, left);
            if (k > 0)
            {
                // Every lane is +0 or normal and stays normal for k steps: fl(b·x) + 0 = fl(b·x).
                for (var t = 0L; t < k; t++)
                {
                    x0 *= vb; x1 *= vb; x2 *= vb; x3 *= vb;
                    x4 *= vb; x5 *= vb; x6 *= vb; x7 *= vb;
                }
                left -= k;
                continue;
            }
            var (y0, y1, y2, y3) = (ExactStep(x0, b), ExactStep(x1, b), ExactStep(x2, b), ExactStep(x3, b));
            var (y4, y5, y6, y7) = (ExactStep(x4, b), ExactStep(x5, b), ExactStep(x6, b), ExactStep(x7, b));
            var changed = (y0.AsInt32() ^ x0.AsInt32()) | (y1.AsInt32() ^ x1.AsInt32()) | (y2.AsInt32() ^ x2.AsInt32())
                | (y3.AsInt32() ^ x3.AsInt32()) | (y4.AsInt32() ^ x4.AsInt32()) | (y5.AsInt32() ^ x5.AsInt32())
                | (y6.AsInt32() ^ x6.AsInt32()) | (y7.AsInt32() ^ x7.AsInt32());
            (x0, x1, x2, x3, x4, x5, x6, x7) = (y0, y1, y2, y3, y4, y5, y6, y7);
            left--;
            if (changed == Vector256<int>.Zero) break; // a fixed point
        }
        x0.StoreUnsafe(ref p, 0); x1.StoreUnsafe(ref p, 8); x2.StoreUnsafe(ref p, 16); x3.StoreUnsafe(ref p, 24);
        x4.StoreUnsafe(ref p, 32); x5.StoreUnsafe(ref p, 40); x6.StoreUnsafe(ref p, 48); x7.StoreUnsafe(ref p, 56);
    }

    private static void DecayBlock8(ref float p, float b, long times)
    {
        var x = Vector256.LoadUnsafe(ref p);
        var vb = Vector256.Create(b);
        var left = times;
        while (left > 0)
        {
            var minAbs = HorizontalMin(MinNormal(x));
            var k = minAbs < 0 ? 0 : SafeSteps(minAbs, b, left);
            if (k > 0)
            {
                for (var t = 0L; t < k; t++) x *= vb;
                left -= k;
                continue;
            }
            var y = ExactStep(x, b);
            var changed = y.AsInt32() ^ x.AsInt32();
            x = y;
            left--;
            if (changed == Vector256<int>.Zero) break;
        }
        x.StoreUnsafe(ref p);
    }

    /// <summary>
    /// True when no later zero-gradient step can change w: for every element, with s the step size of the next
    /// step (step sizes α/(1-β₁ᵗ) only shrink), |fl(fl(s·|m|)/ε)| &lt; |w|·2⁻²⁶. The real update
    /// fl(fl(s·m)/denom) is no larger (denom ≥ ε, |m| only decays), and anything below a quarter of w's
    /// smaller neighbour spacing rounds away: w - x = w exactly. Requires λ = 0.
    /// </summary>
    public static bool Stalled(ReadOnlySpan<float> w, ReadOnlySpan<float> m, float nextStepSize, float eps)
    {
        const float quarterUlp = 1f / (1 << 26);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(nextStepSize);
            var e = Vector256.Create(eps);
            var q = Vector256.Create(quarterUlp);
            ref var rw = ref MemoryMarshal.GetReference(w);
            ref var rm = ref MemoryMarshal.GetReference(m);
            for (; i <= w.Length - 8; i += 8)
            {
                var bound = s * Vector256.Abs(Vector256.LoadUnsafe(ref rm, (nuint)i)) / e;
                var limit = Vector256.Abs(Vector256.LoadUnsafe(ref rw, (nuint)i)) * q;
                // !(bound < limit) also catches NaN.
                if (!Vector256.LessThanAll(bound, limit)) return false;
            }
        }
        for (; i < w.Length; i++)
        {
            var bound = nextStepSize * Math.Abs(m[i]) / eps;
            if (!(bound < Math.Abs(w[i]) * quarterUlp)) return false;
        }
        return true;
    }
}

/// <summary>
/// Adam (Kingma and Ba 2015, "Adam: a method for stochastic optimization") with torch.optim.Adam's
/// semantics: bias-corrected moments, ε added after the square root of v̂, optional L2 weight decay.
/// </summary>
/// <remarks>
/// Parameters with row-sparse gradients and <see cref="Parameter.LazyOptimizer"/> are updated lazily:
/// a step touches only rows that received a gradient; an untouched row replays its missed zero-gradient
/// steps, with the same arithmetic as a dense step, when it is next read or updated
/// (<see cref="Parameter.EnsureCurrent(ReadOnlySpan{int})"/>). The floats are identical to a dense update.
/// Once the update of a row is provably below half a unit in the last place of every w (see
/// <see cref="AdamKernel.Stalled"/>), w cannot move until the row's next gradient, so the replay only decays
/// m and v (one multiplication per element and step, exactly as the dense step computes them).
/// </remarks>
public sealed class Adam : ILazyRowUpdater
{
    private readonly float[][] _m;
    private readonly float[][] _v;
    private readonly long[]?[] _rowStep;

    /// <summary>Creates the optimizer with zero moments over <paramref name="parameters"/>.</summary>
    public Adam(ParameterSet parameters, AdamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options ?? new AdamOptions();
        Options.Validate();
        Parameters = parameters;
        _m = parameters.Select(p => new float[p.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Length]).ToArray();
        _rowStep = parameters.Select(p => p.LazyOptimizer ? new long[p.Rows] : null).ToArray();
        foreach (var p in parameters)
            if (p.LazyOptimizer)
                p.LazyUpdater = this;
    }

    /// <summary>The hyper-parameters.</summary>
    public AdamOptions Options { get; }

    /// <summary>How many lazy replays ended in the stalled shortcut (w provably fixed; only m and v decayed).</summary>
    public long StalledReplays => Interlocked.Read(ref _stalledReplays);

    private long _stalledReplays;

    /// <summary>The parameters this optimizer updates.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Steps taken so far (PyTorch's <c>state['step']</c>).</summary>
    public long StepCount { get; private set; }

    /// <summary>The first moment m of parameter <paramref name="index"/> (brought up to date first).</summary>
    public ReadOnlySpan<float> FirstMoment(int index)
    {
        SynchronizeState();
        return _m[index];
    }

    /// <summary>The second moment v of parameter <paramref name="index"/> (brought up to date first).</summary>
    public ReadOnlySpan<float> SecondMoment(int index)
    {
        SynchronizeState();
        return _v[index];
    }

    /// <summary>Raised before the moments are read or saved, so a fused kernel that defers work can complete it.</summary>
    internal event Action? SynchronizingState;

    /// <summary>Raised after <see cref="Restore"/> replaced the moments, so deferred work can be dropped.</summary>
    internal event Action? StateRestored;

    /// <summary>Completes every deferred update of values and moments (lazy rows, fused kernels).</summary>
    public void SynchronizeState()
    {
        foreach (var p in Parameters)
            if (p.LazyOptimizer)
                SynchronizeAll(p);
        SynchronizingState?.Invoke();
    }

    /// <summary>Raw moment buffers (for fused kernels and save/load; lazy rows may lag behind).</summary>
    internal (float[] M, float[] V) State(int index) => (_m[index], _v[index]);

    /// <summary>Advances the step counter without updating anything (for fused kernels that apply the step themselves).</summary>
    internal AdamCoefficients BeginStep() => CoefficientsOf(++StepCount);

    /// <summary>Coefficients of step <paramref name="step"/>.</summary>
    internal AdamCoefficients CoefficientsOf(long step)
    {
        // Two Math.Pow per step are as costly as a 128-wide row update, and lazy replays need old steps again.
        if (step >= CoefficientCacheSize) return new AdamCoefficients(Options, step);
        if (step >= _coefficients.Length)
        {
            var grown = new AdamCoefficients[(int)Math.Min(CoefficientCacheSize, Math.Max(step + 1, 2L * _coefficients.Length))];
            _coefficients.CopyTo(grown, 0);
            for (var t = _coefficients.Length; t < grown.Length; t++) grown[t] = new AdamCoefficients(Options, t);
            _coefficients = grown;
        }
        return _coefficients[step];
    }

    private const long CoefficientCacheSize = 1 << 18;
    private AdamCoefficients[] _coefficients = [];

    /// <summary>Restores the step counter and moments (save/load); every lazy row becomes current.</summary>
    internal void Restore(long step)
    {
        StepCount = step;
        foreach (var rs in _rowStep) rs?.AsSpan().Fill(step);
        StateRestored?.Invoke();
    }

    /// <summary>Applies one Adam step to every parameter, using the accumulated gradients.</summary>
    public void Step()
    {
        var c = CoefficientsOf(++StepCount);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            var rs = _rowStep[i];
            if (rs is null)
            {
                AdamKernel.Update(p.Value, _m[i], _v[i], p.Grad, c);
                continue;
            }
            foreach (var r in p.TouchedRows)
            {
                CatchUp(i, r, StepCount - 1);
                var (o, n) = (r * p.Cols, p.Cols);
                AdamKernel.Update(p.Value.AsSpan(o, n), _m[i].AsSpan(o, n), _v[i].AsSpan(o, n), p.Grad.AsSpan(o, n), c);
                rs[r] = StepCount;
            }
        }
    }

    /// <summary>Applies one step to parameter <paramref name="index"/> only, with coefficients <paramref name="c"/> (fused paths).</summary>
    internal void UpdateDense(int index, in AdamCoefficients c)
    {
        var p = Parameters[index];
        AdamKernel.Update(p.Value, _m[index], _v[index], p.Grad, c);
    }

    void ILazyRowUpdater.Synchronize(Parameter parameter, ReadOnlySpan<int> rows)
    {
        var i = IndexOf(parameter);
        var rs = _rowStep[i];
        if (rs is null) return;
        // Distinct stale rows; replays of many steps are split over the worker threads (rows are independent).
        _stale ??= new List<int>();
        _stale.Clear();
        long work = 0;
        foreach (var r in rows)
        {
            // Current rows and rows already queued (marked negative, restored below) are skipped.
            if (rs[r] >= StepCount || rs[r] < 0) continue;
            work += StepCount - rs[r];
            rs[r] = -1 - rs[r];
            _stale.Add(r);
        }
        foreach (var r in _stale) rs[r] = -1 - rs[r];
        if (_stale.Count == 0) return;
        if (work * parameter.Cols < ParallelCatchUpThreshold || _stale.Count < 2)
        {
            foreach (var r in _stale) CatchUp(i, r, StepCount);
            return;
        }
        _catchUpJob ??= new CatchUpJob(this);
        _catchUpJob.Index = i;
        CoefficientsOf(StepCount); // grow the shared coefficient cache before the threads read it
        WorkerPool.Run(_catchUpJob, WorkerPool.MaxParallelism);
    }

    /// <summary>
    /// Element-steps of lazy replay above which a synchronisation uses all worker threads. High, because a typical
    /// step replays well under a millisecond of work, where waking a worker on a busy machine costs more than it saves.
    /// </summary>
    internal static long ParallelCatchUpThreshold { get; set; } = 4_000_000;

    private List<int>? _stale;
    private CatchUpJob? _catchUpJob;

    private sealed class CatchUpJob(Adam adam) : IParallelJob
    {
        public int Index;

        public void Execute(int part, int parts)
        {
            var rows = adam._stale!;
            var (start, end) = Sgemm.Split(rows.Count, 1, part, parts);
            for (var k = start; k < end; k++) adam.CatchUp(Index, rows[k], adam.StepCount);
        }
    }

    /// <inheritdoc cref="ILazyRowUpdater.SynchronizeAll"/>
    public void SynchronizeAll(Parameter parameter)
    {
        var i = IndexOf(parameter);
        if (_rowStep[i] is null) return;
        for (var r = 0; r < parameter.Rows; r++) CatchUp(i, r, StepCount);
    }

    private int IndexOf(Parameter p)
    {
        for (var i = 0; i < Parameters.Count; i++)
            if (ReferenceEquals(Parameters[i], p))
                return i;
        throw new ArgumentException($"parameter '{p.Name}' is not optimised by this Adam");
    }

    /// <summary>Replays the zero-gradient steps of row <paramref name="r"/> up to step <paramref name="upTo"/>.</summary>
    private void CatchUp(int i, int r, long upTo)
    {
        var rs = _rowStep[i]!;
        var from = rs[r];
        if (from >= upTo) return;
        var p = Parameters[i];
        var (o, n) = (r * p.Cols, p.Cols);
        var w = p.Value.AsSpan(o, n);
        var m = _m[i].AsSpan(o, n);
        var v = _v[i].AsSpan(o, n);
        var stallPossible = Options.WeightDecay == 0;
        for (var t = from + 1; t <= upTo; t++)
        {
            var c = CoefficientsOf(t);
            if (stallPossible && ((t - from) & 3) == 1 && AdamKernel.Stalled(w, m, c.StepSize, c.Eps))
            {
                AdamKernel.DecayMoments(m, v, c.B1, c.B2, upTo - t + 1);
                Interlocked.Increment(ref _stalledReplays);
                break;
            }
            AdamKernel.Update(w, m, v, default, c);
        }
        rs[r] = upTo;
    }
}
