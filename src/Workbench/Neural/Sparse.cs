using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Neural;

/// <summary>
/// A batch of sparse input rows in compressed-sparse-row form: row r has the entries
/// <c>Columns[RowStart[r] .. RowStart[r + 1])</c> with <c>Values</c> at the same positions
/// (one-hot features have value 1; dense numeric features can be entries too).
/// </summary>
public readonly ref struct CsrBatch
{
    /// <summary>Wraps CSR arrays; validates the row pointers and column range.</summary>
    public CsrBatch(ReadOnlySpan<int> rowStart, ReadOnlySpan<int> columns, ReadOnlySpan<float> values, int width)
    {
        if (rowStart.Length < 1) throw new ArgumentException("rowStart needs rows + 1 entries");
        if (rowStart[0] != 0) throw new ArgumentException("rowStart[0] must be 0");
        var nnz = rowStart[^1];
        if (columns.Length < nnz || values.Length < nnz) throw new ArgumentException($"rowStart announces {nnz} entries, columns/values hold {columns.Length}/{values.Length}");
        for (var r = 1; r < rowStart.Length; r++)
            if (rowStart[r] < rowStart[r - 1]) throw new ArgumentException($"rowStart must be non-decreasing (row {r - 1})");
        for (var e = 0; e < nnz; e++)
            if ((uint)columns[e] >= (uint)width) throw new ArgumentException($"column {columns[e]} of entry {e} is outside [0, {width})");
        RowStart = rowStart;
        Columns = columns[..nnz];
        Values = values[..nnz];
        Width = width;
    }

    /// <summary>Row pointers, length <see cref="Rows"/> + 1.</summary>
    public ReadOnlySpan<int> RowStart { get; }

    /// <summary>Column of each entry.</summary>
    public ReadOnlySpan<int> Columns { get; }

    /// <summary>Value of each entry.</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => RowStart.Length - 1;

    /// <summary>Number of columns of the dense equivalent.</summary>
    public int Width { get; }

    /// <summary>Writes the dense [Rows, Width] equivalent (for tests and reference paths).</summary>
    public void ToDense(Span<float> dense)
    {
        Shapes.Require(dense, Rows, Width, "dense");
        dense[..(Rows * Width)].Clear();
        for (var r = 0; r < Rows; r++)
        for (var e = RowStart[r]; e < RowStart[r + 1]; e++)
            dense[r * Width + Columns[e]] += Values[e];
    }
}

/// <summary>A reusable builder of <see cref="CsrBatch"/> rows with preallocated storage.</summary>
public sealed class CsrBatchBuilder
{
    private readonly int[] _rowStart;
    private readonly int[] _columns;
    private readonly float[] _values;
    private int _rows;

    /// <summary>Room for <paramref name="maxRows"/> rows of at most <paramref name="maxEntriesPerRow"/> entries each.</summary>
    public CsrBatchBuilder(int width, int maxRows, int maxEntriesPerRow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntriesPerRow, 1);
        Width = width;
        _rowStart = new int[maxRows + 1];
        _columns = new int[maxRows * maxEntriesPerRow];
        _values = new float[maxRows * maxEntriesPerRow];
    }

    /// <summary>Columns of the dense equivalent.</summary>
    public int Width { get; }

    /// <summary>Rows added since <see cref="Clear"/>.</summary>
    public int Rows => _rows;

    /// <summary>Removes all rows.</summary>
    public void Clear() => _rows = 0;

    /// <summary>Appends a row with the given entries.</summary>
    public void AddRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> values)
    {
        if (columns.Length != values.Length) throw new ArgumentException("columns and values differ in length");
        if (_rows + 1 >= _rowStart.Length) throw new InvalidOperationException($"the builder holds at most {_rowStart.Length - 1} rows");
        var start = _rowStart[_rows];
        if (start + columns.Length > _columns.Length) throw new InvalidOperationException("too many entries for the builder's capacity");
        foreach (var c in columns)
            if ((uint)c >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(columns), c, $"column must be in [0, {Width})");
        columns.CopyTo(_columns.AsSpan(start));
        values.CopyTo(_values.AsSpan(start));
        _rowStart[++_rows] = start + columns.Length;
    }

    /// <summary>Appends a copy of row <paramref name="row"/> of <paramref name="source"/>.</summary>
    public void AddRow(CsrBatch source, int row)
    {
        var (s, e) = (source.RowStart[row], source.RowStart[row + 1]);
        AddRow(source.Columns[s..e], source.Values[s..e]);
    }

    /// <summary>The rows added so far.</summary>
    public CsrBatch Build() => new(_rowStart.AsSpan(0, _rows + 1), _columns, _values, Width);
}

