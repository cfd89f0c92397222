using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;

namespace Workbench.Data;

/// <summary>The dataset formats the data layer reads (the CLI's <c>--format</c> names are <see cref="DatasetDescription.FormatName"/>).</summary>
public enum DatasetFormat
{
    /// <summary>Seed 000's Deezer artist-tracks CSV (<see cref="DeezerCatalog"/>), <c>deezer</c>.</summary>
    Deezer,
    /// <summary>Seed 001's tagged songs (<see cref="SongCatalog"/>), <c>songs</c>.</summary>
    Songs,
    /// <summary>Seed 002's skip-challenge session log (<see cref="SkipLog"/>), <c>skip-log</c>.</summary>
    SkipLog,
    /// <summary>The 114k Spotify Tracks Dataset (<see cref="SpotifyTrackCatalog"/>), <c>spotify-tracks</c>.</summary>
    SpotifyTracks,
    /// <summary>The skip challenge's track features (<see cref="TrackFeatureCatalog"/>), <c>track-features</c>.</summary>
    TrackFeatures,
    /// <summary>Seed 003's track id list (<see cref="TrackIdList"/>), <c>track-ids</c>.</summary>
    TrackIds,
}

/// <summary>
/// Summary statistics of one numeric column, as pandas' <c>describe()</c>: count, mean, sample standard
/// deviation <c>sqrt(sum (x - mean)^2 / (n - 1))</c>, min, quartiles by linear interpolation (numpy's default:
/// <c>q(p) = x[k] + (h - k)(x[k+1] - x[k])</c> with <c>h = (n - 1) p</c>, <c>k = floor h</c> over the sorted
/// values) and max. Booleans are summarised as 0/1, so their mean is the share of true.
/// </summary>
/// <param name="Name">Column name as in the file.</param>
/// <param name="Count">Number of values.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (NaN for one value).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Q1">25th percentile.</param>
/// <param name="Median">50th percentile.</param>
/// <param name="Q3">75th percentile.</param>
/// <param name="Max">Largest value.</param>
public sealed record FeatureSummary(string Name, long Count, double Mean, double Std, double Min, double Q1, double Median, double Q3, double Max)
{
    /// <summary>Summarises <paramref name="values"/> (at least one).</summary>
    public static FeatureSummary Of(string name, ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (var i = 0; i < d.Length; i++) d[i] = values[i];
        return Of(name, d);
    }

    /// <summary>Summarises integers.</summary>
    public static FeatureSummary Of(string name, ReadOnlySpan<int> values)
    {
        var d = new double[values.Length];
        for (var i = 0; i < d.Length; i++) d[i] = values[i];
        return Of(name, d);
    }

    /// <summary>Summarises booleans as 0/1.</summary>
    public static FeatureSummary Of(string name, ReadOnlySpan<bool> values)
    {
        var d = new double[values.Length];
        for (var i = 0; i < d.Length; i++) d[i] = values[i] ? 1 : 0;
        return Of(name, d);
    }

    /// <summary>Summarises <paramref name="values"/>; the array is sorted in place.</summary>
    public static FeatureSummary Of(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) throw new ArgumentException("no values to summarise", nameof(values));
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        var std = values.Length > 1 ? Math.Sqrt(ss / (values.Length - 1)) : double.NaN;
        Array.Sort(values);
        return new FeatureSummary(name, values.Length, mean, std, values[0], Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75), values[^1]);
    }

    /// <summary>The <paramref name="p"/>-quantile of sorted values by linear interpolation (numpy's default, Hyndman-Fan type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty) throw new ArgumentException("no values", nameof(sorted));
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in [0, 1]");
        var h = (sorted.Length - 1) * p;
        var k = (int)Math.Floor(h);
        return k + 1 < sorted.Length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
    }
}

/// <summary>Number of distinct values of a column.</summary>
/// <param name="Column">Column name as in the file.</param>
/// <param name="Distinct">Number of distinct values.</param>
public sealed record DistinctCount(string Column, long Distinct);

