namespace Workbench.Neural;

/// <summary>
/// A trainable float32 tensor of shape [<see cref="Rows"/>, <see cref="Cols"/>] (row-major) with its own
/// gradient buffer. Layers accumulate into <see cref="Grad"/> (+=); <see cref="ZeroGrad"/> clears it, like
/// PyTorch's <c>zero_grad</c>.
/// </summary>
/// <remarks>
/// A parameter created with <c>rowSparseGradient: true</c> (the weight of a <see cref="SparseLinear"/>, whose
/// input is one-hot) records which rows received a gradient (<see cref="TouchedRows"/>), so zeroing and the
/// optimizer touch only those rows. Such an optimizer may update untouched rows lazily: before reading
/// <see cref="Value"/> of any row, call <see cref="EnsureCurrent(ReadOnlySpan{int})"/> (or
/// <see cref="EnsureCurrent()"/> for all rows); layers in this namespace do it themselves.
/// </remarks>
public sealed class Parameter
{
    private int[]? _touchedStamp;
    private int[]? _touched;
    private int _touchedCount;
    private int _stamp = 1;

    /// <summary>Creates a zero-valued parameter.</summary>
    /// <param name="name">Name used by save/load (for example <c>fc1.weight</c>).</param>
    /// <param name="rows">Number of rows (at least 1).</param>
    /// <param name="cols">Number of columns (at least 1; 1 for a bias vector stored as [n, 1]).</param>
    /// <param name="rowSparseGradient">Track the rows that receive a gradient (see remarks).</param>
    /// <param name="lazyOptimizer">With a row-sparse gradient, let the optimizer defer untouched rows (default);
    /// false when a fused kernel updates every row each step anyway.</param>
    public Parameter(string name, int rows, int cols, bool rowSparseGradient = false, bool lazyOptimizer = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if ((long)rows * cols > Array.MaxLength) throw new ArgumentException($"parameter '{name}' of {rows}x{cols} is too large");
        Name = name;
        Rows = rows;
        Cols = cols;
        Value = new float[rows * cols];
        Grad = new float[rows * cols];
        RowSparseGradient = rowSparseGradient;
        LazyOptimizer = rowSparseGradient && lazyOptimizer;
        if (rowSparseGradient)
        {
            _touchedStamp = new int[rows];
            _touched = new int[rows];
        }
    }

    /// <summary>Name used by save/load.</summary>
    public string Name { get; }

    /// <summary>Rows of the row-major value.</summary>
    public int Rows { get; }

    /// <summary>Columns of the row-major value.</summary>
    public int Cols { get; }

    /// <summary>Number of elements (<see cref="Rows"/> x <see cref="Cols"/>).</summary>
    public int Length => Value.Length;

    /// <summary>The values, row-major. Read through <see cref="EnsureCurrent()"/> first when the optimizer is lazy.</summary>
    public float[] Value { get; }

    /// <summary>The accumulated gradient dLoss/dValue, row-major.</summary>
    public float[] Grad { get; }

    /// <summary>Whether only <see cref="TouchedRows"/> of <see cref="Grad"/> can be nonzero.</summary>
    public bool RowSparseGradient { get; }

    /// <summary>Whether an optimizer may defer the updates of rows without gradient (see remarks).</summary>
    public bool LazyOptimizer { get; }

    /// <summary>
    /// Rows that received a gradient since the last <see cref="ZeroGrad"/> (distinct, in first-touch order).
    /// Only meaningful when <see cref="RowSparseGradient"/> is true.
    /// </summary>
    public ReadOnlySpan<int> TouchedRows => _touched is null ? default : _touched.AsSpan(0, _touchedCount);

    /// <summary>The lazy updater attached by an optimizer (null when every row is always current).</summary>
    internal ILazyRowUpdater? LazyUpdater { get; set; }

    /// <summary>Row <paramref name="row"/> of the value.</summary>
    public Span<float> Row(int row) => Value.AsSpan(row * Cols, Cols);

    /// <summary>Row <paramref name="row"/> of the gradient.</summary>
    public Span<float> GradRow(int row) => Grad.AsSpan(row * Cols, Cols);

    /// <summary>Records that <paramref name="row"/> will receive a gradient (no-op for dense parameters).</summary>
    public void MarkTouched(int row)
    {
        if (_touchedStamp is null) return;
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"row of '{Name}' must be in [0, {Rows})");
        if (_touchedStamp[row] == _stamp) return;
        _touchedStamp[row] = _stamp;
        _touched![_touchedCount++] = row;
    }

    /// <summary>Sets the gradient to zero (only the touched rows for a row-sparse parameter).</summary>
    public void ZeroGrad()
    {
        if (_touched is null)
        {
            Array.Clear(Grad);
            return;
        }
        foreach (var r in TouchedRows) GradRow(r).Clear();
        _touchedCount = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_touchedStamp!);
            _stamp = 1;
        }
    }

    /// <summary>Brings the given rows up to date with a lazy optimizer (no-op otherwise).</summary>
    public void EnsureCurrent(ReadOnlySpan<int> rows) => LazyUpdater?.Synchronize(this, rows);

    /// <summary>Brings every row up to date with a lazy optimizer (no-op otherwise).</summary>
    public void EnsureCurrent() => LazyUpdater?.SynchronizeAll(this);

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{Rows}x{Cols}]";
}

/// <summary>An optimizer that defers the updates of rows without gradient until they are read.</summary>
internal interface ILazyRowUpdater
{
    /// <summary>Applies all deferred updates to <paramref name="rows"/> of <paramref name="parameter"/>.</summary>
    void Synchronize(Parameter parameter, ReadOnlySpan<int> rows);

    /// <summary>Applies all deferred updates to every row of <paramref name="parameter"/>.</summary>
    void SynchronizeAll(Parameter parameter);
}

/// <summary>An ordered, named collection of parameters (a network's <c>parameters()</c>).</summary>
public sealed class ParameterSet : IReadOnlyList<Parameter>
{
    private readonly Parameter[] _items;

    /// <summary>Creates the set; names must be distinct.</summary>
    public ParameterSet(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _items = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in _items)
            if (!names.Add(p.Name)) throw new ArgumentException($"duplicate parameter name '{p.Name}'", nameof(parameters));
    }

    /// <summary>Number of parameters.</summary>
    public int Count => _items.Length;

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public Parameter this[int index] => _items[index];

    /// <summary>Total number of scalars over all parameters.</summary>
    public long TotalLength => _items.Sum(p => (long)p.Length);

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    public Parameter this[string name] => _items.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"no parameter named '{name}'");

    /// <summary>Zeroes every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _items) p.ZeroGrad();
    }

    /// <summary>Brings every parameter up to date with a lazy optimizer.</summary>
    public void EnsureCurrent()
    {
        foreach (var p in _items) p.EnsureCurrent();
    }

    /// <summary>Throws unless <paramref name="other"/> has the same names and shapes in the same order.</summary>
    public void RequireSameShape(ParameterSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count != Count) throw new ArgumentException($"parameter sets differ: {Count} vs {other.Count} parameters");
        for (var i = 0; i < Count; i++)
        {
            var (a, b) = (_items[i], other._items[i]);
            if (a.Rows != b.Rows || a.Cols != b.Cols)
                throw new ArgumentException($"parameter {i} differs: {a} vs {b}");
        }
    }

    /// <inheritdoc />
    public IEnumerator<Parameter> GetEnumerator() => ((IEnumerable<Parameter>)_items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