/// <summary>Sparse-times-dense kernels for one-hot inputs.</summary>
public static class SparseKernels
{
    /// <summary>
    /// Y[r, :] (+)= Σ_e∈row r  value_e · W[col_e, :], with W stored [Width, n] (input-major), so each entry
    /// reads one contiguous row of W: a 6,038-wide one-hot input costs its nonzeros, not its width.
    /// </summary>
    public static void Multiply(CsrBatch x, ReadOnlySpan<float> w, int n, Span<float> y, bool accumulate = false)
    {
        Shapes.Require(w, x.Width, n, "sparse weight");
        Shapes.Require(y, x.Rows, n, "sparse output");
        for (var r = 0; r < x.Rows; r++)
        {
            var yr = y.Slice(r * n, n);
            if (!accumulate) yr.Clear();
            for (var e = x.RowStart[r]; e < x.RowStart[r + 1]; e++)
            {
                var wr = w.Slice(x.Columns[e] * n, n);
                var v = x.Values[e];
                if (v == 1f) TensorPrimitives.Add(yr, wr, yr);
                else TensorPrimitives.MultiplyAdd(wr, v, yr, yr);
            }
        }
    }

    /// <summary>
    /// The matching weight gradient: dW[col_e, :] += value_e · dY[r, :] for every entry e of row r
    /// (the rows of dW that no entry touches stay exactly zero).
    /// </summary>
    public static void MultiplyTransposedAccumulate(CsrBatch x, ReadOnlySpan<float> dy, int n, Span<float> dw)
    {
        Shapes.Require(dw, x.Width, n, "sparse weight gradient");
        Shapes.Require(dy, x.Rows, n, "sparse output gradient");
        for (var r = 0; r < x.Rows; r++)
        {
            var g = dy.Slice(r * n, n);
            for (var e = x.RowStart[r]; e < x.RowStart[r + 1]; e++)
            {
                var dr = dw.Slice(x.Columns[e] * n, n);
                var v = x.Values[e];
                if (v == 1f) TensorPrimitives.Add(dr, g, dr);
                else TensorPrimitives.MultiplyAdd(g, v, dr, dr);
            }
        }
    }
}

/// <summary>
/// A linear layer on sparse (CSR) input: y = x W + b with W stored input-major [in, out] (the transpose of
/// PyTorch's layout, so a one-hot entry reads one contiguous row). Initialised like PyTorch's Linear
/// (U(-1/√in, 1/√in), bias likewise). The weight's gradient is row-sparse: only rows of columns present in the
/// batch are touched, and a lazy optimizer updates only those (see <see cref="Adam"/>).
/// </summary>
public sealed class SparseLinear
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/>.</summary>
    public SparseLinear(int inputSize, int outputSize, Rng rng, string name = "fc1")
    {
        ArgumentNullException.ThrowIfNull(rng);
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = new Parameter(name + ".weight_t", inputSize, outputSize, rowSparseGradient: true);
        Bias = new Parameter(name + ".bias", outputSize, 1);
        // Drawn in PyTorch's [out, in] order so the values equal a Linear's with the same generator, transposed.
        var bound = (float)(1.0 / Math.Sqrt(inputSize));
        for (var o = 0; o < outputSize; o++)
        for (var i = 0; i < inputSize; i++)
            Weight.Value[i * outputSize + o] = rng.NextSingle(-bound, bound);
        Linear.InitUniform(Bias.Value, inputSize, rng);
        Parameters = [Weight, Bias];
    }

    /// <summary>Input width (fan-in).</summary>
    public int InputSize { get; }

    /// <summary>Output features.</summary>
    public int OutputSize { get; }

    /// <summary>Wᵀ, shape [in, out].</summary>
    public Parameter Weight { get; }

    /// <summary>b, shape [out, 1].</summary>
    public Parameter Bias { get; }

    /// <summary>Both parameters.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>y [rows, out] = x W + b; brings the rows of W the batch reads up to date first.</summary>
    public void Forward(CsrBatch x, Span<float> y)
    {
        if (x.Width != InputSize) throw new ArgumentException($"input width {x.Width} differs from the layer's {InputSize}");
        Weight.EnsureCurrent(x.Columns);
        SparseKernels.Multiply(x, Weight.Value, OutputSize, y);
        for (var r = 0; r < x.Rows; r++)
        {
            var yr = y.Slice(r * OutputSize, OutputSize);
            TensorPrimitives.Add(yr, Bias.Value, yr);
        }
    }

    /// <summary>Accumulates dW (touched rows only) and db from <paramref name="outputGrad"/> [rows, out].</summary>
    public void Backward(CsrBatch x, ReadOnlySpan<float> outputGrad)
    {
        foreach (var c in x.Columns) Weight.MarkTouched(c);
        SparseKernels.MultiplyTransposedAccumulate(x, outputGrad, OutputSize, Weight.Grad);
        var db = Bias.Grad.AsSpan();
        for (var r = 0; r < x.Rows; r++) TensorPrimitives.Add(db, outputGrad.Slice(r * OutputSize, OutputSize), db);
    }
}
