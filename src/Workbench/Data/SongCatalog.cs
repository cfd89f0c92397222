using System.Collections.Immutable;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>
/// Seed 001's tagged songs (<c>songs.csv</c>: 1,000 titles x 21 binary tags) as an immutable row-major
/// feature matrix <see cref="Features"/> (row <c>i</c> is <c>Features[i*21 .. i*21+21]</c>, values 0 or 1)
/// plus per-tag columns. Tag names are cleaned: the file's <c>Counrty</c> is exposed as <c>Country</c> and
/// the decade tags <c>(1980s)</c> ... <c>(2020s)</c> as <c>1980s</c> ... <c>2020s</c>.
/// </summary>
public sealed class SongCatalog
{
    /// <summary>Number of tags per song.</summary>
    public const int TagCount = 21;

    /// <summary>The 21 tag names in the file's order, cleaned (Country, 1980s...).</summary>
    public static readonly ImmutableArray<string> TagNames =
    [
        "1980s", "1990s", "2000s", "2010s", "2020s", "Pop", "Rock", "Country", "Folk", "Dance", "Grunge", "Love", "Metal",
        "Classic", "Funk", "Electric", "Acoustic", "Indie", "Jazz", "SoundTrack", "Rap",
    ];

    /// <summary>The header names as spelled in the real file, in the same order as <see cref="TagNames"/>.</summary>
    public static readonly ImmutableArray<string> FileTagNames =
    [
        "(1980s)", "(1990s)", "(2000s)", "(2010s)", "(2020s)", "Pop", "Rock", "Counrty", "Folk", "Dance", "Grunge", "Love", "Metal",
        "Classic", "Funk", "Electric", "Acoustic", "Indie", "Jazz", "SoundTrack", "Rap",
    ];

    private readonly ImmutableArray<float>[] _tagColumns;

    /// <summary>Builds a catalog from titles and a row-major n x 21 matrix of 0/1 values (arrays are taken, not copied).</summary>
    public SongCatalog(DataProvenance provenance, string[] titles, float[] features)
    {
        if (features.Length != titles.Length * TagCount)
            throw new ArgumentException($"features must hold {titles.Length} x {TagCount} values, not {features.Length}", nameof(features));
        Provenance = provenance;
        Titles = ColumnArrays.Wrap(titles);
        Features = ColumnArrays.Wrap(features);
        _tagColumns = new ImmutableArray<float>[TagCount];
        for (var t = 0; t < TagCount; t++)
        {
            var col = new float[titles.Length];
            for (var i = 0; i < col.Length; i++) col[i] = features[i * TagCount + t];
            _tagColumns[t] = ColumnArrays.Wrap(col);
        }
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var dups = ImmutableArray.CreateBuilder<(string, int, int)>();
        for (var i = 0; i < titles.Length; i++)
            if (!first.TryAdd(titles[i], i)) dups.Add((titles[i], first[titles[i]], i));
        DuplicateTitles = dups.ToImmutable();
    }

    /// <summary>Where the rows came from (real file or synthetic generator).</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the songs are synthetic, not the real songs.csv.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>Number of songs (1,000 on the real file).</summary>
    public int Count => Titles.Length;

    /// <summary>Song titles (11 repeated titles on the real file: see <see cref="DuplicateTitles"/>).</summary>
    public ImmutableArray<string> Titles { get; }

    /// <summary>Row-major n x 21 tag matrix of 0f/1f: song <c>i</c>, tag <c>t</c> is <c>Features[i * 21 + t]</c>.</summary>
    public ImmutableArray<float> Features { get; }

    /// <summary>The 21 tag values of song <paramref name="song"/>.</summary>
    public ReadOnlySpan<float> Row(int song) => Features.AsSpan().Slice(song * TagCount, TagCount);

    /// <summary>Column of tag <paramref name="tag"/> (0..20) over all songs.</summary>
    public ImmutableArray<float> Tag(int tag) => _tagColumns[tag];

    /// <summary>Column of the tag called <paramref name="name"/> (a cleaned name from <see cref="TagNames"/>, or the file's spelling).</summary>
    public ImmutableArray<float> Tag(string name)
    {
        var t = TagNames.IndexOf(name);
        if (t < 0) t = FileTagNames.IndexOf(name);
        if (t < 0) throw new ArgumentException($"unknown tag '{name}'; allowed: {string.Join(", ", TagNames)}", nameof(name));
        return _tagColumns[t];
    }

    /// <summary>Every repeated title: the title, the row of its first occurrence and the repeating row (0-based).</summary>
    public ImmutableArray<(string Title, int FirstRow, int Row)> DuplicateTitles { get; }

    /// <summary>
    /// Loads songs.csv: a <c>Title</c> column and the 21 tag columns, found by name (either the file's
    /// spelling or the cleaned one), each 0 or 1. Malformed input is a <see cref="DataFormatException"/>.
    /// </summary>
    public static SongCatalog Load(string path)
    {
        using var reader = Utf8CsvReader.Open(path);
        var h = CsvHeader.Read(reader, "songs");
        var title = h.Require("Title");
        var tags = new int[TagCount];
        for (var t = 0; t < TagCount; t++) tags[t] = h.Require(FileTagNames[t], TagNames[t]);
        var titles = new List<string>();
        var features = new List<float>();
        while (reader.Read())
        {
            h.CheckFieldCount();
            titles.Add(h.String(title));
            for (var t = 0; t < TagCount; t++) features.Add(h.Binary(tags[t]));
        }
        if (titles.Count == 0) throw h.HeaderOnly();
        return new SongCatalog(DataProvenance.FromFile(path), [.. titles], [.. features]);
    }
}
