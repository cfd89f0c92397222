using System.Globalization;
using System.Net;
using System.Text;

namespace Workbench.Plotting;

/// <summary>
/// A small table for notebooks and reports: column headers and rows of cells. Numbers are written in
/// invariant culture (doubles with up to <see cref="Digits"/> significant digits). Shows as an HTML
/// table in VS Code and in the runner's saved notebooks (text/html plus an aligned text/plain copy).
/// </summary>
[TypeFormatterSource(typeof(TableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Table
{
    private readonly List<string[]> _rows = [];

    /// <summary>Creates an empty table with the given column headers.</summary>
    public Table(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        Columns = columns;
    }

    /// <summary>Optional caption shown above the table.</summary>
    public string? Caption { get; set; }

    /// <summary>Significant digits for floating-point cells.</summary>
    public int Digits { get; set; } = 4;

    /// <summary>The column headers.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The formatted cells, row by row.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>Appends a row; it must have one cell per column.</summary>
    public Table AddRow(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"row has {cells.Length} cells, the table has {Columns.Count} columns ({string.Join(", ", Columns)})", nameof(cells));
        _rows.Add(cells.Select(FormatCell).ToArray());
        return this;
    }

    private string FormatCell(object? v) => v switch
    {
        null => "",
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>
    /// Integers as they are; other numbers rounded to <see cref="Digits"/> significant digits in plain
    /// notation (with 4 digits 417400.5 is written 417400 and 0.123456 is 0.1235; exponent notation only below 1e-4 or from 1e15).
    /// </summary>
    private string FormatNumber(double d)
    {
        var inv = CultureInfo.InvariantCulture;
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        double a = Math.Abs(d);
        if (d == Math.Floor(d) && a < 1e15) return d.ToString("0", inv);
        if (a < 1e-4 || a >= 1e15) return d.ToString("G" + Digits, inv);
        int magnitude = (int)Math.Floor(Math.Log10(a));
        int decimals = Digits - 1 - magnitude;
        if (decimals >= 0) return Math.Round(d, Math.Min(decimals, 15)).ToString("0.###############", inv);
        double unit = Math.Pow(10, -decimals);
        return (Math.Round(d / unit) * unit).ToString("0", inv);
    }

    /// <summary>An HTML <c>&lt;table&gt;</c> (escaped cells, numbers right-aligned).</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<table>");
        if (Caption is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in _rows)
        {
            sb.Append("<tr>");
            foreach (var cell in r)
                sb.Append(IsNumeric(cell) ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned plain text (two spaces between columns).</summary>
    public override string ToString()
    {
        var widths = Columns.Select(c => c.Length).ToArray();
        foreach (var r in _rows)
            for (int j = 0; j < r.Length; j++) widths[j] = Math.Max(widths[j], r[j].Length);
        // A column whose non-empty cells are all numbers is right-aligned, header included.
        var numeric = Enumerable.Range(0, Columns.Count)
            .Select(j => _rows.Count > 0 && _rows.All(r => r[j].Length == 0 || IsNumeric(r[j]))).ToArray();
        var sb = new StringBuilder();
        if (Caption is not null) sb.Append(Caption).Append('\n');
        void Line(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder();
            for (int j = 0; j < cells.Count; j++)
            {
                if (j > 0) line.Append("  ");
                line.Append(numeric[j] ? cells[j].PadLeft(widths[j]) : cells[j].PadRight(widths[j]));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
        Line(Columns);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var r in _rows) Line(r);
        return sb.ToString().TrimEnd('\n');
    }

    private static bool IsNumeric(string s) =>
        s.Length > 0 && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

/// <summary>Formatters of <see cref="Table"/>: text/html and text/plain.</summary>
public sealed class TableFormatterSource
{
    /// <summary>The formatters for text/html and text/plain.</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new ConventionFormatter(typeof(Table), "text/html", (o, w) =>
        {
            if (o is not Table t) return false;
            w.Write(t.ToHtml());
            return true;
        });
        yield return new ConventionFormatter(typeof(Table), "text/plain", (o, w) =>
        {
            if (o is not Table t) return false;
            w.Write(t.ToString());
            return true;
        });
    }
}