/// <summary>
/// What <c>workbench data describe</c> shows for one dataset: rows, columns, sessions where they apply,
/// per-feature statistics, distinct ids and data-quality findings. Built by the <c>Of</c> methods from a
/// loaded catalog (so notebooks can show the same), or by <see cref="Load"/> from a file.
/// </summary>
/// <param name="Format">The dataset format.</param>
/// <param name="Provenance">Where the rows came from (real file or synthetic).</param>
/// <param name="Rows">Data rows.</param>
/// <param name="Columns">Columns the format has (in the file, including the ignored junk column of seed 000).</param>
/// <param name="Sessions">Sessions, for session logs; null otherwise.</param>
/// <param name="Features">Statistics of the numeric columns.</param>
/// <param name="DistinctCounts">Distinct values of the id and category columns.</param>
/// <param name="Findings">Data-quality findings, one sentence each.</param>
public sealed record DatasetDescription(
    DatasetFormat Format, DataProvenance Provenance, long Rows, int Columns, int? Sessions,
    ImmutableArray<FeatureSummary> Features, ImmutableArray<DistinctCount> DistinctCounts, ImmutableArray<string> Findings)
{
    /// <summary>The first danceability values of the 114k Spotify Tracks Dataset (rows 0-2: Gen Hoshino "Comedy", ...), used to recognise seed 000's pasted column without that file.</summary>
    public static readonly ImmutableArray<float> SpotifyDatasetFirstDanceability = [0.676f, 0.42f, 0.438f];

    /// <summary>Seconds the file took to load, statistics excluded (set by <see cref="Load"/>; 0 when described from a catalog).</summary>
    public double LoadSeconds { get; init; }

    /// <summary>The CLI name of <paramref name="format"/>: deezer, songs, skip-log, spotify-tracks, track-features, track-ids.</summary>
    public static string FormatName(DatasetFormat format) => format switch
    {
        DatasetFormat.Deezer => "deezer",
        DatasetFormat.Songs => "songs",
        DatasetFormat.SkipLog => "skip-log",
        DatasetFormat.SpotifyTracks => "spotify-tracks",
        DatasetFormat.TrackFeatures => "track-features",
        DatasetFormat.TrackIds => "track-ids",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Parses a CLI format name; an unknown name is a <see cref="WorkbenchException"/> listing the allowed ones.</summary>
    public static DatasetFormat ParseFormat(string name)
    {
        foreach (var f in Enum.GetValues<DatasetFormat>())
            if (string.Equals(FormatName(f), name, StringComparison.OrdinalIgnoreCase)) return f;
        throw new WorkbenchException($"unknown --format '{name}'; allowed: {string.Join(", ", Enum.GetValues<DatasetFormat>().Select(FormatName))}");
    }

    /// <summary>A one-line title: the format's description.</summary>
    public static string Title(DatasetFormat format) => format switch
    {
        DatasetFormat.Deezer => "Seed 000: Deezer artist tracks",
        DatasetFormat.Songs => "Seed 001: tagged songs",
        DatasetFormat.SkipLog => "Seed 002: Spotify skip-challenge session log",
        DatasetFormat.SpotifyTracks => "Seed 003: Spotify Tracks Dataset (114k)",
        DatasetFormat.TrackFeatures => "Skip challenge track features",
        DatasetFormat.TrackIds => "Seed 003: track id list",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The file of <paramref name="format"/> relative to a <see cref="DataRoot"/>.</summary>
    public static string RelativePath(DatasetFormat format) => format switch
    {
        DatasetFormat.Deezer => DataRoot.DeezerFile,
        DatasetFormat.Songs => DataRoot.SongsFile,
        DatasetFormat.SkipLog => DataRoot.SkipLogFile,
        DatasetFormat.SpotifyTracks => DataRoot.SpotifyTracksFile,
        DatasetFormat.TrackFeatures => DataRoot.TrackFeaturesFile,
        DatasetFormat.TrackIds => DataRoot.TrackIdsFile,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>
    /// Loads <paramref name="path"/> as <paramref name="format"/> and describes it. <paramref name="spotifyReference"/>,
    /// when given, lets the Deezer description check its danceability column against the 114k dataset row by row.
    /// </summary>
    public static DatasetDescription Load(string path, DatasetFormat format, SpotifyTrackCatalog? spotifyReference = null)
    {
        var sw = Stopwatch.StartNew();
        object catalog = format switch
        {
            DatasetFormat.Deezer => DeezerCatalog.Load(path),
            DatasetFormat.Songs => SongCatalog.Load(path),
            DatasetFormat.SkipLog => SkipLog.Load(path),
            DatasetFormat.SpotifyTracks => SpotifyTrackCatalog.Load(path),
            DatasetFormat.TrackFeatures => TrackFeatureCatalog.Load(path),
            DatasetFormat.TrackIds => TrackIdList.Load(path),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var seconds = sw.Elapsed.TotalSeconds;
        var d = catalog switch
        {
            DeezerCatalog c => Of(c, spotifyReference),
            SongCatalog c => Of(c),
            SkipLog c => Of(c),
            SpotifyTrackCatalog c => Of(c),
            TrackFeatureCatalog c => Of(c),
            TrackIdList c => Of(c),
            _ => throw new InvalidOperationException(),
        };
        return d with { LoadSeconds = seconds };
    }

    /// <summary>Describes seed 000's catalog: duplicated TrackIDs, track_genre blocks by row position, pasted danceability.</summary>
    public static DatasetDescription Of(DeezerCatalog c, SpotifyTrackCatalog? spotifyReference = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        var features = ImmutableArray.Create(
            FeatureSummary.Of("Duration", c.Duration.AsSpan()), FeatureSummary.Of("Rank", c.Rank.AsSpan()), FeatureSummary.Of("BPM", c.Bpm.AsSpan()),
            FeatureSummary.Of("Gain", c.Gain.AsSpan()), FeatureSummary.Of("danceability", c.Danceability.AsSpan()),
            FeatureSummary.Of("ExplicitLyrics", c.ExplicitLyrics.AsSpan()), FeatureSummary.Of("ExplicitContentLyrics", c.ExplicitContentLyrics.AsSpan()),
            FeatureSummary.Of("ExplicitContentCover", c.ExplicitContentCover.AsSpan()));
        var distinct = ImmutableArray.Create(
            new DistinctCount("GenreID", c.GenreId.Distinct().Count()), new DistinctCount("ArtistID", c.ArtistId.Distinct().Count()),
            new DistinctCount("ArtistName", c.ArtistName.Distinct().Count()), new DistinctCount("TrackID", c.DistinctTrackIds),
            new DistinctCount("Title", c.Title.Distinct().Count()), new DistinctCount("track_genre", c.TrackGenre.Distinct().Count()));
        var findings = ImmutableArray.CreateBuilder<string>();
        if (c.DuplicateTrackIds.Length > 0)
        {
            var d = c.DuplicateTrackIds[0];
            findings.Add(Inv($"Duplicated TrackIDs: {c.DuplicateTrackIds.Length:N0} rows repeat a TrackID ({c.DistinctTrackIds:N0} distinct of {c.Count:N0}); all rows are kept. First: {d.TrackId} at data rows {d.FirstRow + 1} and {d.Row + 1}."));
        }
        var runs = Runs(c.TrackGenre);
        if (runs.Count == c.TrackGenre.Distinct().Count() && runs.Count > 1)
        {
            var mixedArtists = Enumerable.Range(0, c.Count).GroupBy(i => c.ArtistId[i]).Count(g => g.Select(i => c.TrackGenre[i]).Distinct().Count() > 1);
            var genresPerGenreId = Enumerable.Range(0, c.Count).GroupBy(i => c.GenreId[i]).Max(g => g.Select(i => c.TrackGenre[i]).Distinct().Count());
            findings.Add(Inv($"track_genre comes in contiguous blocks by row position ({string.Join(", ", runs.Select(r => Inv($"{r.Value} {r.Length:N0}")))}), not by artist or GenreID: {mixedArtists} artists have rows in two blocks and one GenreID spans up to {genresPerGenreId} track_genre values. It was pasted in by row position and does not describe the track."));
        }
        var zeroBpm = c.Bpm.Count(b => b == 0);
        if (zeroBpm > 0)
            findings.Add(Inv($"BPM is 0 in {zeroBpm:N0} of {c.Count:N0} rows ({100.0 * zeroBpm / c.Count:F1}%): Deezer's value for an unknown tempo, not a tempo; seed 000 standard-scales it as is."));
        if (spotifyReference is not null)
        {
            var n = Math.Min(c.Count, spotifyReference.Count);
            var same = 0;
            for (var i = 0; i < n; i++) if (c.Danceability[i] == spotifyReference.Danceability[i]) same++;
            findings.Add(Inv($"danceability equals the 114k Spotify Tracks Dataset's danceability at the same row position in {same:N0} of {n:N0} rows."));
        }
        else if (c.Count >= 3 && c.Danceability.Take(3).SequenceEqual(SpotifyDatasetFirstDanceability))
        {
            findings.Add("danceability starts 0.676, 0.42, 0.438: the first rows of the 114k Spotify Tracks Dataset (row 0 is Gen Hoshino's \"Comedy\", acoustic), whose genres also come in 1,000-row blocks: danceability was pasted by row position and does not describe the Deezer track in the same row.");
        }
        return new DatasetDescription(DatasetFormat.Deezer, c.Provenance, c.Count, DeezerCatalog.Columns.Length + 1, null, features, distinct, findings.ToImmutable());
    }

    /// <summary>Describes seed 001's songs: the 21 tags' rates, tags per song, duplicate titles.</summary>
    public static DatasetDescription Of(SongCatalog s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var features = ImmutableArray.CreateBuilder<FeatureSummary>();
        for (var t = 0; t < SongCatalog.TagCount; t++) features.Add(FeatureSummary.Of(SongCatalog.TagNames[t], s.Tag(t).AsSpan()));
        var perSong = new int[s.Count];
        for (var i = 0; i < s.Count; i++) foreach (var v in s.Row(i)) perSong[i] += (int)v;
        features.Add(FeatureSummary.Of("tags per song", perSong));
        var findings = ImmutableArray.CreateBuilder<string>();
        if (s.DuplicateTitles.Length > 0)
            findings.Add(Inv($"Duplicate titles: {s.DuplicateTitles.Length} rows repeat a title ({string.Join(", ", s.DuplicateTitles.Select(d => d.Title).Distinct().Take(12))})."));
        var histogram = perSong.GroupBy(k => k).OrderBy(g => g.Key).Select(g => Inv($"{g.Key} tags: {g.Count()}"));
        findings.Add("Tags per song: " + string.Join(", ", histogram) + ".");
        var sums = Enumerable.Range(0, SongCatalog.TagCount).Select(t => Inv($"{SongCatalog.TagNames[t]} {(int)s.Tag(t).Sum()}"));
        findings.Add("Tag sums: " + string.Join(", ", sums) + ". (The real file's headers 'Counrty' and '(1980s)' to '(2020s)' are exposed as Country and 1980s to 2020s.)");
        return new DatasetDescription(DatasetFormat.Songs, s.Provenance, s.Count, 1 + SongCatalog.TagCount, null, features.ToImmutable(),
            [new DistinctCount("Title", s.Titles.Distinct().Count())], findings.ToImmutable());
    }

    /// <summary>Describes a skip log: the flags' rates, counters, sessions, the cut-off last session.</summary>
    public static DatasetDescription Of(SkipLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var features = ImmutableArray.Create(
            FeatureSummary.Of("session_position", log.SessionPosition.AsSpan()), FeatureSummary.Of("session_length", log.SessionLength.AsSpan()),
            FeatureSummary.Of("skip_1", log.Skip1.AsSpan()), FeatureSummary.Of("skip_2", log.Skip2.AsSpan()), FeatureSummary.Of("skip_3", log.Skip3.AsSpan()),
            FeatureSummary.Of("not_skipped", log.NotSkipped.AsSpan()), FeatureSummary.Of("context_switch", log.ContextSwitch.AsSpan()),
            FeatureSummary.Of("no_pause_before_play", log.NoPauseBeforePlay.AsSpan()), FeatureSummary.Of("short_pause_before_play", log.ShortPauseBeforePlay.AsSpan()),
            FeatureSummary.Of("long_pause_before_play", log.LongPauseBeforePlay.AsSpan()), FeatureSummary.Of("hist_user_behavior_n_seekfwd", log.SeekForwardCount.AsSpan()),
            FeatureSummary.Of("hist_user_behavior_n_seekback", log.SeekBackCount.AsSpan()), FeatureSummary.Of("hist_user_behavior_is_shuffle", log.IsShuffle.AsSpan()),
            FeatureSummary.Of("hour_of_day", log.HourOfDay.AsSpan()), FeatureSummary.Of("premium", log.Premium.AsSpan()));
        var distinct = ImmutableArray.Create(
            new DistinctCount("session_id", log.SessionCount), new DistinctCount("track_id_clean", log.TrackCount),
            new DistinctCount("date", log.Date.Distinct().Count()), new DistinctCount("context_type", log.ContextType.Distinct().Count()),
            new DistinctCount("hist_user_behavior_reason_start", log.ReasonStart.Distinct().Count()),
            new DistinctCount("hist_user_behavior_reason_end", log.ReasonEnd.Distinct().Count()));
        var findings = ImmutableArray.CreateBuilder<string>();
        var skips = log.Skip2.Count(x => x);
        findings.Add(Inv($"skip_2 is true in {skips:N0} of {log.Count:N0} rows ({100.0 * skips / log.Count:F1}%); seed 002's rating is 1 - skip_2."));
        var full = Enumerable.Range(0, log.SessionCount).Count(s => log.SessionRowCount(s) == 20 && log.SessionLength[log.SessionOffsets[s]] == 20);
        findings.Add(Inv($"{log.CompleteSessionCount:N0} of {log.SessionCount:N0} sessions are complete; {full:N0} are complete 20-track sessions."));
        if (log.CutOff is { } cut)
            findings.Add(Inv($"The last session ({cut.SessionId}) is cut off at position {cut.LastPosition} of {cut.DeclaredLength}: the file stops inside it ({cut.Rows} rows present)."));
        if (log.IncompleteSessions.Length > 0)
            findings.Add(Inv($"{log.IncompleteSessions.Length:N0} sessions before the last are incomplete or out of order (first: {log.SessionIds[log.IncompleteSessions[0]]})."));
        if (log.UnknownCategoryCount > 0)
            findings.Add(Inv($"{log.UnknownCategoryCount:N0} unknown context_type/reason values were mapped to Unknown."));
        if (log.Count > 0)
            findings.Add(Inv($"Dates run from {log.Date.Min():yyyy-MM-dd} to {log.Date.Max():yyyy-MM-dd}. context_type: {Mix(log.ContextType, v => v.ToFileName())}."));
        return new DatasetDescription(DatasetFormat.SkipLog, log.Provenance, log.Count, SkipLogReader.Columns.Length, log.SessionCount, features, distinct, findings.ToImmutable());
    }

    /// <summary>Describes the 114k Spotify tracks: audio features, repeated ids across genres, genre blocks.</summary>
    public static DatasetDescription Of(SpotifyTrackCatalog t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var features = ImmutableArray.CreateBuilder<FeatureSummary>();
        features.Add(FeatureSummary.Of("popularity", t.Popularity.AsSpan()));
        features.Add(FeatureSummary.Of("duration_ms", t.DurationMs.AsSpan()));
        features.Add(FeatureSummary.Of("explicit", t.Explicit.AsSpan()));
        foreach (var f in SpotifyTrackCatalog.FeatureNames) features.Add(FeatureSummary.Of(f, t.Feature(f).AsSpan()));
        features.Add(FeatureSummary.Of("key", t.Key.AsSpan()));
        features.Add(FeatureSummary.Of("mode", t.Mode.AsSpan()));
        features.Add(FeatureSummary.Of("time_signature", t.TimeSignature.AsSpan()));
        var findings = ImmutableArray.CreateBuilder<string>();
        if (t.DistinctTrackIds < t.Count)
            findings.Add(Inv($"{t.Count - t.DistinctTrackIds:N0} rows repeat a track_id ({t.DistinctTrackIds:N0} distinct of {t.Count:N0}): the same track listed under several genres."));
        var runs = Runs(t.TrackGenre);
        if (runs.Count == t.Genres.Length)
            findings.Add(Inv($"track_genre comes in {runs.Count} contiguous blocks (sizes {runs.Min(r => r.Length):N0} to {runs.Max(r => r.Length):N0})."));
        var emptyNames = t.TrackName.Count(string.IsNullOrEmpty);
        if (emptyNames > 0) findings.Add(Inv($"{emptyNames} rows have an empty track_name."));
        return new DatasetDescription(DatasetFormat.SpotifyTracks, t.Provenance, t.Count, 21, null, features.ToImmutable(),
            [new DistinctCount("track_id", t.DistinctTrackIds), new DistinctCount("artists", t.Artists.Distinct().Count()), new DistinctCount("track_genre", t.Genres.Length)],
            findings.ToImmutable());
    }

    /// <summary>Describes skip-challenge track features.</summary>
    public static DatasetDescription Of(TrackFeatureCatalog t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var features = TrackFeatureCatalog.FeatureNames.Select(f => FeatureSummary.Of(f, t.Feature(f).AsSpan())).ToImmutableArray();
        var distinct = t.TrackId.Distinct().Count();
        var findings = ImmutableArray.CreateBuilder<string>();
        if (distinct < t.Count) findings.Add(Inv($"{t.Count - distinct:N0} rows repeat a track_id."));
        var popular = t.UsPopularityEstimate.Count(p => p >= 95);
        findings.Add(Inv($"{popular:N0} of {t.Count:N0} tracks have us_popularity_estimate >= 95 (seed 002's filter)."));
        return new DatasetDescription(DatasetFormat.TrackFeatures, t.Provenance, t.Count, 1 + TrackFeatureCatalog.FeatureNames.Length, null, features,
            [new DistinctCount("track_id", distinct)], findings.ToImmutable());
    }

    /// <summary>Describes seed 003's id list.</summary>
    public static DatasetDescription Of(TrackIdList ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var findings = ImmutableArray.CreateBuilder<string>();
        if (ids.DistinctCount < ids.Count)
            findings.Add(Inv($"{ids.Count - ids.DistinctCount:N0} rows repeat an id ({ids.DistinctCount:N0} distinct of {ids.Count:N0}), as in the 114k Spotify Tracks Dataset; seed 003's DQN has one output per row, repeats included."));
        var lengths = ids.Ids.Select(s => s.Length).Distinct().Order().ToArray();
        findings.Add($"Id lengths: {string.Join(", ", lengths)} characters.");
        return new DatasetDescription(DatasetFormat.TrackIds, ids.Provenance, ids.Count, 1, null, [],
            [new DistinctCount("track_id", ids.DistinctCount)], findings.ToImmutable());
    }

    private static List<(string Value, int Length)> Runs(ImmutableArray<string> values)
    {
        var runs = new List<(string, int)>();
        for (var i = 0; i < values.Length;)
        {
            var j = i;
            while (j < values.Length && values[j] == values[i]) j++;
            runs.Add((values[i], j - i));
            i = j;
        }
        return runs;
    }

    private static string Mix<T>(ImmutableArray<T> values, Func<T, string> name) where T : notnull =>
        string.Join(", ", values.GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => Inv($"{name(g.Key)} {100.0 * g.Count() / values.Length:F1}%")));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One dataset of a <see cref="DataRoot"/>: where it belongs, and its description when it is there.</summary>
/// <param name="Format">The format.</param>
/// <param name="Path">Where the file belongs.</param>
/// <param name="Description">The description, or null when the file is not there.</param>
public sealed record DatasetStatus(DatasetFormat Format, string Path, DatasetDescription? Description)
{
    /// <summary>Whether the file was found.</summary>
    public bool Found => Description is not null;

    /// <summary>
    /// Describes every dataset of <paramref name="root"/> that is present (a missing one gets a null description,
    /// not an error; a malformed one throws <see cref="DataFormatException"/>). <paramref name="progress"/> gets
    /// each format as it starts.
    /// </summary>
    public static IReadOnlyList<DatasetStatus> ForRoot(DataRoot root, IProgress<DatasetFormat>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        SpotifyTrackCatalog? spotify = null;
        var result = new List<DatasetStatus>();
        // The Spotify dataset first, so the Deezer description can check its pasted danceability against it.
        var order = new[] { DatasetFormat.SpotifyTracks, DatasetFormat.Deezer, DatasetFormat.Songs, DatasetFormat.SkipLog, DatasetFormat.TrackFeatures, DatasetFormat.TrackIds };
        foreach (var f in order)
        {
            var path = root.PathOf(DatasetDescription.RelativePath(f));
            if (!File.Exists(path))
            {
                result.Add(new DatasetStatus(f, path, null));
                continue;
            }
            progress?.Report(f);
            DatasetDescription d;
            if (f == DatasetFormat.SpotifyTracks)
            {
                var sw = Stopwatch.StartNew();
                spotify = SpotifyTrackCatalog.Load(path);
                d = DatasetDescription.Of(spotify) with { LoadSeconds = sw.Elapsed.TotalSeconds };
            }
            else
            {
                d = DatasetDescription.Load(path, f, spotify);
            }
            result.Add(new DatasetStatus(f, path, d));
        }
        return result.OrderBy(s => s.Format).ToList();
    }
}
