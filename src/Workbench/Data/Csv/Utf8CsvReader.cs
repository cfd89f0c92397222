using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Workbench.Data.Csv;

/// <summary>
/// A forward-only RFC 4180 CSV reader over UTF-8 bytes that hands out fields as spans into its own
/// buffer (no string per field). Handles LF and CRLF endings, quoted fields with commas, doubled quotes
/// and line breaks, a UTF-8 byte order mark, and skips blank lines. Memory is bounded by the longest
/// record. Line numbers are 1-based and count the header as line 1; for gzip input they are lines of the
/// decompressed text. Decompression errors become <see cref="DataFormatException"/> at the current line.
/// </summary>
public sealed class Utf8CsvReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buf = new byte[1 << 16];
    private int _pos, _end;
    private bool _eof, _started;
    private long _nextLine = 1;
    private int[] _fieldStart = new int[32], _fieldEnd = new int[32];
    private int _count;

    /// <summary>Reads <paramref name="stream"/>; <paramref name="file"/> is the name used in error messages.</summary>
    public Utf8CsvReader(Stream stream, string file)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        File = file;
    }

    /// <summary>Opens <paramref name="path"/> (gzip detected from its bytes, see <see cref="DataInput"/>).</summary>
    public static Utf8CsvReader Open(string path) => new(DataInput.OpenText(path), path);

    /// <summary>The file name used in error messages.</summary>
    public string File { get; }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Number of fields of the current record.</summary>
    public int FieldCount => _count;

    /// <summary>The raw UTF-8 bytes of field <paramref name="index"/> of the current record (quotes removed, doubled quotes undone).</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            return new ReadOnlySpan<byte>(_buf, _fieldStart[index], _fieldEnd[index] - _fieldStart[index]);
        }
    }

    /// <summary>Field <paramref name="index"/> decoded as a string (allocates).</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>All fields of the current record as strings (allocates; for headers).</summary>
    public string[] GetStrings()
    {
        var result = new string[_count];
        for (var i = 0; i < _count; i++) result[i] = GetString(i);
        return result;
    }

    /// <summary>An error at the current record's line.</summary>
    public DataFormatException Error(string? column, string detail) => new(File, Line, column, detail);

    /// <summary>Advances to the next non-blank record; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (!_started) Start();
        while (true)
        {
            // 1. Find the end of the record: the first '\n' outside quotes.
            var scan = 0; // offset from _pos
            var inQuotes = false;
            long newlinesInQuotes = 0;
            int recordEnd; // absolute index of '\n', or _end at end of input
            while (true)
            {
                var span = new ReadOnlySpan<byte>(_buf, _pos + scan, _end - _pos - scan);
                var k = inQuotes ? span.IndexOf((byte)'"') : span.IndexOfAny((byte)'"', (byte)'\n');
                if (k >= 0)
                {
                    if (inQuotes)
                    {
                        newlinesInQuotes += span[..k].Count((byte)'\n');
                        inQuotes = false;
                        scan += k + 1;
                        continue;
                    }
                    if (span[k] == (byte)'"')
                    {
                        inQuotes = true;
                        scan += k + 1;
                        continue;
                    }
                    recordEnd = _pos + scan + k;
                    break;
                }
                if (inQuotes) newlinesInQuotes += span.Count((byte)'\n');
                scan = _end - _pos;
                if (_eof)
                {
                    if (inQuotes)
                    {
                        Line = _nextLine;
                        throw Error(null, "unterminated quoted field (a '\"' opens a field that never closes before the end of the file)");
                    }
                    recordEnd = _end;
                    break;
                }
                Fill(); // keeps offsets relative to _pos, so the scan state stays valid
            }

            Line = _nextLine;
            _nextLine += 1 + newlinesInQuotes;
            var recStart = _pos;
            var contentEnd = recordEnd;
            if (contentEnd > recStart && _buf[contentEnd - 1] == (byte)'\r') contentEnd--;
            _pos = recordEnd < _end ? recordEnd + 1 : _end;
            if (contentEnd == recStart)
            {
                if (_pos >= _end && _eof) return false;
                continue; // blank line
            }
            ParseFields(recStart, contentEnd);
            return true;
        }
    }

    private void Start()
    {
        _started = true;
        Fill();
        if (_end - _pos >= 3 && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _pos += 3;
    }

    /// <summary>Moves unread bytes to the front, grows the buffer when one record fills it, and reads more.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        while (_end < _buf.Length)
        {
            int n;
            try
            {
                n = _stream.Read(_buf, _end, _buf.Length - _end);
            }
            catch (InvalidDataException e)
            {
                var line = _nextLine + new ReadOnlySpan<byte>(_buf, 0, _end).Count((byte)'\n');
                throw new DataFormatException(File, line, null, "corrupt or truncated gzip data: " + e.Message, e);
            }
            if (n == 0)
            {
                _eof = true;
                return;
            }
            _end += n;
            if (_end - _pos >= 1 << 15) return; // enough for a few records
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseFields(int start, int end)
    {
        _count = 0;
        var i = start;
        while (true)
        {
            if (i < end && _buf[i] == (byte)'"')
            {
                var w = i;
                var r = i + 1;
                while (true)
                {
                    var q = new ReadOnlySpan<byte>(_buf, r, end - r).IndexOf((byte)'"');
                    if (q < 0) throw Error(null, $"unterminated quoted field {_count + 1}");
                    if (w != r) Buffer.BlockCopy(_buf, r, _buf, w, q);
                    w += q;
                    r += q + 1;
                    if (r < end && _buf[r] == (byte)'"')
                    {
                        _buf[w++] = (byte)'"';
                        r++;
                        continue;
                    }
                    break;
                }
                AddField(i, w);
                if (r == end) return;
                if (_buf[r] != (byte)',')
                    throw Error(null, $"field {_count}: unexpected character '{(char)_buf[r]}' after a closing quote");
                i = r + 1;
            }
            else
            {
                var c = new ReadOnlySpan<byte>(_buf, i, end - i).IndexOf((byte)',');
                if (c < 0)
                {
                    AddField(i, end);
                    return;
                }
                AddField(i, i + c);
                i += c + 1;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddField(int start, int end)
    {
        if (_count == _fieldStart.Length)
        {
            Array.Resize(ref _fieldStart, _count * 2);
            Array.Resize(ref _fieldEnd, _count * 2);
        }
        _fieldStart[_count] = start;
        _fieldEnd[_count] = end;
        _count++;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    /// <summary>Shows a field for an error message: at most 40 characters, quoted.</summary>
    public static string Show(ReadOnlySpan<byte> field)
    {
        var s = Encoding.UTF8.GetString(field);
        return s.Length <= 40 ? $"'{s}'" : $"'{s[..37]}...'";
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
