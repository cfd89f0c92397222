using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workbench.Neural;

/// <summary>
/// Single-precision matrix product on row-major spans: C = op(A) op(B) (or C += op(A) op(B)), where
/// op(X) is X or its transpose. op(A) is m x k, op(B) is k x n, C is m x n; <c>lda</c>, <c>ldb</c> and
/// <c>ldc</c> are the row strides of the stored matrices, so sub-matrices (a column block of a weight)
/// work without copies.
/// </summary>
/// <remarks>
/// The kernel follows Goto and van de Geijn ("Anatomy of high-performance matrix multiplication", ACM TOMS
/// 2008): operands are packed into cache-sized panels and a 6 x 16 register-blocked micro-kernel
/// accumulates with <c>Vector256</c> fused multiply-adds (12 accumulators). Products above
/// <see cref="ParallelThreshold"/> multiply-adds are split over the worker threads along the larger of m and n.
/// Packing buffers are per thread and reused: nothing is allocated per call after the first.
/// Each element of C is accumulated in the same order (k ascending within blocks of <see cref="KBlock"/>)
/// whatever the thread count, so results do not depend on the split.
/// </remarks>
public static unsafe class Sgemm
{
    /// <summary>Rows of the micro-kernel tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of the micro-kernel tile.</summary>
    public const int NR = 16;

    /// <summary>Depth of a packed block (k).</summary>
    public const int KBlock = 256;

    private const int MBlock = 16 * MR;
    private const int NBlock = 2048;

    /// <summary>Products with at least this many multiply-adds (m n k) run on all worker threads.</summary>
    public static long ParallelThreshold { get; set; } = 2_000_000;

    [ThreadStatic] private static float[]? _packB;
    [ThreadStatic] private static GemmJob? _job;

