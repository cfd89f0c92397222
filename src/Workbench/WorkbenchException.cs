namespace Workbench;

/// <summary>
/// An error caused by the user's input (a file, an option, a notebook) rather than by a bug.
/// The CLI prints <see cref="Exception.Message"/> without a stack trace and exits non-zero.
/// </summary>
public class WorkbenchException : Exception
{
    /// <summary>Creates the error with a message that names what was wrong and where.</summary>
    public WorkbenchException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public WorkbenchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// A malformed input file: names the file, the 1-based line (the header is line 1; for gzip files
/// the line of the decompressed text) and, where known, the column.
/// </summary>
public sealed class DataFormatException : WorkbenchException
{
    /// <summary>Creates the error; the message reads "FILE:LINE: column COL: DETAIL".</summary>
    public DataFormatException(string file, long line, string? column, string detail, Exception? inner = null)
        : base(Format(file, line, column, detail), inner ?? new Exception(detail))
    {
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>The file that is malformed.</summary>
    public string File { get; }

    /// <summary>1-based line number (0 when the error is about the whole file).</summary>
    public long Line { get; }

    /// <summary>The column's name, or null when the error is not about one column.</summary>
    public string? Column { get; }

    /// <summary>What is wrong.</summary>
    public string Detail { get; }

    private static string Format(string file, long line, string? column, string detail)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return column is null ? $"{where}: {detail}" : $"{where}: column '{column}': {detail}";
    }
}
