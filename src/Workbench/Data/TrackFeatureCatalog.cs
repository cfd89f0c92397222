using System.Collections.Immutable;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>
/// The Spotify Sequential Skip Prediction Challenge's track-feature file
/// (<c>track_id,duration,release_year,us_popularity_estimate,acousticness,...,valence,acoustic_vector_0..7</c>),
/// which seed 002 filtered on (<c>us_popularity_estimate &gt;= 95</c>). Not salvaged: tested on small files,
/// synthetic otherwise (<see cref="SyntheticData.TrackFeatures"/>). Float columns are struct-of-arrays;
/// the 8 acoustic vector components are also a row-major n x 8 matrix.
/// </summary>
public sealed class TrackFeatureCatalog
{
    /// <summary>The float feature columns, in file order (mode is parsed from "major"/"minor" to 1/0).</summary>
    public static readonly ImmutableArray<string> FeatureNames =
    [
        "duration", "release_year", "us_popularity_estimate", "acousticness", "beat_strength", "bounciness", "danceability", "dyn_range_mean",
        "energy", "flatness", "instrumentalness", "key", "liveness", "loudness", "mechanism", "mode", "organism", "speechiness", "tempo",
        "time_signature", "valence", "acoustic_vector_0", "acoustic_vector_1", "acoustic_vector_2", "acoustic_vector_3", "acoustic_vector_4",
        "acoustic_vector_5", "acoustic_vector_6", "acoustic_vector_7",
    ];

    /// <summary>Number of acoustic vector components.</summary>
    public const int AcousticVectorLength = 8;

    private readonly ImmutableArray<float>[] _features;

    /// <summary>Builds a catalog (arrays are taken, not copied); <paramref name="features"/> follow <see cref="FeatureNames"/>.</summary>
    public TrackFeatureCatalog(DataProvenance provenance, string[] trackId, float[][] features)
    {
        if (features.Length != FeatureNames.Length) throw new ArgumentException($"expected {FeatureNames.Length} feature columns", nameof(features));
        ColumnArrays.CheckLengths(trackId.Length, features.Select(f => f.Length).ToArray());
        Provenance = provenance;
        TrackId = ColumnArrays.Wrap(trackId);
        _features = features.Select(ColumnArrays.Wrap).ToArray();
        var n = trackId.Length;
        var av = new float[n * AcousticVectorLength];
        var first = FeatureNames.IndexOf("acoustic_vector_0");
        for (var k = 0; k < AcousticVectorLength; k++)
            for (var i = 0; i < n; i++) av[i * AcousticVectorLength + k] = features[first + k][i];
        AcousticVectors = ColumnArrays.Wrap(av);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++) map.TryAdd(trackId[i], i);
        _rowOf = map;
    }

    private readonly Dictionary<string, int> _rowOf;

    /// <summary>Where the rows came from (real file or synthetic generator).</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the features are synthetic.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>Number of tracks.</summary>
    public int Count => TrackId.Length;

    /// <summary>Track ids (as in the session logs' <c>track_id_clean</c>).</summary>
    public ImmutableArray<string> TrackId { get; }

    /// <summary>Row-major n x 8 acoustic vectors: track <c>i</c> is <c>AcousticVectors[i*8 .. i*8+8]</c>.</summary>
    public ImmutableArray<float> AcousticVectors { get; }

    /// <summary>us_popularity_estimate (seed 002 kept tracks with at least 95).</summary>
    public ImmutableArray<float> UsPopularityEstimate => Feature("us_popularity_estimate");

    /// <summary>The row of <paramref name="trackId"/> (its first occurrence), or -1.</summary>
    public int RowOf(string trackId) => _rowOf.TryGetValue(trackId, out var i) ? i : -1;

    /// <summary>The float column called <paramref name="name"/> (one of <see cref="FeatureNames"/>).</summary>
    public ImmutableArray<float> Feature(string name)
    {
        var i = FeatureNames.IndexOf(name);
        if (i < 0) throw new ArgumentException($"unknown feature '{name}'; allowed: {string.Join(", ", FeatureNames)}", nameof(name));
        return _features[i];
    }

    /// <summary>Loads the CSV; malformed input is a <see cref="DataFormatException"/> naming file, line and column.</summary>
    public static TrackFeatureCatalog Load(string path)
    {
        using var reader = Utf8CsvReader.Open(path);
        var h = CsvHeader.Read(reader, "track-features");
        var cId = h.Require("track_id");
        var cols = FeatureNames.Select(f => h.Require(f)).ToArray();
        var modeIndex = FeatureNames.IndexOf("mode");
        var ids = new List<string>();
        var values = FeatureNames.Select(_ => new List<float>()).ToArray();
        while (reader.Read())
        {
            h.CheckFieldCount();
            ids.Add(h.String(cId));
            for (var f = 0; f < cols.Length; f++) values[f].Add(f == modeIndex ? Mode(reader, h, cols[f]) : h.Float(cols[f]));
        }
        if (ids.Count == 0) throw h.HeaderOnly();
        return new TrackFeatureCatalog(DataProvenance.FromFile(path), [.. ids], values.Select(v => v.ToArray()).ToArray());
    }

    private static float Mode(Utf8CsvReader reader, CsvHeader h, int column)
    {
        var f = reader[column];
        if (f.SequenceEqual("major"u8)) return 1f;
        if (f.SequenceEqual("minor"u8)) return 0f;
        throw reader.Error(h[column], $"{Utf8CsvReader.Show(f)} is not a mode (expected major or minor)");
    }
}
