using System.Collections.Immutable;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>
/// Seed 000's Deezer artist-tracks table (<c>artists_output_with_top_tracks.csv</c>, 6,129 rows of 229
/// artists), as immutable struct-of-arrays columns: row <c>i</c> of every column is track row <c>i</c> of
/// the file. All rows are kept, including the duplicated TrackIDs (5,780 distinct on the real file; see
/// <see cref="DuplicateTrackIds"/>). The junk first column <c>FALSE</c> is ignored. Note: on the real
/// file <see cref="Danceability"/> and <see cref="TrackGenre"/> were pasted in by row position from the
/// 114k Spotify Tracks Dataset (genre blocks of 1,000 rows), so they do not describe the Deezer track.
/// </summary>
public sealed class DeezerCatalog
{
    /// <summary>The columns the loader requires, in file order (the junk <c>FALSE</c> column is not required).</summary>
    public static readonly ImmutableArray<string> Columns =
    [
        "GenreID", "ArtistID", "ArtistName", "TrackID", "Title", "ShareLink", "Duration", "Rank", "ExplicitLyrics",
        "ExplicitContentLyrics", "ExplicitContentCover", "Preview", "BPM", "Gain", "ImageLink", "danceability", "track_genre",
    ];

    /// <summary>Names of the float feature columns, as in the file (seed 000 standard-scales these).</summary>
    public static readonly ImmutableArray<string> FeatureNames = ["Duration", "Rank", "BPM", "Gain", "danceability"];

    /// <summary>Builds a catalog from columns (all of length <paramref name="genreId"/>.Length); arrays are taken, not copied.</summary>
    public DeezerCatalog(
        DataProvenance provenance, int[] genreId, long[] artistId, string[] artistName, long[] trackId, string[] title,
        string[] shareLink, float[] duration, float[] rank, bool[] explicitLyrics, int[] explicitContentLyrics,
        int[] explicitContentCover, string[] preview, float[] bpm, float[] gain, string[] imageLink, float[] danceability,
        string[] trackGenre)
    {
        Provenance = provenance;
        var n = genreId.Length;
        ColumnArrays.CheckLengths(n, artistId.Length, artistName.Length, trackId.Length, title.Length, shareLink.Length, duration.Length, rank.Length,
            explicitLyrics.Length, explicitContentLyrics.Length, explicitContentCover.Length, preview.Length, bpm.Length, gain.Length,
            imageLink.Length, danceability.Length, trackGenre.Length);
        GenreId = ColumnArrays.Wrap(genreId);
        ArtistId = ColumnArrays.Wrap(artistId);
        ArtistName = ColumnArrays.Wrap(artistName);
        TrackId = ColumnArrays.Wrap(trackId);
        Title = ColumnArrays.Wrap(title);
        ShareLink = ColumnArrays.Wrap(shareLink);
        Duration = ColumnArrays.Wrap(duration);
        Rank = ColumnArrays.Wrap(rank);
        ExplicitLyrics = ColumnArrays.Wrap(explicitLyrics);
        ExplicitContentLyrics = ColumnArrays.Wrap(explicitContentLyrics);
        ExplicitContentCover = ColumnArrays.Wrap(explicitContentCover);
        Preview = ColumnArrays.Wrap(preview);
        Bpm = ColumnArrays.Wrap(bpm);
        Gain = ColumnArrays.Wrap(gain);
        ImageLink = ColumnArrays.Wrap(imageLink);
        Danceability = ColumnArrays.Wrap(danceability);
        TrackGenre = ColumnArrays.Wrap(trackGenre);
        var firstRow = new Dictionary<long, int>();
        var dups = ImmutableArray.CreateBuilder<(long, int, int)>();
        for (var i = 0; i < n; i++)
            if (!firstRow.TryAdd(trackId[i], i)) dups.Add((trackId[i], firstRow[trackId[i]], i));
        DuplicateTrackIds = dups.ToImmutable();
        DistinctTrackIds = firstRow.Count;
    }

    /// <summary>Where the rows came from (real file or synthetic generator).</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the rows are synthetic, not the real seed 000 file.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>Number of rows (6,129 on the real file).</summary>
    public int Count => GenreId.Length;

    /// <summary>Deezer genre id (5 distinct on the real file: 2, 111, 116, 155, 197).</summary>
    public ImmutableArray<int> GenreId { get; }

    /// <summary>Deezer artist id (229 distinct on the real file).</summary>
    public ImmutableArray<long> ArtistId { get; }

    /// <summary>Artist name.</summary>
    public ImmutableArray<string> ArtistName { get; }

    /// <summary>Deezer track id (duplicates exist: see <see cref="DuplicateTrackIds"/>).</summary>
    public ImmutableArray<long> TrackId { get; }

    /// <summary>Track title.</summary>
    public ImmutableArray<string> Title { get; }

