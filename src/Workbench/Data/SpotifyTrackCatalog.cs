using System.Collections.Immutable;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>
/// The 114,000-row Kaggle/Hugging Face "Spotify Tracks Dataset" used by seed 003
/// (<c>,track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,
/// loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre</c>;
/// the first column is an unnamed index; 114 genres in blocks of 1,000 rows) as immutable struct-of-arrays
/// columns. The file is not in the salvaged data: the loader is tested on small files and runs use
/// <see cref="SyntheticData.SpotifyTracks"/> unless the real file is placed at
/// <see cref="DataRoot.SpotifyTracksFile"/>.
/// </summary>
public sealed class SpotifyTrackCatalog
{
    /// <summary>The float audio-feature columns, in file order.</summary>
    public static readonly ImmutableArray<string> FeatureNames =
        ["danceability", "energy", "loudness", "speechiness", "acousticness", "instrumentalness", "liveness", "valence", "tempo"];

    /// <summary>The 9 features seed 003 min-max scales, in its order.</summary>
    public static readonly ImmutableArray<string> SeedFeatureNames =
        ["acousticness", "danceability", "energy", "instrumentalness", "liveness", "loudness", "speechiness", "tempo", "valence"];

    private readonly ImmutableArray<float>[] _features;

    /// <summary>Builds a catalog from columns (arrays are taken, not copied); <paramref name="features"/> follow <see cref="FeatureNames"/>.</summary>
    public SpotifyTrackCatalog(DataProvenance provenance, int[] index, string[] trackId, string[] artists, string[] albumName, string[] trackName,
        int[] popularity, int[] durationMs, bool[] @explicit, int[] key, int[] mode, int[] timeSignature, string[] trackGenre, float[][] features)
    {
        var n = trackId.Length;
        ColumnArrays.CheckLengths(n, index.Length, artists.Length, albumName.Length, trackName.Length, popularity.Length, durationMs.Length,
            @explicit.Length, key.Length, mode.Length, timeSignature.Length, trackGenre.Length);
        if (features.Length != FeatureNames.Length) throw new ArgumentException($"expected {FeatureNames.Length} feature columns", nameof(features));
        ColumnArrays.CheckLengths(n, features.Select(f => f.Length).ToArray());
        Provenance = provenance;
        Index = ColumnArrays.Wrap(index);
        TrackId = ColumnArrays.Wrap(trackId);
        Artists = ColumnArrays.Wrap(artists);
        AlbumName = ColumnArrays.Wrap(albumName);
        TrackName = ColumnArrays.Wrap(trackName);
        Popularity = ColumnArrays.Wrap(popularity);
        DurationMs = ColumnArrays.Wrap(durationMs);
        Explicit = ColumnArrays.Wrap(@explicit);
        Key = ColumnArrays.Wrap(key);
        Mode = ColumnArrays.Wrap(mode);
        TimeSignature = ColumnArrays.Wrap(timeSignature);
        TrackGenre = ColumnArrays.Wrap(trackGenre);
        _features = features.Select(ColumnArrays.Wrap).ToArray();
        Genres = trackGenre.Distinct(StringComparer.Ordinal).ToImmutableArray();
        DistinctTrackIds = trackId.Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Where the rows came from (real file or synthetic generator).</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the tracks are synthetic, not the real dataset.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>Number of rows (114,000 in the real dataset).</summary>
    public int Count => TrackId.Length;

    /// <summary>The unnamed index column (the row number when the file has none).</summary>
    public ImmutableArray<int> Index { get; }

    /// <summary>Spotify track id (22 characters; 89,741 distinct in the real dataset: some tracks are listed under several genres).</summary>
    public ImmutableArray<string> TrackId { get; }

    /// <summary>Artists, ';'-separated as in the file (may be empty).</summary>
    public ImmutableArray<string> Artists { get; }

    /// <summary>Album name (may be empty).</summary>
    public ImmutableArray<string> AlbumName { get; }

    /// <summary>Track name (may be empty).</summary>
    public ImmutableArray<string> TrackName { get; }

    /// <summary>Popularity 0..100.</summary>
    public ImmutableArray<int> Popularity { get; }

    /// <summary>Duration in milliseconds.</summary>
    public ImmutableArray<int> DurationMs { get; }

    /// <summary>Explicit lyrics.</summary>
    public ImmutableArray<bool> Explicit { get; }

    /// <summary>Pitch class -1..11 (-1 = no key detected).</summary>
    public ImmutableArray<int> Key { get; }

    /// <summary>Mode: 1 major, 0 minor.</summary>
    public ImmutableArray<int> Mode { get; }

    /// <summary>Estimated beats per bar (3..7).</summary>
    public ImmutableArray<int> TimeSignature { get; }

    /// <summary>Genre label (114 in the real dataset, 1,000 rows each).</summary>
    public ImmutableArray<string> TrackGenre { get; }

    /// <summary>Distinct genres in order of first appearance.</summary>
    public ImmutableArray<string> Genres { get; }

    /// <summary>Number of distinct track ids.</summary>
    public int DistinctTrackIds { get; }

    /// <summary>danceability in [0, 1].</summary>
    public ImmutableArray<float> Danceability => _features[0];

    /// <summary>energy in [0, 1].</summary>
    public ImmutableArray<float> Energy => _features[1];

    /// <summary>loudness in dB (about -50..5).</summary>
    public ImmutableArray<float> Loudness => _features[2];

    /// <summary>speechiness in [0, 1].</summary>
    public ImmutableArray<float> Speechiness => _features[3];

    /// <summary>acousticness in [0, 1].</summary>
    public ImmutableArray<float> Acousticness => _features[4];

    /// <summary>instrumentalness in [0, 1].</summary>
    public ImmutableArray<float> Instrumentalness => _features[5];

    /// <summary>liveness in [0, 1].</summary>
    public ImmutableArray<float> Liveness => _features[6];

    /// <summary>valence in [0, 1].</summary>
    public ImmutableArray<float> Valence => _features[7];

    /// <summary>tempo in beats per minute.</summary>
    public ImmutableArray<float> Tempo => _features[8];

    /// <summary>The float feature column called <paramref name="name"/> (one of <see cref="FeatureNames"/>).</summary>
    public ImmutableArray<float> Feature(string name)
    {
        var i = FeatureNames.IndexOf(name);
        if (i < 0) throw new ArgumentException($"unknown feature '{name}'; allowed: {string.Join(", ", FeatureNames)}", nameof(name));
        return _features[i];
    }

    /// <summary>
    /// Loads the CSV. The leading index column (named "" or "Unnamed: 0") is optional; quoted fields with
    /// commas are handled. Malformed input is a <see cref="DataFormatException"/> naming file, line and column.
    /// </summary>
    public static SpotifyTrackCatalog Load(string path)
    {
        using var reader = Utf8CsvReader.Open(path);
        var h = CsvHeader.Read(reader, "Spotify Tracks Dataset");
        var cIndex = h.Find("", "Unnamed: 0");
        int cId = h.Require("track_id"), cArtists = h.Require("artists"), cAlbum = h.Require("album_name"), cName = h.Require("track_name"),
            cPop = h.Require("popularity"), cDur = h.Require("duration_ms"), cExp = h.Require("explicit"), cKey = h.Require("key"),
            cMode = h.Require("mode"), cTs = h.Require("time_signature"), cGenre = h.Require("track_genre");
        var cFeat = FeatureNames.Select(f => h.Require(f)).ToArray();
        var index = new List<int>(); var id = new List<string>(); var artists = new List<string>(); var album = new List<string>();
        var name = new List<string>(); var pop = new List<int>(); var dur = new List<int>(); var exp = new List<bool>(); var key = new List<int>();
        var mode = new List<int>(); var ts = new List<int>(); var genre = new List<string>();
        var feat = FeatureNames.Select(_ => new List<float>()).ToArray();
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            h.CheckFieldCount();
            index.Add(cIndex >= 0 ? h.Int(cIndex) : index.Count);
            id.Add(h.String(cId)); artists.Add(h.String(cArtists)); album.Add(h.String(cAlbum)); name.Add(h.String(cName));
            pop.Add(h.Int(cPop)); dur.Add(h.Int(cDur)); exp.Add(h.Bool(cExp)); key.Add(h.Int(cKey)); mode.Add(h.Int(cMode)); ts.Add(h.Int(cTs));
            genre.Add(ColumnArrays.Intern(pool, h.String(cGenre)));
            for (var f = 0; f < cFeat.Length; f++) feat[f].Add(h.Float(cFeat[f]));
        }
        if (id.Count == 0) throw h.HeaderOnly();
        return new SpotifyTrackCatalog(DataProvenance.FromFile(path), [.. index], [.. id], [.. artists], [.. album], [.. name], [.. pop], [.. dur],
            [.. exp], [.. key], [.. mode], [.. ts], [.. genre], feat.Select(f => f.ToArray()).ToArray());
    }
}