    /// <summary>C = A B (A: m x k, B: k x n).</summary>
    public static void NN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false) =>
        Multiply(false, false, m, n, k, a, k, b, n, c, n, accumulate);

    /// <summary>C = A Bᵀ (A: m x k, B stored n x k), the forward product of a PyTorch-layout linear layer.</summary>
    public static void NT(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false) =>
        Multiply(false, true, m, n, k, a, k, b, k, c, n, accumulate);

    /// <summary>C = Aᵀ B (A stored k x m, B: k x n), the weight-gradient product.</summary>
    public static void TN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false) =>
        Multiply(true, false, m, n, k, a, m, b, n, c, n, accumulate);

    /// <summary>
    /// The general form: C[i, j] (+)= Σ_p op(A)[i, p] op(B)[p, j] with explicit row strides.
    /// </summary>
    /// <param name="transA">A is stored k x m (row stride <paramref name="lda"/> ≥ m) instead of m x k (lda ≥ k).</param>
    /// <param name="transB">B is stored n x k (ldb ≥ k) instead of k x n (ldb ≥ n).</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of the stored A.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row stride of the stored B.</param>
    /// <param name="c">C, row-major (must not overlap A or B).</param>
    /// <param name="ldc">Row stride of C (≥ n).</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0) return;
        Require(c.Length, m, n, ldc, "C");
        if (k == 0)
        {
            if (!accumulate)
                for (var i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        if (transA) Require(a.Length, k, m, lda, "A (stored k x m)"); else Require(a.Length, m, k, lda, "A");
        if (transB) Require(b.Length, n, k, ldb, "B (stored n x k)"); else Require(b.Length, k, n, ldb, "B");
        if (c.Overlaps(a) || c.Overlaps(b)) throw new ArgumentException("C must not overlap A or B");

        fixed (float* pa = a, pb = b, pc = c)
        {
            var parts = (long)m * n * k >= ParallelThreshold ? WorkerPool.MaxParallelism : 1;
            if (!Fma.IsSupported || !Avx.IsSupported)
            {
                Naive(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                return;
            }
            if (parts == 1)
            {
                Blocked(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                return;
            }
            var job = _job ??= new GemmJob();
            job.Set(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            WorkerPool.Run(job, parts);
        }
    }

    /// <summary>Floats needed to hold op(B) (k x n) packed by <see cref="PackTransposed"/>.</summary>
    internal static int PackedLength(int n, int k) => (n + NR - 1) / NR * NR * k;

    /// <summary>Packs Bᵀ, with B stored [n, k] (row stride <paramref name="ldb"/>), into NR-wide panels once, for <see cref="MultiplyPacked"/>.</summary>
    internal static void PackTransposed(ReadOnlySpan<float> b, int ldb, int n, int k, Span<float> packed)
    {
        Require(b.Length, n, k, ldb, "B (stored n x k)");
        if (packed.Length < PackedLength(n, k)) throw new ArgumentException("packed buffer too short");
        if (!Avx.IsSupported) throw new PlatformNotSupportedException("packed products need AVX");
        fixed (float* pb = b, pp = packed) PackB(true, pb, ldb, 0, 0, k, n, pp);
    }

    /// <summary>
    /// C = A op(B) with op(B) (k x n, k ≤ <see cref="KBlock"/>) packed by <see cref="PackTransposed"/> and A (m x k,
    /// row stride lda) read in place; single-threaded. Each element is the same fused multiply-add chain over
    /// k as in <see cref="Multiply"/>, so results are bitwise equal to it (and to the transposed product's).
    /// </summary>
    internal static void MultiplyPacked(int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> packed, Span<float> c, int ldc)
    {
        if (k < 1 || k > KBlock) throw new ArgumentOutOfRangeException(nameof(k), k, $"must be in [1, {KBlock}]");
        Require(a.Length, m, k, lda, "A");
        Require(c.Length, m, n, ldc, "C");
        if (packed.Length < PackedLength(n, k)) throw new ArgumentException("packed buffer too short");
        if (!Fma.IsSupported) throw new PlatformNotSupportedException("packed products need FMA");
        fixed (float* pa = a, pp = packed, pc = c)
        {
            for (var jr = 0; jr < n; jr += NR)
            {
                var nr = Math.Min(NR, n - jr);
                var bp = pp + (long)jr * k;
                for (var ir = 0; ir < m; ir += MR)
                {
                    var mr = Math.Min(MR, m - ir);
                    var a0 = pa + (long)ir * lda;
                    var a1 = a0 + Math.Min(1, mr - 1) * (long)lda;
                    var a2 = a0 + Math.Min(2, mr - 1) * (long)lda;
                    var a3 = a0 + Math.Min(3, mr - 1) * (long)lda;
                    var a4 = a0 + Math.Min(4, mr - 1) * (long)lda;
                    var a5 = a0 + Math.Min(5, mr - 1) * (long)lda;
                    var cp = pc + (long)ir * ldc + jr;
                    if (mr == MR && nr == NR) Micro(k, a0, a1, a2, a3, a4, a5, 1, bp, cp, ldc, false);
                    else MicroEdge(k, a0, a1, a2, a3, a4, a5, 1, bp, cp, ldc, false, mr, nr);
                }
            }
        }
    }

    private static void Require(int length, int rows, int cols, int ld, string what)
    {
        if (ld < cols) throw new ArgumentException($"{what}: row stride {ld} is smaller than its {cols} columns");
        var need = (long)(rows - 1) * ld + cols;
        if (length < need) throw new ArgumentException($"{what}: span of {length} floats is shorter than the {need} a {rows} x {cols} matrix with stride {ld} needs");
    }

    private sealed class GemmJob : IParallelJob
    {
        private bool _ta, _tb, _acc;
        private int _m, _n, _k, _lda, _ldb, _ldc;
        private float* _a, _b, _c;

        public void Set(bool ta, bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool acc)
        {
            (_ta, _tb, _m, _n, _k, _lda, _ldb, _ldc, _acc) = (ta, tb, m, n, k, lda, ldb, ldc, acc);
            _a = a;
            _b = b;
            _c = c;
        }

        public void Execute(int part, int parts)
        {
            if (_n >= _m)
            {
                var (j0, j1) = Split(_n, NR, part, parts);
                if (j1 <= j0) return;
                var b = _tb ? _b + (long)j0 * _ldb : _b + j0;
                Blocked(_ta, _tb, _m, j1 - j0, _k, _a, _lda, b, _ldb, _c + j0, _ldc, _acc);
            }
            else
            {
                var (i0, i1) = Split(_m, MR, part, parts);
                if (i1 <= i0) return;
                var a = _ta ? _a + i0 : _a + (long)i0 * _lda;
                Blocked(_ta, _tb, i1 - i0, _n, _k, a, _lda, _b, _ldb, _c + (long)i0 * _ldc, _ldc, _acc);
            }
        }
    }

    /// <summary>Splits [0, total) into <paramref name="parts"/> ranges aligned to <paramref name="align"/>.</summary>
    internal static (int Start, int End) Split(int total, int align, int part, int parts)
    {
        var units = (total + align - 1) / align;
        var start = (int)Math.Min(total, (long)units * part / parts * align);
        var end = (int)Math.Min(total, (long)units * (part + 1) / parts * align);
        return (start, end);
    }

    private static void Naive(bool ta, bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool acc)
    {
        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            float s = 0;
            for (var p = 0; p < k; p++)
                s += (ta ? a[(long)p * lda + i] : a[(long)i * lda + p]) * (tb ? b[(long)j * ldb + p] : b[(long)p * ldb + j]);
            c[(long)i * ldc + j] = acc ? c[(long)i * ldc + j] + s : s;
        }
    }

    private static void Blocked(bool ta, bool tb, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool acc)
    {
        var packB = _packB ??= GC.AllocateUninitializedArray<float>(NBlock * KBlock, pinned: true);
        // op(A)[i, p] sits at a + i·rs + p·cs: A is read in place (six row pointers), only B is packed.
        nint rs = ta ? 1 : lda, cs = ta ? lda : 1;
        fixed (float* pB = packB)
        {
            for (var jc = 0; jc < n; jc += NBlock)
            {
                var nc = Math.Min(NBlock, n - jc);
                for (var pc = 0; pc < k; pc += KBlock)
                {
                    var kc = Math.Min(KBlock, k - pc);
                    PackB(tb, b, ldb, pc, jc, kc, nc, pB);
                    var accumulate = acc || pc > 0;
                    for (var ic = 0; ic < m; ic += MBlock)
                    {
                        var mc = Math.Min(MBlock, m - ic);
                        for (var jr = 0; jr < nc; jr += NR)
                        {
                            var nr = Math.Min(NR, nc - jr);
                            var bp = pB + (long)jr * kc;
                            for (var ir = 0; ir < mc; ir += MR)
                            {
                                var mr = Math.Min(MR, mc - ir);
                                var cp = c + (long)(ic + ir) * ldc + jc + jr;
                                var a0 = a + (ic + ir) * rs + pc * cs;
                                // Rows past the edge repeat the last row; MicroEdge discards them.
                                var a1 = a0 + Math.Min(1, mr - 1) * rs;
                                var a2 = a0 + Math.Min(2, mr - 1) * rs;
                                var a3 = a0 + Math.Min(3, mr - 1) * rs;
                                var a4 = a0 + Math.Min(4, mr - 1) * rs;
                                var a5 = a0 + Math.Min(5, mr - 1) * rs;
                                if (mr == MR && nr == NR) Micro(kc, a0, a1, a2, a3, a4, a5, cs, bp, cp, ldc, accumulate);
                                else MicroEdge(kc, a0, a1, a2, a3, a4, a5, cs, bp, cp, ldc, accumulate, mr, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] (kc x nc) into NR-wide column panels, zero-padded.</summary>
    private static void PackB(bool tb, float* b, int ldb, int pc, int jc, int kc, int nc, float* dst)
    {
        for (var jp = 0; jp < nc; jp += NR)
        {
            var w = Math.Min(NR, nc - jp);
            var panel = dst + (long)jp * kc;
            if (!tb)
            {
                var src = b + (long)pc * ldb + jc + jp;
                if (w == NR)
                {
                    for (var p = 0; p < kc; p++, src += ldb)
                    {
                        Avx.Store(panel + p * NR, Avx.LoadVector256(src));
                        Avx.Store(panel + p * NR + 8, Avx.LoadVector256(src + 8));
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++, src += ldb)
                    for (var cc = 0; cc < NR; cc++)
                        panel[p * NR + cc] = cc < w ? src[cc] : 0f;
                }
                continue;
            }
            // Transposed B: panel[p][cc] = B[jc + jp + cc, pc + p]; 8 x 8 register transposes where possible.
            var rows = b + (long)(jc + jp) * ldb + pc;
            var p8 = w == NR ? kc & ~7 : 0;
            for (var p = 0; p < p8; p += 8)
            {
                Transpose8(rows + p, ldb, panel + p * NR);
                Transpose8(rows + 8L * ldb + p, ldb, panel + p * NR + 8);
            }
            for (var cc = 0; cc < NR; cc++)
            {
                var src = rows + (long)cc * ldb;
                if (cc < w)
                    for (var p = p8; p < kc; p++) panel[p * NR + cc] = src[p];
                else
                    for (var p = p8; p < kc; p++) panel[p * NR + cc] = 0f;
            }
        }
    }

    /// <summary>dst[q·NR + r] = src[r·ld + q] for r, q &lt; 8 (an 8 x 8 transpose into a panel of stride NR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* src, int ld, float* dst)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2L * ld);
        var r3 = Avx.LoadVector256(src + 3L * ld);
        var r4 = Avx.LoadVector256(src + 4L * ld);
        var r5 = Avx.LoadVector256(src + 5L * ld);
        var r6 = Avx.LoadVector256(src + 6L * ld);
        var r7 = Avx.LoadVector256(src + 7L * ld);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + NR, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * NR, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * NR, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * NR, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * NR, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * NR, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * NR, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>The 6 x 16 tile: C[r, 0..16) (+)= Σ_p A[r, p] · panel[p, 0..16), A row r read from a_r with stride cs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro(int kc, float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, nint cs, float* bp, float* c, int ldc, bool acc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(bp);
            var b1 = Avx.LoadVector256(bp + 8);
            var x = Avx.BroadcastScalarToVector256(a0);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Avx.BroadcastScalarToVector256(a1);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Avx.BroadcastScalarToVector256(a2);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Avx.BroadcastScalarToVector256(a3);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Avx.BroadcastScalarToVector256(a4);
            c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Avx.BroadcastScalarToVector256(a5);
            c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a0 += cs; a1 += cs; a2 += cs; a3 += cs; a4 += cs; a5 += cs;
            bp += NR;
        }
        Store(c, acc, c00, c01); c += ldc;
        Store(c, acc, c10, c11); c += ldc;
        Store(c, acc, c20, c21); c += ldc;
        Store(c, acc, c30, c31); c += ldc;
        Store(c, acc, c40, c41); c += ldc;
        Store(c, acc, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, bool acc, Vector256<float> lo, Vector256<float> hi)
    {
        if (acc)
        {
            lo = Avx.Add(Avx.LoadVector256(c), lo);
            hi = Avx.Add(Avx.LoadVector256(c + 8), hi);
        }
        Avx.Store(c, lo);
        Avx.Store(c + 8, hi);
    }

    private static void MicroEdge(int kc, float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, nint cs, float* bp, float* c, int ldc, bool acc, int mr, int nr)
    {
        var tile = stackalloc float[MR * NR];
        Micro(kc, a0, a1, a2, a3, a4, a5, cs, bp, tile, NR, false);
        for (var r = 0; r < mr; r++)
        for (var j = 0; j < nr; j++)
        {
            var v = tile[r * NR + j];
            c[(long)r * ldc + j] = acc ? c[(long)r * ldc + j] + v : v;
        }
    }
}
