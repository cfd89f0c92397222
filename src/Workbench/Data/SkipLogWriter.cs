using System.Globalization;
using System.IO.Compression;
using System.Text;
using Workbench.IO;

namespace Workbench.Data;

/// <summary>
/// Writes skip-log rows as CSV text in the challenge's layout (the header of <see cref="SkipLogReader.Columns"/>,
/// booleans as True/False and the 0/1 pause and switch flags as integers, like the seed's pandas file), plain
/// or gzip. Used for synthetic logs (the 10-million-row streaming benchmark) and for round-trip tests.
/// </summary>
public static class SkipLogWriter
{
    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> atomically (nothing half-written); gzip when <paramref name="gzip"/>. Returns the row count.</summary>
    public static long Write(string path, IEnumerable<SkipLogEvent> rows, bool gzip, IProgress<long>? progress = null)
    {
        long n = 0;
        AtomicFile.Write(path, s =>
        {
            if (gzip)
            {
                using var gz = new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true);
                n = Write(gz, rows, progress);
            }
            else
            {
                n = Write(s, rows, progress);
            }
        });
        return n;
    }

    /// <summary>Writes the header and <paramref name="rows"/> as UTF-8 CSV text (LF endings) to <paramref name="stream"/>; returns the row count.</summary>
    public static long Write(Stream stream, IEnumerable<SkipLogEvent> rows, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        w.Write(string.Join(",", SkipLogReader.Columns));
        w.Write('\n');
        long n = 0;
        Span<char> buf = stackalloc char[16];
        foreach (var r in rows)
        {
            w.Write(r.SessionId); w.Write(',');
            Int(w, r.SessionPosition, buf); w.Write(',');
            Int(w, r.SessionLength, buf); w.Write(',');
            w.Write(r.TrackId); w.Write(',');
            Bool(w, r.Skip1); Bool(w, r.Skip2); Bool(w, r.Skip3); Bool(w, r.NotSkipped);
            Flag(w, r.ContextSwitch); Flag(w, r.NoPauseBeforePlay); Flag(w, r.ShortPauseBeforePlay); Flag(w, r.LongPauseBeforePlay);
            Int(w, r.SeekForwardCount, buf); w.Write(',');
            Int(w, r.SeekBackCount, buf); w.Write(',');
            Bool(w, r.IsShuffle);
            Int(w, r.HourOfDay, buf); w.Write(',');
            r.Date.TryFormat(buf, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            w.Write(buf[..written]); w.Write(',');
            Bool(w, r.Premium);
            w.Write(r.ContextType.ToFileName()); w.Write(',');
            w.Write(r.ReasonStart.ToFileName()); w.Write(',');
            w.Write(r.ReasonEnd.ToFileName()); w.Write('\n');
            if (++n % 100_000 == 0) progress?.Report(n);
        }
        progress?.Report(n);
        return n;
    }

    private static void Bool(StreamWriter w, bool b) => w.Write(b ? "True," : "False,");

    private static void Flag(StreamWriter w, bool b) => w.Write(b ? "1," : "0,");

    private static void Int(StreamWriter w, int v, Span<char> buf)
    {
        v.TryFormat(buf, out var n, default, CultureInfo.InvariantCulture);
        w.Write(buf[..n]);
    }
}
