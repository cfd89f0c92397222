using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Workbench.IO;

namespace Workbench.Neural;

/// <summary>
/// Save and load of network parameters and (optionally) Adam state in a versioned binary file.
/// </summary>
/// <remarks>
/// Layout (little-endian): magic <c>WBNN</c>, u32 version (1), u32 parameter count, then per parameter
/// u16 name length, UTF-8 name, i32 rows, i32 cols; u8 optimizer flag and, when set, i64 step and the five
/// Adam options as doubles (lr, β₁, β₂, ε, λ); then the values of every parameter, then (with the optimizer)
/// m and v of every parameter; last, u32 CRC-32C (Castagnoli) of all preceding bytes. Files are written
/// with <see cref="AtomicFile"/>, so a crash never leaves half a file. Loading checks the magic, version,
/// size, checksum, and that names and shapes match the network, and throws a <see cref="WorkbenchException"/>
/// naming the file and the problem otherwise.
/// </remarks>
public static class NeuralCheckpoint
{
    private static readonly byte[] Magic = "WBNN"u8.ToArray();

    /// <summary>The format version written by <see cref="Save"/>.</summary>
    public const uint Version = 1;

    /// <summary>Writes <paramref name="parameters"/> (and <paramref name="optimizer"/>'s state when given) to <paramref name="path"/>.</summary>
    public static void Save(string path, ParameterSet parameters, Adam? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (optimizer is not null && !ReferenceEquals(optimizer.Parameters, parameters))
            optimizer.Parameters.RequireSameShape(parameters);
        parameters.EnsureCurrent();
        optimizer?.SynchronizeState();
        AtomicFile.Write(path, stream =>
        {
            var crc = new CrcWriter(stream);
            Span<byte> b = stackalloc byte[8];
            crc.Write(Magic);
            crc.WriteU32(Version);
            crc.WriteU32((uint)parameters.Count);
            foreach (var p in parameters)
            {
                var name = Encoding.UTF8.GetBytes(p.Name);
                if (name.Length > ushort.MaxValue) throw new ArgumentException($"parameter name too long: {p.Name[..40]}...");
                BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)name.Length);
                crc.Write(b[..2]);
                crc.Write(name);
                crc.WriteU32((uint)p.Rows);
                crc.WriteU32((uint)p.Cols);
            }
            crc.Write([(byte)(optimizer is null ? 0 : 1)]);
            if (optimizer is not null)
            {
                BinaryPrimitives.WriteInt64LittleEndian(b, optimizer.StepCount);
                crc.Write(b);
                var o = optimizer.Options;
                foreach (var d in new[] { o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay })
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(b, d);
                    crc.Write(b);
                }
            }
            foreach (var p in parameters) crc.WriteFloats(p.Value);
            if (optimizer is not null)
            {
                for (var i = 0; i < parameters.Count; i++) crc.WriteFloats(optimizer.State(i).M);
                for (var i = 0; i < parameters.Count; i++) crc.WriteFloats(optimizer.State(i).V);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(b, Crc32C.Finish(crc.Crc));
            stream.Write(b[..4]);
        });
    }

    /// <summary>What a checkpoint file holds besides the values.</summary>
    /// <param name="HasOptimizer">Whether Adam state is stored.</param>
    /// <param name="Step">Adam's step count (0 without optimizer).</param>
    /// <param name="Options">The stored Adam options (null without optimizer).</param>
    public sealed record Info(bool HasOptimizer, long Step, AdamOptions? Options);

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="parameters"/> (names and shapes must match) and, when
    /// <paramref name="optimizer"/> is given, its moments and step (the file must then hold optimizer state).
    /// Nothing is modified unless the whole file is valid.
    /// </summary>
    public static Info Load(string path, ParameterSet parameters, Adam? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkbenchException($"{path}: cannot read checkpoint: {e.Message}", e);
        }
        var r = new Reader(bytes, path);
        if (bytes.Length < 4 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw Fail(path, "not a Workbench network checkpoint (magic 'WBNN' missing)");
        r.Skip(4);
        var version = r.U32("version");
        if (version != Version) throw Fail(path, $"unsupported checkpoint version {version} (this build reads version {Version})");
        var count = r.U32("parameter count");
        if (count > 1_000_000) throw Fail(path, $"implausible parameter count {count} (corrupt header)");
        var shapes = new (string Name, int Rows, int Cols)[count];
        long floats = 0;
        for (var i = 0; i < count; i++)
        {
            var len = r.U16("name length");
            var name = Encoding.UTF8.GetString(r.Bytes(len, "parameter name"));
            var rows = (int)r.U32("rows");
            var cols = (int)r.U32("cols");
            if (rows <= 0 || cols <= 0) throw Fail(path, $"parameter '{name}' has invalid shape [{rows}x{cols}] (corrupt header)");
            shapes[i] = (name, rows, cols);
            floats += (long)rows * cols;
        }
        var hasOpt = r.Bytes(1, "optimizer flag")[0];
        if (hasOpt > 1) throw Fail(path, $"invalid optimizer flag {hasOpt} (corrupt header)");
        long step = 0;
        AdamOptions? options = null;
        if (hasOpt == 1)
        {
            step = (long)r.U64("optimizer step");
            var d = new double[5];
            for (var i = 0; i < 5; i++) d[i] = BitConverter.Int64BitsToDouble((long)r.U64("optimizer options"));
            options = new AdamOptions { LearningRate = d[0], Beta1 = d[1], Beta2 = d[2], Epsilon = d[3], WeightDecay = d[4] };
        }
        var expected = r.Position + floats * 4 * (hasOpt == 1 ? 3 : 1) + 4;
        if (bytes.Length < expected) throw Fail(path, $"truncated: {bytes.Length} bytes, the header announces {expected}");
        if (bytes.Length > expected) throw Fail(path, $"{bytes.Length - expected} unexpected bytes after the data (corrupt or not this format)");
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        var actual = Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4));
        if (stored != actual) throw Fail(path, $"checksum mismatch (stored {stored:x8}, computed {actual:x8}): the file is corrupt");

        if (count != parameters.Count)
            throw Fail(path, $"holds {count} parameters, the network has {parameters.Count}");
        for (var i = 0; i < count; i++)
        {
            var (name, rows, cols) = shapes[i];
            var p = parameters[i];
            if (name != p.Name || rows != p.Rows || cols != p.Cols)
                throw Fail(path, $"parameter {i} is '{name}' [{rows}x{cols}] in the file but '{p.Name}' [{p.Rows}x{p.Cols}] in the network");
        }
        if (optimizer is not null)
        {
            if (hasOpt == 0) throw Fail(path, "holds no optimizer state, but an optimizer was given to restore");
            optimizer.Parameters.RequireSameShape(parameters);
        }

        var pos = (int)r.Position;
        foreach (var p in parameters) pos = ReadFloats(bytes, pos, p.Value);
        if (optimizer is not null)
        {
            for (var i = 0; i < count; i++) pos = ReadFloats(bytes, pos, optimizer.State(i).M);
            for (var i = 0; i < count; i++) pos = ReadFloats(bytes, pos, optimizer.State(i).V);
            optimizer.Restore(step);
        }
        return new Info(hasOpt == 1, step, options);
    }

    private static int ReadFloats(byte[] bytes, int pos, float[] into)
    {
        var n = into.Length * 4;
        bytes.AsSpan(pos, n).CopyTo(MemoryMarshal.AsBytes(into.AsSpan()));
        return pos + n;
    }

    private static WorkbenchException Fail(string path, string what) => new($"{path}: {what}");

    private struct Reader(byte[] bytes, string path)
    {
        public long Position { get; private set; }

        public void Skip(int n) => Position += n;

        public ReadOnlySpan<byte> Bytes(int n, string what)
        {
            if (Position + n > bytes.Length) throw Fail(path, $"truncated: the file ends inside the {what} at byte {bytes.Length}");
            var s = bytes.AsSpan((int)Position, n);
            Position += n;
            return s;
        }

        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));

        public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));
    }

    private sealed class CrcWriter(Stream stream)
    {
        public uint Crc { get; private set; } = Crc32C.Initial;

        public void Write(ReadOnlySpan<byte> data)
        {
            Crc = Crc32C.Update(Crc, data);
            stream.Write(data);
        }

        public void WriteU32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            Write(b);
        }

        public void WriteFloats(ReadOnlySpan<float> values)
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("checkpoints are written on little-endian machines only");
            const int chunk = 1 << 16;
            for (var i = 0; i < values.Length; i += chunk)
                Write(MemoryMarshal.AsBytes(values.Slice(i, Math.Min(chunk, values.Length - i))));
        }
    }
}

/// <summary>CRC-32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78), with the SSE4.2 instruction when available.</summary>
public static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The register value before any byte.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    /// <summary>The CRC-32C of <paramref name="data"/> (the check value of "123456789" is 0xE3069283).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    /// <summary>The final value of a register (bit inversion).</summary>
    public static uint Finish(uint register) => ~register;

    /// <summary>Feeds <paramref name="data"/> into the running register (start from <see cref="Initial"/>, end with <see cref="Finish"/>).</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        var crc = register;
        var i = 0;
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (var w in words) c = Sse42.X64.Crc32(c, w);
            crc = (uint)c;
            i = words.Length * 8;
        }
        for (; i < data.Length; i++) crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
