using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Agents;

/// <summary>
/// Small span kernels for the 64-wide layers of seed 001's networks (rows of at most a few dozen vectors, where a
/// library call per row would cost more than the arithmetic). All validate their lengths.
/// </summary>
internal static class SongQKernels
{
    /// <summary><c>y += a * x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("length mismatch");
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
            {
                var vy = Vector256.LoadUnsafe(ref ry, (nuint)i);
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, (nuint)i), vy).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref ry, i) = MathF.FusedMultiplyAdd(a, Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i));
    }

    /// <summary><c>sum_i x_i y_i</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("length mismatch");
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var n = x.Length;
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i), acc);
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, i), Unsafe.Add(ref ry, i), sum);
        return sum;
    }

    /// <summary><c>x = max(x, 0)</c> (NaN and -0 become +0).</summary>
    public static void Relu(Span<float> x)
    {
        var i = 0;
        if (Avx.IsSupported)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            var zero = Vector256<float>.Zero;
            // vmaxps returns its second operand when either is NaN or both are zero: relu(NaN) = relu(-0) = +0.
            for (; i + 8 <= x.Length; i += 8) Avx.Max(Vector256.LoadUnsafe(ref rx, (nuint)i), zero).StoreUnsafe(ref rx, (nuint)i);
        }
        for (; i < x.Length; i++) if (!(x[i] > 0)) x[i] = 0;
    }

    /// <summary>
    /// <c>C[i, :] = act(bias + sum_p A[i, p] B[p, :])</c> for the <c>m</c> rows of A (<c>m x k</c>) against B
    /// (<c>k x n</c>, row-major), with <c>act</c> = ReLU when <paramref name="relu"/>. Rows are blocked by four so
    /// each loaded vector of B feeds four FMAs.
    /// </summary>
    public static void MatMulBias(ReadOnlySpan<float> a, int m, int k, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, bool relu)
    {
        var n = bias.Length;
        if (a.Length < m * k || b.Length != k * n || c.Length < m * n) throw new ArgumentException("matrix sizes do not match");
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n % 8 == 0)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            ref var rc = ref MemoryMarshal.GetReference(c);
            ref var rbias = ref MemoryMarshal.GetReference(bias);
            for (; i + 4 <= m; i += 4)
            {
                for (var j = 0; j < n; j += 8)
                {
                    var bj = Vector256.LoadUnsafe(ref rbias, (nuint)j);
                    Vector256<float> c0 = bj, c1 = bj, c2 = bj, c3 = bj;
                    var a0 = i * k;
                    for (var p = 0; p < k; p++)
                    {
                        var vb = Vector256.LoadUnsafe(ref rb, (nuint)(p * n + j));
                        c0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ra, a0 + p)), vb, c0);
                        c1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ra, a0 + k + p)), vb, c1);
                        c2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ra, a0 + 2 * k + p)), vb, c2);
                        c3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref ra, a0 + 3 * k + p)), vb, c3);
                    }
                    if (relu)
                    {
                        c0 = Vector256.Max(c0, Vector256<float>.Zero);
                        c1 = Vector256.Max(c1, Vector256<float>.Zero);
                        c2 = Vector256.Max(c2, Vector256<float>.Zero);
                        c3 = Vector256.Max(c3, Vector256<float>.Zero);
                    }
                    c0.StoreUnsafe(ref rc, (nuint)(i * n + j));
                    c1.StoreUnsafe(ref rc, (nuint)((i + 1) * n + j));
                    c2.StoreUnsafe(ref rc, (nuint)((i + 2) * n + j));
                    c3.StoreUnsafe(ref rc, (nuint)((i + 3) * n + j));
                }
            }
        }
        for (; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            bias.CopyTo(row);
            var arow = a.Slice(i * k, k);
            for (var p = 0; p < k; p++)
            {
                var s = arow[p];
                if (s != 0) Axpy(s, b.Slice(p * n, n), row);
            }
            if (relu) Relu(row);
        }
    }

    /// <summary>Adam moments below this magnitude are stored as zero (see <see cref="AdamStep"/>).</summary>
    public const float MomentFloor = 1e-30f;

    /// <summary>
    /// One Adam step with PyTorch's semantics (Kingma and Ba 2015; <c>torch.optim.Adam</c>, no weight decay):
    /// <c>m = b1 m + (1 - b1) g</c>, <c>v = b2 v + (1 - b2) g^2</c>,
    /// <c>theta -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)</c>.
    /// Moments whose magnitude falls below <see cref="MomentFloor"/> (1e-30) are stored as zero: a moment that
    /// decays geometrically for lack of gradient (a rare tag's first-layer row) would otherwise become a subnormal
    /// float, which costs x86 cores about a hundred cycles per operation (a 20-40x slower step here). The
    /// parameters do not change: such an <c>m</c> moves a parameter by at most <c>lr * 1e-30 / eps = 1e-25</c>,
    /// and such a <c>v</c> changes the denominator <c>sqrt(v)/sqrt(1-b2^t) + eps</c> by under <c>1e-15</c> against
    /// <c>eps = 1e-8</c>: both far below half an ulp of any parameter.
    /// </summary>
    public static void AdamStep(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, long step, float lr, float beta1, float beta2, float eps)
    {
        var n = theta.Length;
        if (g.Length != n || m.Length != n || v.Length != n) throw new ArgumentException("Adam buffers differ in length");
        var bc1 = 1 - Math.Pow(beta1, step);
        var bc2 = 1 - Math.Pow(beta2, step);
        var stepSize = (float)(lr / bc1);
        var bc2Sqrt = (float)Math.Sqrt(bc2);
        var omb1 = 1 - beta1;
        var omb2 = 1 - beta2;
        ref var rt = ref MemoryMarshal.GetReference(theta);
        ref var rg = ref MemoryMarshal.GetReference(g);
        ref var rm = ref MemoryMarshal.GetReference(m);
        ref var rv = ref MemoryMarshal.GetReference(v);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb1 = Vector256.Create(beta1);
            var vb2 = Vector256.Create(beta2);
            var vo1 = Vector256.Create(omb1);
            var vo2 = Vector256.Create(omb2);
            var vs = Vector256.Create(stepSize);
            var vbc = Vector256.Create(bc2Sqrt);
            var ve = Vector256.Create(eps);
            var floor = Vector256.Create(MomentFloor);
            for (; i + 8 <= n; i += 8)
            {
                var gi = Vector256.LoadUnsafe(ref rg, (nuint)i);
                var m0 = Vector256.LoadUnsafe(ref rm, (nuint)i);
                if (Vector256.EqualsAll((gi.AsInt32() | m0.AsInt32()), Vector256<int>.Zero))
                {
                    // g = m = +0: the full step leaves m = +0 and theta unchanged (theta - step * 0 / denom) and
                    // makes v = b2 v (+ 0): only that is computed (a rarely trained row of W3, a rare tag's row of W1).
                    var vz = vb2 * Vector256.LoadUnsafe(ref rv, (nuint)i);
                    (vz & Vector256.GreaterThanOrEqual(vz, floor)).StoreUnsafe(ref rv, (nuint)i);
                    continue;
                }
                var mi = vb1 * m0 + vo1 * gi;
                var vi = vb2 * Vector256.LoadUnsafe(ref rv, (nuint)i) + vo2 * (gi * gi);
                mi &= Vector256.GreaterThanOrEqual(Vector256.Abs(mi), floor);
                vi &= Vector256.GreaterThanOrEqual(vi, floor);
                mi.StoreUnsafe(ref rm, (nuint)i);
                vi.StoreUnsafe(ref rv, (nuint)i);
                var denom = Vector256.Sqrt(vi) / vbc + ve;
                (Vector256.LoadUnsafe(ref rt, (nuint)i) - vs * (mi / denom)).StoreUnsafe(ref rt, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var gi = Unsafe.Add(ref rg, i);
            var mi = beta1 * Unsafe.Add(ref rm, i) + omb1 * gi;
            var vi = beta2 * Unsafe.Add(ref rv, i) + omb2 * (gi * gi);
            if (!(MathF.Abs(mi) >= MomentFloor)) mi = 0;
            if (!(vi >= MomentFloor)) vi = 0;
            Unsafe.Add(ref rm, i) = mi;
            Unsafe.Add(ref rv, i) = vi;
            var denom = MathF.Sqrt(vi) / bc2Sqrt + eps;
            Unsafe.Add(ref rt, i) -= stepSize * (mi / denom);
        }
    }
}
