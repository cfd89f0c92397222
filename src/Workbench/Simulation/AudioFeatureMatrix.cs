namespace Workbench.Simulation;

/// <summary>
/// The tracks of seed 003's environment as a dense row-major matrix of min-max scaled audio features
/// (one row of <see cref="Dimensions"/> floats per track), with the feature names and where the tracks came
/// from. The seed uses the nine Spotify features of <see cref="SpotifyFeatureNames"/>, scaled with
/// scikit-learn's <c>MinMaxScaler</c>: x' = (x - min) / (max - min) per column (0 for a constant column).
/// </summary>
public sealed class AudioFeatureMatrix
{
    /// <summary>The seed's nine features in the seed's column order.</summary>
    public static readonly IReadOnlyList<string> SpotifyFeatureNames =
    [
        "acousticness", "danceability", "energy", "instrumentalness", "liveness",
        "loudness", "speechiness", "tempo", "valence",
    ];

    private readonly float[] _features;
    private float[]? _norms;

    /// <summary>
    /// Wraps already-scaled features. <paramref name="features"/> is row-major, <c>count x names.Count</c>;
    /// the array is kept (not copied), so do not change it afterwards.
    /// </summary>
    /// <param name="features">row-major features, one row per track</param>
    /// <param name="featureNames">the columns' names</param>
    /// <param name="trackIds">one id per track (for recommendations and reports)</param>
    /// <param name="source">where the tracks came from ("real: FILE", "synthetic: ..."), for results</param>
    public AudioFeatureMatrix(float[] features, IReadOnlyList<string> featureNames, IReadOnlyList<string> trackIds, string source)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(trackIds);
        if (featureNames.Count == 0) throw new ArgumentException("at least one feature is needed", nameof(featureNames));
        if (trackIds.Count == 0) throw new WorkbenchException("the audio-feature catalog has no tracks");
        if (features.Length != trackIds.Count * featureNames.Count)
            throw new ArgumentException(
                $"features has {features.Length} values; {trackIds.Count} tracks x {featureNames.Count} features need {trackIds.Count * featureNames.Count}",
                nameof(features));
        for (var i = 0; i < features.Length; i++)
            if (!float.IsFinite(features[i]))
                throw new WorkbenchException(
                    $"audio feature '{featureNames[i % featureNames.Count]}' of track {trackIds[i / featureNames.Count]} is not a finite number");
        _features = features;
        FeatureNames = featureNames;
        TrackIds = trackIds;
        Source = source;
    }

    /// <summary>Number of tracks (the DQN's number of actions).</summary>
    public int Count => TrackIds.Count;

    /// <summary>Features per track (9 for the seed).</summary>
    public int Dimensions => FeatureNames.Count;

    /// <summary>The columns' names.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>One id per track.</summary>
    public IReadOnlyList<string> TrackIds { get; }

    /// <summary>Where the tracks came from, for the result notes.</summary>
    public string Source { get; }

    /// <summary>All features, row-major (<see cref="Count"/> x <see cref="Dimensions"/>).</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The Euclidean norm of each track's feature row, |x_i| (computed once, in double).</summary>
    public ReadOnlySpan<float> RowNorms
    {
        get
        {
            if (_norms is null)
            {
                var norms = new float[Count];
                var d = Dimensions;
                for (var i = 0; i < norms.Length; i++)
                {
                    double sum = 0;
                    for (var j = 0; j < d; j++) sum += (double)_features[i * d + j] * _features[i * d + j];
                    norms[i] = (float)Math.Sqrt(sum);
                }
                _norms = norms;
            }
            return _norms;
        }
    }

    /// <summary>The features of one track.</summary>
    public ReadOnlySpan<float> Row(int track)
    {
        if ((uint)track >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(track), track, $"must be in [0, {Count})");
        return new ReadOnlySpan<float>(_features, track * Dimensions, Dimensions);
    }

    /// <summary>
    /// Min-max scales raw row-major features into a new matrix, column by column:
    /// x' = (x - min_j) / (max_j - min_j), and 0 where max_j = min_j (scikit-learn's <c>MinMaxScaler</c>
    /// maps a constant column to 0 as well). Computed in double, stored as float.
    /// </summary>
    /// <param name="raw">row-major raw features (<c>trackIds.Count x featureNames.Count</c>)</param>
    /// <param name="featureNames">the columns' names</param>
    /// <param name="trackIds">one id per track</param>
    /// <param name="source">where the tracks came from</param>
    public static AudioFeatureMatrix MinMaxScaled(ReadOnlySpan<float> raw, IReadOnlyList<string> featureNames, IReadOnlyList<string> trackIds, string source)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(trackIds);
        var d = featureNames.Count;
        var n = trackIds.Count;
        if (raw.Length != n * d)
            throw new ArgumentException($"raw has {raw.Length} values; {n} tracks x {d} features need {n * d}", nameof(raw));
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++)
            {
                double v = raw[i * d + j];
                if (!double.IsFinite(v))
                    throw new WorkbenchException($"audio feature '{featureNames[j]}' of track {trackIds[i]} is not a finite number");
                if (v < min[j]) min[j] = v;
                if (v > max[j]) max[j] = v;
            }
        var scaled = new float[n * d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++)
            {
                var range = max[j] - min[j];
                scaled[i * d + j] = range > 0 ? (float)((raw[i * d + j] - min[j]) / range) : 0f;
            }
        return new AudioFeatureMatrix(scaled, featureNames, trackIds, source);
    }

    /// <summary>The first <paramref name="count"/> tracks as a new matrix (for quick runs on a small catalog).</summary>
    public AudioFeatureMatrix Take(int count)
    {
        if (count <= 0) throw new WorkbenchException($"the catalog size must be positive (got {count})");
        if (count >= Count) return this;
        var f = _features.AsSpan(0, count * Dimensions).ToArray();
        var ids = new string[count];
        for (var i = 0; i < count; i++) ids[i] = TrackIds[i];
        return new AudioFeatureMatrix(f, FeatureNames, ids, $"{Source} (first {count} tracks)");
    }
}
