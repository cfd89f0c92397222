using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

[Collection("Neural kernel thresholds")]
public class SgemmTests
{
    private static double Op(float[] x, bool trans, int ld, int row, int col) => trans ? x[col * ld + row] : x[row * ld + col];

    private static void Compare(bool ta, bool tb, int m, int n, int k, bool accumulate, int pad = 0, int seed = 1)
    {
        var rng = new Rng(seed);
        var lda = (ta ? m : k) + pad;
        var ldb = (tb ? k : n) + pad;
        var ldc = n + pad;
        var a = GradCheck.Random(rng, (ta ? k : m) * lda);
        var b = GradCheck.Random(rng, (tb ? n : k) * ldb);
        var c = GradCheck.Random(rng, m * ldc);
        var expected = (float[])c.Clone();
        for (var i = 0; i < m; i++)
        for (var j = 0; j < n; j++)
        {
            double s = 0;
            for (var p = 0; p < k; p++) s += Op(a, ta, lda, i, p) * Op(b, tb, ldb, p, j);
            expected[i * ldc + j] = (float)(accumulate ? c[i * ldc + j] + s : s);
        }
        Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        for (var i = 0; i < m; i++)
        for (var j = 0; j < ldc; j++)
        {
            var idx = i * ldc + j;
            if (j >= n)
            {
                Assert.Equal(expected[idx], c[idx]); // padding untouched
                continue;
            }
            var tol = 1e-5 * Math.Sqrt(k) * 4 + 1e-5;
            Assert.True(Math.Abs(expected[idx] - c[idx]) <= tol, $"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}x{n}x{k} C[{i},{j}] = {c[idx]} expected {expected[idx]}");
        }
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 6, 16, 8 }, { 37, 19, 300 }, { 100, 33, 17 }, { 5, 2100, 3 }, { 13, 1, 520 }, { 97, 70, 64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AllTransposesMatchNaive(int m, int n, int k)
    {
        foreach (var ta in new[] { false, true })
        foreach (var tb in new[] { false, true })
        {
            Compare(ta, tb, m, n, k, accumulate: false);
            Compare(ta, tb, m, n, k, accumulate: true, pad: 3);
        }
    }

    [Fact]
    public void ParallelSplitGivesIdenticalFloats()
    {
        var rng = new Rng(5);
        foreach (var (m, n, k) in new[] { (300, 40, 70), (20, 900, 33) })
        {
            var a = GradCheck.Random(rng, m * k);
            var b = GradCheck.Random(rng, n * k);
            var serial = new float[m * n];
            var parallel = new float[m * n];
            var saved = Sgemm.ParallelThreshold;
            try
            {
                Sgemm.ParallelThreshold = long.MaxValue;
                Sgemm.NT(m, n, k, a, b, serial);
                Sgemm.ParallelThreshold = 1;
                Sgemm.NT(m, n, k, a, b, parallel);
            }
            finally
            {
                Sgemm.ParallelThreshold = saved;
            }
            Assert.Equal(serial, parallel);
        }
    }

    [Fact]
    public void ZeroDepthClearsOrKeeps()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Sgemm.NN(2, 2, 0, [], [], c, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Sgemm.NN(2, 2, 0, [], [], c);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void ValidatesLengthsAndStrides()
    {
        Assert.Throws<ArgumentException>(() => Sgemm.NN(2, 2, 2, new float[3], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, new float[6], 2, new float[6], 2, new float[4], 2));
        var shared = new float[16];
        Assert.Throws<ArgumentException>(() => Sgemm.NN(2, 2, 2, shared.AsSpan(0, 4), shared.AsSpan(4, 4), shared.AsSpan(2, 4)));
    }
}

public class SparseTests
{
    private static (int[] Start, int[] Cols, float[] Vals) RandomCsr(Rng rng, int rows, int width)
    {
        var start = new int[rows + 1];
        var cols = new List<int>();
        var vals = new List<float>();
        for (var r = 0; r < rows; r++)
        {
            // Two dense numerics plus three one-hot groups, like seed 000's input; sometimes a repeated column.
            cols.AddRange([0, 1, 2 + rng.NextInt(10), 12 + rng.NextInt(width - 22), width - 10 + rng.NextInt(10)]);
            vals.AddRange([(float)rng.NextGaussian(), (float)rng.NextGaussian(), 1f, 1f, 1f]);
            if (r % 3 == 0) { cols.Add(cols[^2]); vals.Add(1f); }
            start[r + 1] = cols.Count;
        }
        return (start, cols.ToArray(), vals.ToArray());
    }

    [Fact]
    public void SparseProductMatchesDense()
    {
        var rng = new Rng(2);
        const int rows = 9, width = 60, n = 21;
        var (start, cols, vals) = RandomCsr(rng, rows, width);
        var x = new CsrBatch(start, cols, vals, width);
        var dense = new float[rows * width];
        x.ToDense(dense);
        var w = GradCheck.Random(rng, width * n);
        var ySparse = new float[rows * n];
        var yDense = new float[rows * n];
        SparseKernels.Multiply(x, w, n, ySparse);
        Sgemm.NN(rows, n, width, dense, w, yDense);
        AssertClose(yDense, ySparse);

        var dy = GradCheck.Random(rng, rows * n);
        var dwSparse = new float[width * n];
        var dwDense = new float[width * n];
        SparseKernels.MultiplyTransposedAccumulate(x, dy, n, dwSparse);
        Sgemm.TN(width, n, rows, dense, dy, dwDense);
        AssertClose(dwDense, dwSparse);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 4);
    }

    [Fact]
    public void SparseLinearEqualsLinearOnTheDenseInput()
    {
        var rng = new Rng(3);
        const int rows = 7, width = 40, n = 12;
        var sparse = new SparseLinear(width, n, new Rng(9));
        var linear = new Linear(width, n, new Rng(9));
        // Same generator, same draw order: W_sparse = W_linearᵀ exactly.
        for (var o = 0; o < n; o++)
        for (var i = 0; i < width; i++)
            Assert.Equal(linear.Weight.Value[o * width + i], sparse.Weight.Value[i * n + o]);
        Assert.Equal(linear.Bias.Value, sparse.Bias.Value);

        var (start, cols, vals) = RandomCsr(rng, rows, width);
        var x = new CsrBatch(start, cols, vals, width);
        var dense = new float[rows * width];
        x.ToDense(dense);
        var y1 = new float[rows * n];
        var y2 = new float[rows * n];
        sparse.Forward(x, y1);
        linear.Forward(dense, y2, rows);
        for (var i = 0; i < y1.Length; i++) Assert.Equal(y2[i], y1[i], 4);

        var dy = GradCheck.Random(rng, rows * n);
        sparse.Backward(x, dy);
        linear.Backward(dense, y2, dy, default, rows);
        for (var o = 0; o < n; o++)
        for (var i = 0; i < width; i++)
            Assert.Equal(linear.Weight.Grad[o * width + i], sparse.Weight.Grad[i * n + o], 4);
        for (var o = 0; o < n; o++) Assert.Equal(linear.Bias.Grad[o], sparse.Bias.Grad[o], 4);
        // Only columns present in the batch are touched, and untouched gradient rows are exactly zero.
        var present = cols.ToHashSet();
        Assert.Equal(present.OrderBy(c => c), sparse.Weight.TouchedRows.ToArray().OrderBy(c => c));
        for (var i = 0; i < width; i++)
            if (!present.Contains(i)) Assert.All(sparse.Weight.GradRow(i).ToArray(), g => Assert.Equal(0f, g));
        sparse.Weight.ZeroGrad();
        Assert.All(sparse.Weight.Grad, g => Assert.Equal(0f, g));
        Assert.Equal(0, sparse.Weight.TouchedRows.Length);
    }

    [Fact]
    public void SparseLinearFiniteDifferences()
    {
        var rng = new Rng(4);
        const int rows = 5, width = 30, n = 6;
        var layer = new SparseLinear(width, n, rng);
        var (start, cols, vals) = RandomCsr(rng, rows, width);
        var c = GradCheck.Random(rng, rows * n);
        var y = new float[rows * n];
        double Loss()
        {
            layer.Forward(new CsrBatch(start, cols, vals, width), y);
            return GradCheck.Dot(y, c);
        }
        Loss();
        layer.Backward(new CsrBatch(start, cols, vals, width), c);
        GradCheck.Check("weight_t", Loss, layer.Weight.Value, layer.Weight.Grad.ToArray(), maxProbes: 300);
        GradCheck.Check("bias", Loss, layer.Bias.Value, layer.Bias.Grad.ToArray());
        GradCheck.Check("values", Loss, vals, DenseInputGrad(layer, start, cols, c, n));
    }

    private static float[] DenseInputGrad(SparseLinear layer, int[] start, int[] cols, float[] c, int n)
    {
        // dL/dvalue_e = W[col_e, :] · c[row, :]
        var g = new float[cols.Length];
        for (var r = 0; r + 1 < start.Length; r++)
        for (var e = start[r]; e < start[r + 1]; e++)
        {
            double s = 0;
            for (var o = 0; o < n; o++) s += layer.Weight.Value[cols[e] * n + o] * c[r * n + o];
            g[e] = (float)s;
        }
        return g;
    }

    [Fact]
    public void CsrValidation()
    {
        Assert.Throws<ArgumentException>(() => new CsrBatch([0, 2], [0, 9], [1f, 1f], 5));
        Assert.Throws<ArgumentException>(() => new CsrBatch([0, 2, 1], [0, 1], [1f, 1f], 5));
    }
}
