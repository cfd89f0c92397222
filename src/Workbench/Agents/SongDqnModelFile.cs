using System.Buffers.Binary;
using System.Text;
using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>
/// Saves and loads seed 001's trained Q networks in the workbench checkpoint format (<see cref="NeuralCheckpoint"/>:
/// versioned, CRC-32C checked, written atomically). Parameters are named <c>action_head.fc1.weight</c> ...
/// or <c>plain.fc1.weight</c> ..., so a file says which network it holds and its sizes.
/// </summary>
public static class SongDqnModelFile
{
    private static readonly string[] Layers = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"];

    /// <summary>Writes <paramref name="network"/>'s parameters to <paramref name="path"/>.</summary>
    public static void Save(string path, ISongQNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var set = Shapes(network.Kind, network.StateSize, network.SongCount, HiddenSizes(network));
        var theta = network.Parameters;
        var offset = 0;
        foreach (var p in set)
        {
            theta.Slice(offset, p.Length).CopyTo(p.Value);
            offset += p.Length;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        NeuralCheckpoint.Save(path, set);
    }

    /// <summary>
    /// Loads a network saved by <see cref="Save"/> for the catalog <paramref name="songTags"/> (row-major, <paramref name="tagCount"/>
    /// tags a song). Errors name the file: not a checkpoint, corrupt, or made for another catalog size.
    /// </summary>
    public static ISongQNetwork Load(string path, ReadOnlySpan<float> songTags, int tagCount)
    {
        if (!File.Exists(path)) throw new WorkbenchException($"{path}: model file not found (save one with: workbench train ah-dqn --mode corrected --set save-model={path})");
        var header = ReadShapes(path);
        var kind = header.Length > 0 && header[0].Name.StartsWith("plain.", StringComparison.Ordinal) ? SongNetworkKind.Plain : SongNetworkKind.ActionHead;
        if (header.Length != Layers.Length || header.Any(h => !h.Name.StartsWith(Prefix(kind), StringComparison.Ordinal)))
            throw new WorkbenchException($"{path}: not a seed 001 model (expected the 6 parameters {Prefix(kind)}fc1.weight ... fc3.bias)");
        var songCount = songTags.Length / tagCount;
        int stateSize, h1 = header[0].Cols, h2 = header[2].Cols;
        ISongQNetwork net;
        var options = new SongNetworkOptions { Hidden1 = h1, Hidden2 = h2, Slots = 1 };
        if (kind == SongNetworkKind.ActionHead)
        {
            stateSize = header[0].Rows - tagCount;
            if (stateSize != tagCount) throw new WorkbenchException($"{path}: model takes {header[0].Rows} inputs, the catalog has {tagCount} tags (expected {2 * tagCount})");
            net = new AhDqnNetwork(songTags, tagCount, stateSize, options, new Rng(0));
        }
        else
        {
            stateSize = header[0].Rows;
            if (header[4].Rows != songCount) throw new WorkbenchException($"{path}: plain DQN model has {header[4].Rows} outputs, the catalog has {songCount} songs");
            net = new SongDqnNetwork(stateSize, songCount, options, new Rng(0));
        }
        var set = Shapes(kind, stateSize, songCount, (h1, h2));
        NeuralCheckpoint.Load(path, set);
        var theta = new float[net.ParameterCount];
        var offset = 0;
        foreach (var p in set)
        {
            p.Value.CopyTo(theta.AsSpan(offset));
            offset += p.Length;
        }
        net.SetParameters(theta);
        return net;
    }

    private static string Prefix(SongNetworkKind kind) => kind == SongNetworkKind.ActionHead ? "action_head." : "plain.";

    private static (int H1, int H2) HiddenSizes(ISongQNetwork network) => network is SongQNetworkBase b
        ? (b.Options.Hidden1, b.Options.Hidden2)
        : throw new ArgumentException("only the workbench's song networks can be saved", nameof(network));

    private static ParameterSet Shapes(SongNetworkKind kind, int stateSize, int songCount, (int H1, int H2) h)
    {
        var p = Prefix(kind);
        var inputs = kind == SongNetworkKind.ActionHead ? 2 * stateSize : stateSize;
        var outputs = kind == SongNetworkKind.ActionHead ? 1 : songCount;
        return new ParameterSet(
        [
            new Parameter(p + Layers[0], inputs, h.H1), new Parameter(p + Layers[1], h.H1, 1),
            new Parameter(p + Layers[2], h.H1, h.H2), new Parameter(p + Layers[3], h.H2, 1),
            kind == SongNetworkKind.ActionHead ? new Parameter(p + Layers[4], h.H2, 1) : new Parameter(p + Layers[4], outputs, h.H2),
            new Parameter(p + Layers[5], outputs, 1),
        ]);
    }

    /// <summary>Reads the parameter names and shapes from a checkpoint header (the checksum is checked by the full load).</summary>
    private static (string Name, int Rows, int Cols)[] ReadShapes(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkbenchException($"{path}: cannot read model: {e.Message}", e);
        }
        var bad = new WorkbenchException($"{path}: not a Workbench network checkpoint, or truncated");
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("WBNN"u8)) throw bad;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (count > 64) throw bad;
        var pos = 12;
        var shapes = new (string, int, int)[count];
        for (var i = 0; i < count; i++)
        {
            if (pos + 2 > bytes.Length) throw bad;
            var len = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos));
            pos += 2;
            if (pos + len + 8 > bytes.Length) throw bad;
            var name = Encoding.UTF8.GetString(bytes, pos, len);
            pos += len;
            var rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos));
            var cols = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            pos += 8;
            if (rows <= 0 || cols <= 0) throw bad;
            shapes[i] = (name, rows, cols);
        }
        return shapes;
    }
}
