using System.Buffers.Binary;
using System.IO.Compression;

namespace Workbench.Data.Csv;

/// <summary>
/// Opens a data file as text bytes, decompressing it when it is gzip. The format is detected from the
/// first two bytes (the gzip magic <c>0x1f 0x8b</c>), never from the file name: seed 002's
/// <c>user_mini_data.tar.gz</c> is a gzip CSV, not a tar archive.
/// </summary>
public static class DataInput
{
    /// <summary>Whether <paramref name="path"/> starts with the gzip magic bytes 0x1f 0x8b.</summary>
    public static bool IsGzip(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> head = stackalloc byte[2];
        return fs.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    /// <summary>
    /// The length of the text inside <paramref name="path"/>: the file length, or for gzip the trailer's ISIZE
    /// (the uncompressed length mod 2^32, so a hint only). Used to pre-size columns.
    /// </summary>
    public static long EstimateTextLength(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> b = stackalloc byte[4];
        if (fs.Length < 18 || fs.ReadAtLeast(b[..2], 2, throwOnEndOfStream: false) < 2 || b[0] != 0x1f || b[1] != 0x8b) return fs.Length;
        fs.Seek(-4, SeekOrigin.End);
        fs.ReadExactly(b);
        var isize = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return Math.Max(isize, fs.Length);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading its text: a decompressing stream for gzip files (which
    /// throws <see cref="InvalidDataException"/> on corrupt data and, at the end, on a truncated file, by
    /// checking the gzip trailer's size field), the file itself otherwise.
    /// </summary>
    public static Stream OpenText(string path)
    {
        if (!File.Exists(path)) throw new WorkbenchException($"file not found: {Path.GetFullPath(path)}");
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> head = stackalloc byte[2];
        var n = fs.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        fs.Position = 0;
        if (n == 2 && head[0] == 0x1f && head[1] == 0x8b) return new CheckedGzipStream(fs);
        return fs;
    }

    /// <summary>
    /// A gzip decompressor that notices truncation. .NET's <see cref="GZipStream"/> returns end-of-stream
    /// on a cut-off file without complaint; this wrapper remembers the last 8 compressed bytes and, at the
    /// end, compares the trailer's ISIZE (uncompressed length mod 2^32, RFC 1952) with the bytes produced.
    /// </summary>
    private sealed class CheckedGzipStream : Stream
    {
        private readonly TailStream _tail;
        private readonly GZipStream _gzip;
        private long _produced;
        private bool _checked;

        public CheckedGzipStream(Stream compressed)
        {
            _tail = new TailStream(compressed);
            _gzip = new GZipStream(_tail, CompressionMode.Decompress);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0) return 0;
            var n = _gzip.Read(buffer);
            if (n > 0)
            {
                _produced += n;
                return n;
            }
            if (!_checked)
            {
                _checked = true;
                _tail.Drain();
                if (_tail.Total < 18)
                    throw new InvalidDataException($"truncated gzip: only {_tail.Total} bytes, shorter than a gzip header and trailer");
                var isize = BinaryPrimitives.ReadUInt32LittleEndian(_tail.Last8.AsSpan(4));
                if (isize != (uint)_produced)
                    throw new InvalidDataException($"truncated or corrupt gzip: decompressed {_produced} bytes but the trailer says {isize} (mod 2^32); " +
                        "a file of several concatenated gzip members is not supported either (recompress it as one)");
            }
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _produced; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
                _tail.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>Passes bytes through and remembers the last 8 and the total count.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        public byte[] Last8 { get; } = new byte[8];
        public long Total { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Remember(buffer[..n]);
            return n;
        }

        public void Drain()
        {
            var scratch = new byte[4096];
            int n;
            while ((n = inner.Read(scratch)) > 0) Remember(scratch.AsSpan(0, n));
        }

        private void Remember(ReadOnlySpan<byte> data)
        {
            if (data.Length == 0) return;
            Total += data.Length;
            if (data.Length >= 8)
            {
                data[^8..].CopyTo(Last8);
            }
            else
            {
                Last8.AsSpan(data.Length).CopyTo(Last8);
                data.CopyTo(Last8.AsSpan(8 - data.Length));
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Total; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
