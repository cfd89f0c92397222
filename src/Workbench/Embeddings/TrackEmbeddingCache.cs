using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Workbench.Data;
using Workbench.IO;

namespace Workbench.Embeddings;

/// <summary>
/// On-disk cache of trained track embeddings under a folder (by default <c>data/cache/</c>), one file per key
/// <c>SHA-256(corpus checksum + options)</c>, so the same input and options never train twice. Files are written
/// atomically (temporary file + rename) and carry their own SHA-256; a file that fails its check is retrained and
/// replaced, never used.
/// </summary>
public static class TrackEmbeddingCache
{
    private static ReadOnlySpan<byte> Magic => "WBTEMB01"u8;

    /// <summary>The cache key of <paramref name="set"/>'s corpus trained with <paramref name="options"/> (lower-case hex).</summary>
    public static string Key(SkipSessionSet set, TrackEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        return Key(set.CorpusChecksum(), options);
    }

    /// <summary>The cache key of a corpus checksum trained with <paramref name="options"/> (lower-case hex).</summary>
    public static string Key(string corpusChecksum, TrackEmbeddingOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(corpusChecksum + "|" + options.CacheKeyText())));

    /// <summary>The file that holds the embeddings of <paramref name="key"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string key) => Path.Combine(directory, $"track-embeddings-{key[..32]}.bin");

    /// <summary>
    /// The cached embeddings of <paramref name="set"/> and <paramref name="options"/>, trained and stored when absent
    /// or corrupt. <paramref name="fromCache"/> says which happened.
    /// </summary>
    public static TrackEmbeddings GetOrTrain(string directory, SkipSessionSet set, TrackEmbeddingOptions options, out bool fromCache,
        IProgress<EmbeddingEpoch>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = PathFor(directory, Key(set, options));
        if (TryLoad(path, set.TrackCount, options.Dimension, out var cached))
        {
            fromCache = true;
            return cached!;
        }
        var trained = TrackEmbeddingTrainer.Train(set, options, progress, cancellationToken);
        Save(path, trained);
        fromCache = false;
        return trained;
    }

    /// <summary>Writes <paramref name="embeddings"/> to <paramref name="path"/> atomically: magic, count, dimension, floats (little-endian), SHA-256 of all before it.</summary>
    public static void Save(string path, TrackEmbeddings embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var payload = new byte[Magic.Length + 8 + embeddings.Vectors.Length * 4];
        Magic.CopyTo(payload);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(Magic.Length), embeddings.Count);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(Magic.Length + 4), embeddings.Dimension);
        var floats = payload.AsSpan(Magic.Length + 8);
        for (var i = 0; i < embeddings.Vectors.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(floats[(i * 4)..], embeddings.Vectors[i]);
        var hash = SHA256.HashData(payload);
        AtomicFile.Write(path, s =>
        {
            s.Write(payload);
            s.Write(hash);
        });
    }

    /// <summary>Reads a file written by <see cref="Save"/>; false when it is missing, truncated, corrupt or of another shape.</summary>
    public static bool TryLoad(string path, int expectedCount, int expectedDimension, out TrackEmbeddings? embeddings)
    {
        embeddings = null;
        if (!File.Exists(path)) return false;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 8 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return false;
        var payload = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32))) return false;
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[Magic.Length..]);
        var dim = BinaryPrimitives.ReadInt32LittleEndian(payload[(Magic.Length + 4)..]);
        if (count != expectedCount || dim != expectedDimension || payload.Length != Magic.Length + 8 + (long)count * dim * 4) return false;
        var vectors = new float[count * dim];
        MemoryMarshal.Cast<byte, float>(payload[(Magic.Length + 8)..]).CopyTo(vectors);
        if (!BitConverter.IsLittleEndian)
            for (var i = 0; i < vectors.Length; i++) vectors[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(Magic.Length + 8 + i * 4)..]);
        embeddings = new TrackEmbeddings(dim, vectors);
        return true;
    }
}
