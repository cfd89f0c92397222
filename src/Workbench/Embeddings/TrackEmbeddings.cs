using System.Numerics.Tensors;

namespace Workbench.Embeddings;

/// <summary>
/// One float vector per track, row-major (<c>Vectors[i * Dimension .. (i+1) * Dimension)</c> is track <c>i</c>),
/// with cosine similarity and nearest-neighbour look-ups.
/// </summary>
public sealed class TrackEmbeddings
{
    private readonly float[] _vectors;
    private readonly float[] _norms;

    /// <summary>Wraps <paramref name="vectors"/> (count x dimension, row-major; not copied).</summary>
    public TrackEmbeddings(int dimension, float[] vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "must be positive");
        if (vectors.Length % dimension != 0) throw new ArgumentException($"{vectors.Length} floats are not a whole number of {dimension}-vectors", nameof(vectors));
        Dimension = dimension;
        _vectors = vectors;
        Count = vectors.Length / dimension;
        _norms = new float[Count];
        for (var i = 0; i < Count; i++) _norms[i] = TensorPrimitives.Norm(Vector(i));
    }

    /// <summary>Vector length d.</summary>
    public int Dimension { get; }

    /// <summary>Number of tracks.</summary>
    public int Count { get; }

    /// <summary>All vectors, row-major.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>The vector of track <paramref name="track"/>.</summary>
    public ReadOnlySpan<float> Vector(int track) => _vectors.AsSpan(track * Dimension, Dimension);

    /// <summary>The Euclidean norm of track <paramref name="track"/>'s vector.</summary>
    public float Norm(int track) => _norms[track];

    /// <summary>Cosine similarity <c>e_a . e_b / (|e_a| |e_b|)</c> (0 when a vector is zero).</summary>
    public float Cosine(int a, int b)
    {
        var d = _norms[a] * _norms[b];
        return d == 0 ? 0 : TensorPrimitives.Dot(Vector(a), Vector(b)) / d;
    }

    /// <summary>Writes the concatenated vectors of <paramref name="tracks"/> into <paramref name="destination"/> (length tracks x d).</summary>
    public void Gather(ReadOnlySpan<int> tracks, Span<float> destination)
    {
        if (destination.Length != tracks.Length * Dimension)
            throw new ArgumentException($"destination holds {destination.Length} floats, {tracks.Length} tracks need {tracks.Length * Dimension}", nameof(destination));
        for (var i = 0; i < tracks.Length; i++) Vector(tracks[i]).CopyTo(destination.Slice(i * Dimension, Dimension));
    }

    /// <summary>
    /// List diversity as the seed defines it, <c>1 - mean_{i&lt;j} cos(e_i, e_j)</c> over the pairs of
    /// <paramref name="tracks"/> (<see cref="Evaluation.RecommendationMetrics.Diversity(ReadOnlySpan{int}, ReadOnlySpan{float}, int)"/>
    /// on these vectors; the seed used track audio features, which are lost). NaN for fewer than two tracks.
    /// </summary>
    public double Diversity(ReadOnlySpan<int> tracks) =>
        tracks.Length < 2 ? double.NaN : Evaluation.RecommendationMetrics.Diversity(tracks, _vectors, Dimension);

    /// <summary>The <paramref name="k"/> tracks most cosine-similar to <paramref name="track"/> (itself excluded), best first.</summary>
    public (int Track, float Cosine)[] Nearest(int track, int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "must be non-negative");
        var best = new List<(int Track, float Cosine)>(k + 1);
        for (var j = 0; j < Count; j++)
        {
            if (j == track) continue;
            var c = Cosine(track, j);
            if (best.Count == k && (k == 0 || c <= best[^1].Cosine)) continue;
            var at = best.Count;
            while (at > 0 && best[at - 1].Cosine < c) at--;
            best.Insert(at, (j, c));
            if (best.Count > k) best.RemoveAt(best.Count - 1);
        }
        return best.ToArray();
    }
}
