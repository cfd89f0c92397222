using System.Globalization;

namespace Workbench.Experiments;

/// <summary>How a <see cref="MetricColumn"/> is written to CSV.</summary>
public enum ColumnKind
{
    /// <summary>64-bit floating point, written round-trippable ("R").</summary>
    Double,

    /// <summary>32-bit floating point (values are floats widened exactly), written as the shortest string that round-trips the float.</summary>
    Float,

    /// <summary>Integers (episode, step, index), written without a decimal point.</summary>
    Integer,
}

/// <summary>
/// A named table of equal-length numeric columns (struct-of-arrays), for example "episodes" with
/// columns episode, reward, loss. Build it column by column (<see cref="AddColumn(string, ColumnKind)"/>
/// then <see cref="MetricColumn.Add"/>) or row by row (<see cref="AddRow"/>). Written as one CSV by
/// <see cref="RunWriter"/>, read back by <see cref="RunReader"/>.
/// </summary>
public sealed class MetricTable
{
    private readonly List<MetricColumn> _columns = [];

    /// <summary>Creates an empty table; <paramref name="name"/> becomes the CSV file name (letters, digits, '-', '_', '.').</summary>
    public MetricTable(string name)
    {
        ValidateName(name, "table");
        Name = name;
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<MetricColumn> Columns => _columns;

    /// <summary>The number of rows; throws when the columns' lengths differ.</summary>
    public int RowCount
    {
        get
        {
            Validate();
            return _columns.Count == 0 ? 0 : _columns[0].Count;
        }
    }

    /// <summary>Adds an empty column and returns it (fill it with <see cref="MetricColumn.Add"/>).</summary>
    public MetricColumn AddColumn(string name, ColumnKind kind = ColumnKind.Double)
    {
        ValidateName(name, "column");
        if (_columns.Any(c => c.Name == name)) throw new ArgumentException($"table '{Name}' already has a column '{name}'", nameof(name));
        var c = new MetricColumn(name, kind);
        _columns.Add(c);
        return c;
    }

    /// <summary>Adds a column holding a copy of <paramref name="values"/>.</summary>
    public MetricColumn AddColumn(string name, ReadOnlySpan<double> values, ColumnKind kind = ColumnKind.Double)
    {
        var c = AddColumn(name, kind);
        c.AddRange(values);
        return c;
    }

    /// <summary>Adds a <see cref="ColumnKind.Float"/> column holding a copy of <paramref name="values"/>.</summary>
    public MetricColumn AddColumn(string name, ReadOnlySpan<float> values)
    {
        var c = AddColumn(name, ColumnKind.Float);
        c.AddRange(values);
        return c;
    }

    /// <summary>Adds an <see cref="ColumnKind.Integer"/> column holding a copy of <paramref name="values"/>.</summary>
    public MetricColumn AddColumn(string name, ReadOnlySpan<int> values)
    {
        var c = AddColumn(name, ColumnKind.Integer);
        foreach (var v in values) c.Add(v);
        return c;
    }

    /// <summary>Appends one row: one value per column, in column order.</summary>
    public void AddRow(params ReadOnlySpan<double> values)
    {
        if (values.Length != _columns.Count)
            throw new ArgumentException($"table '{Name}' has {_columns.Count} columns, row has {values.Length} values", nameof(values));
        for (var i = 0; i < values.Length; i++) _columns[i].Add(values[i]);
    }

    /// <summary>Whether a column named <paramref name="name"/> exists.</summary>
    public bool HasColumn(string name) => _columns.Any(c => c.Name == name);

    /// <summary>The column named <paramref name="name"/>; a clear error listing the columns when absent.</summary>
    public MetricColumn this[string name] =>
        _columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"table '{Name}' has no column '{name}'; columns: {string.Join(", ", _columns.Select(c => c.Name))}");

    /// <summary>Throws when the columns do not all have the same length.</summary>
    public void Validate()
    {
        if (_columns.Count == 0) return;
        var n = _columns[0].Count;
        foreach (var c in _columns)
            if (c.Count != n)
                throw new InvalidOperationException($"table '{Name}': column '{c.Name}' has {c.Count} values, column '{_columns[0].Name}' has {n}");
    }

    internal static void ValidateName(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var ch in name)
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.'))
                throw new ArgumentException($"{what} name '{name}' may hold only letters, digits, '_', '-' and '.'", nameof(name));
    }
}

/// <summary>One named numeric column of a <see cref="MetricTable"/>; values are stored as doubles (floats and integers widen exactly).</summary>
public sealed class MetricColumn
{
    private double[] _values = new double[16];

    internal MetricColumn(string name, ColumnKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The column's name (the CSV header).</summary>
    public string Name { get; }

    /// <summary>How the values are written.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The number of values.</summary>
    public int Count { get; private set; }

    /// <summary>The values.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Value <paramref name="index"/>.</summary>
    public double this[int index] => (uint)index < (uint)Count ? _values[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Appends a value (for <see cref="ColumnKind.Float"/> pass the float; it widens exactly).</summary>
    public void Add(double value)
    {
        if (Count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[Count++] = value;
    }

    /// <summary>Appends values.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var v in values) Add(v);
    }

    /// <summary>Appends float values (widened exactly).</summary>
    public void AddRange(ReadOnlySpan<float> values)
    {
        foreach (var v in values) Add(v);
    }

    /// <summary>A copy of the values.</summary>
    public double[] ToArray() => Values.ToArray();

    /// <summary>The mean of the values (NaN when empty).</summary>
    public double Mean()
    {
        if (Count == 0) return double.NaN;
        double s = 0;
        foreach (var v in Values) s += v;
        return s / Count;
    }

    /// <summary>Value <paramref name="index"/> as CSV text: integers plainly, floats as the shortest round-tripping float string, doubles as "R"; invariant culture.</summary>
    public string Format(int index)
    {
        var v = this[index];
        return Kind switch
        {
            ColumnKind.Integer when double.IsFinite(v) && Math.Abs(v) < 9.007199254740992E15 && v == Math.Floor(v)
                => ((long)v).ToString(CultureInfo.InvariantCulture),
            ColumnKind.Float => ((float)v).ToString("R", CultureInfo.InvariantCulture),
            _ => v.ToString("R", CultureInfo.InvariantCulture),
        };
    }
}
