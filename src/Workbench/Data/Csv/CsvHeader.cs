using System.Runtime.CompilerServices;
using System.Globalization;

namespace Workbench.Data.Csv;

/// <summary>
/// The header of a CSV file and typed, error-reporting field parsers. Every error is a
/// <see cref="DataFormatException"/> naming the file, the line and the column.
/// </summary>
public sealed class CsvHeader
{
    private readonly Utf8CsvReader _reader;

    private CsvHeader(Utf8CsvReader reader, string[] names)
    {
        _reader = reader;
        Names = names;
    }

    /// <summary>The column names as written in the file.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Reads the header line of <paramref name="reader"/>; an empty file is an error naming
    /// <paramref name="format"/>. (A header with no rows is reported by the caller with <see cref="HeaderOnly"/>.)
    /// </summary>
    public static CsvHeader Read(Utf8CsvReader reader, string format)
    {
        if (!reader.Read()) throw new DataFormatException(reader.File, 0, null, $"empty file: expected a {format} CSV with a header line");
        return new CsvHeader(reader, reader.GetStrings());
    }

    /// <summary>The error for a file that has a header but no data rows.</summary>
    public DataFormatException HeaderOnly() => new(_reader.File, 1, null, "the file has a header line but no data rows");

    /// <summary>Index of the column called <paramref name="name"/> (or one of its <paramref name="aliases"/>); a missing column is an error.</summary>
    public int Require(string name, params string[] aliases)
    {
        var i = Find(name, aliases);
        if (i >= 0) return i;
        throw new DataFormatException(_reader.File, 1, name,
            $"missing column '{name}' (a renamed or absent column); the header has: {string.Join(",", Names)}");
    }

    /// <summary>Index of the column called <paramref name="name"/> or an alias, or -1.</summary>
    public int Find(string name, params string[] aliases)
    {
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == name || Array.IndexOf(aliases, Names[i]) >= 0)
                return i;
        return -1;
    }

    /// <summary>Checks that the current record has as many fields as the header (a ragged row is an error).</summary>
    public void CheckFieldCount()
    {
        var n = _reader.FieldCount;
        if (n == Names.Count) return;
        var column = n < Names.Count ? Names[n] : null;
        throw _reader.Error(column, n < Names.Count
            ? $"ragged row: {n} fields, the header has {Names.Count} (column '{Names[n]}' and after are missing)"
            : $"ragged row: {n} fields, the header has {Names.Count}");
    }

    /// <summary>Name of column <paramref name="index"/>.</summary>
    public string this[int index] => Names[index];

    /// <summary>Field <paramref name="index"/> of the current record as a string (allocates).</summary>
    public string String(int index) => _reader.GetString(index);

    /// <summary>Field <paramref name="index"/> as a float (invariant culture, exponents allowed).</summary>
    public float Float(int index)
    {
        var f = _reader[index];
        if (float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw Bad(index, f, "a number");
    }

    /// <summary>Field <paramref name="index"/> as a 32-bit integer.</summary>
    public int Int(int index) => Int(_reader, index, Names[index]);

    /// <summary>Field <paramref name="index"/> of <paramref name="reader"/> as a 32-bit integer; <paramref name="column"/> names it in errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Int(Utf8CsvReader reader, int index, string column)
    {
        var f = reader[index];
        if (f.Length is > 0 and <= 2 && (uint)(f[0] - '0') <= 9)
        {
            // Fast path for the skip log's small counters and flags.
            if (f.Length == 1) return f[0] - '0';
            if ((uint)(f[1] - '0') <= 9) return (f[0] - '0') * 10 + (f[1] - '0');
        }
        if (int.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        throw new DataFormatException(reader.File, reader.Line, column, $"{Utf8CsvReader.Show(f)} is not an integer");
    }

    /// <summary>Field <paramref name="index"/> as a 64-bit integer.</summary>
    public long Long(int index)
    {
        var f = _reader[index];
        if (long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        throw Bad(index, f, "an integer");
    }

    /// <summary>Field <paramref name="index"/> as a boolean.</summary>
    public bool Bool(int index) => Bool(_reader, index, Names[index]);

    /// <summary>
    /// Field <paramref name="index"/> of <paramref name="reader"/> as a boolean: True/False in any letter
    /// case, or 1/0. Anything else is an error naming <paramref name="column"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Bool(Utf8CsvReader reader, int index, string column)
    {
        var f = reader[index];
        switch (f.Length)
        {
            case 1 when f[0] == (byte)'1': return true;
            case 1 when f[0] == (byte)'0': return false;
            case 4 when (f[0] | 0x20) == 't' && (f[1] | 0x20) == 'r' && (f[2] | 0x20) == 'u' && (f[3] | 0x20) == 'e': return true;
            case 5 when (f[0] | 0x20) == 'f' && (f[1] | 0x20) == 'a' && (f[2] | 0x20) == 'l' && (f[3] | 0x20) == 's' && (f[4] | 0x20) == 'e': return false;
        }
        throw new DataFormatException(reader.File, reader.Line, column, $"{Utf8CsvReader.Show(f)} is not a boolean (expected True/False or 1/0)");
    }

    /// <summary>Field <paramref name="index"/> as a binary 0/1 tag, returned as 0f or 1f.</summary>
    public float Binary(int index)
    {
        var f = _reader[index];
        if (f.Length == 1 && (f[0] == (byte)'0' || f[0] == (byte)'1')) return f[0] - '0';
        if (f.Length == 3 && f[1] == (byte)'.' && f[2] == (byte)'0' && (f[0] == (byte)'0' || f[0] == (byte)'1')) return f[0] - '0';
        throw Bad(index, f, "a binary tag (0 or 1)");
    }

    /// <summary>Field <paramref name="index"/> of <paramref name="reader"/> as an ISO date yyyy-MM-dd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DateOnly Date(Utf8CsvReader reader, int index, string column)
    {
        var f = reader[index];
        if (f.Length == 10 && f[4] == (byte)'-' && f[7] == (byte)'-')
        {
            var y = Digits(f[..4]);
            var m = Digits(f.Slice(5, 2));
            var d = Digits(f.Slice(8, 2));
            if (y > 0 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)) return new DateOnly(y, m, d);
        }
        throw new DataFormatException(reader.File, reader.Line, column, $"{Utf8CsvReader.Show(f)} is not a date (expected yyyy-MM-dd)");
    }

    private static int Digits(ReadOnlySpan<byte> s)
    {
        var v = 0;
        foreach (var b in s)
        {
            if ((uint)(b - '0') > 9) return -1;
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private DataFormatException Bad(int index, ReadOnlySpan<byte> field, string expected) =>
        _reader.Error(Names[index], $"{Utf8CsvReader.Show(field)} is not {expected}");
}