    /// <summary>Deezer share URL.</summary>
    public ImmutableArray<string> ShareLink { get; }

    /// <summary>Duration in seconds (an integer in the file).</summary>
    public ImmutableArray<float> Duration { get; }

    /// <summary>Deezer rank (an integer in the file, below 2^24 so exact as a float).</summary>
    public ImmutableArray<float> Rank { get; }

    /// <summary>The ExplicitLyrics flag (TRUE/FALSE in the file).</summary>
    public ImmutableArray<bool> ExplicitLyrics { get; }

    /// <summary>Deezer's explicit_content_lyrics code (0, 1, 2, 3, 4, 5, 6; 0 = not explicit).</summary>
    public ImmutableArray<int> ExplicitContentLyrics { get; }

    /// <summary>Deezer's explicit_content_cover code.</summary>
    public ImmutableArray<int> ExplicitContentCover { get; }

    /// <summary>30-second preview MP3 URL (what the seed "plays").</summary>
    public ImmutableArray<string> Preview { get; }

    /// <summary>Beats per minute.</summary>
    public ImmutableArray<float> Bpm { get; }

    /// <summary>Replay gain in dB.</summary>
    public ImmutableArray<float> Gain { get; }

    /// <summary>Artist picture URL.</summary>
    public ImmutableArray<string> ImageLink { get; }

    /// <summary>Danceability in [0, 1] (on the real file pasted by row position from another dataset).</summary>
    public ImmutableArray<float> Danceability { get; }

    /// <summary>Genre label (on the real file pasted by row position: 1,000-row blocks).</summary>
    public ImmutableArray<string> TrackGenre { get; }

    /// <summary>Number of distinct TrackIDs (5,780 on the real file).</summary>
    public int DistinctTrackIds { get; }

    /// <summary>Every repeated TrackID: the id, the row of its first occurrence and the repeating row (0-based rows).</summary>
    public ImmutableArray<(long TrackId, int FirstRow, int Row)> DuplicateTrackIds { get; }

    /// <summary>The float feature column called <paramref name="name"/> (one of <see cref="FeatureNames"/>).</summary>
    public ImmutableArray<float> Feature(string name) => name switch
    {
        "Duration" => Duration,
        "Rank" => Rank,
        "BPM" => Bpm,
        "Gain" => Gain,
        "danceability" => Danceability,
        _ => throw new ArgumentException($"unknown feature '{name}'; allowed: {string.Join(", ", FeatureNames)}", nameof(name)),
    };

    /// <summary>
    /// Loads the CSV (CRLF or LF, quoted titles allowed). Throws <see cref="DataFormatException"/> with file,
    /// line and column on any malformed input; nothing is returned half-loaded.
    /// </summary>
    public static DeezerCatalog Load(string path)
    {
        using var reader = Utf8CsvReader.Open(path);
        var h = CsvHeader.Read(reader, "Deezer artist-tracks");
        var c = Columns.Select(name => h.Require(name)).ToArray();
        var genreId = new List<int>(); var artistId = new List<long>(); var artistName = new List<string>();
        var trackId = new List<long>(); var title = new List<string>(); var shareLink = new List<string>();
        var duration = new List<float>(); var rank = new List<float>(); var explicitLyrics = new List<bool>();
        var ecl = new List<int>(); var ecc = new List<int>(); var preview = new List<string>(); var bpm = new List<float>();
        var gain = new List<float>(); var imageLink = new List<string>(); var dance = new List<float>(); var genre = new List<string>();
        var genreNames = new Dictionary<string, string>();
        while (reader.Read())
        {
            h.CheckFieldCount();
            genreId.Add(h.Int(c[0])); artistId.Add(h.Long(c[1])); artistName.Add(h.String(c[2])); trackId.Add(h.Long(c[3]));
            title.Add(h.String(c[4])); shareLink.Add(h.String(c[5])); duration.Add(h.Float(c[6])); rank.Add(h.Float(c[7]));
            explicitLyrics.Add(h.Bool(c[8])); ecl.Add(h.Int(c[9])); ecc.Add(h.Int(c[10])); preview.Add(h.String(c[11]));
            bpm.Add(h.Float(c[12])); gain.Add(h.Float(c[13])); imageLink.Add(h.String(c[14])); dance.Add(h.Float(c[15]));
            genre.Add(ColumnArrays.Intern(genreNames, h.String(c[16])));
        }
        if (genreId.Count == 0) throw h.HeaderOnly();
        return new DeezerCatalog(DataProvenance.FromFile(path), [.. genreId], [.. artistId], [.. artistName], [.. trackId], [.. title],
            [.. shareLink], [.. duration], [.. rank], [.. explicitLyrics], [.. ecl], [.. ecc], [.. preview], [.. bpm], [.. gain],
            [.. imageLink], [.. dance], [.. genre]);
    }
}
