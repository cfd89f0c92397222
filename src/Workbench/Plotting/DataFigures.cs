using System.Globalization;
using Workbench.Data;

namespace Workbench.Plotting;

/// <summary>A run of equal consecutive labels: rows <c>Start .. Start + Length − 1</c> all carry <c>Label</c>.</summary>
/// <param name="Label">The repeated value.</param>
/// <param name="Start">First row (0-based).</param>
/// <param name="Length">Number of rows.</param>
public readonly record struct LabelRun(string Label, int Start, int Length)
{
    /// <summary>Last row of the run.</summary>
    public int End => Start + Length - 1;
}

/// <summary>A rate with its Wilson 95% interval (Wilson 1927), robust near 0 and 1.</summary>
/// <param name="Successes">Count of events.</param>
/// <param name="Trials">Count of trials.</param>
public readonly record struct Proportion(long Successes, long Trials)
{
    /// <summary>z of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>p̂ = successes / trials (NaN for no trials).</summary>
    public double Rate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    /// <summary>Wilson interval: centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n).</summary>
    public (double Lower, double Upper) Wilson95
    {
        get
        {
            if (Trials == 0) return (double.NaN, double.NaN);
            double n = Trials, p = Rate, z2 = Z95 * Z95, d = 1 + z2 / n;
            double centre = (p + z2 / (2 * n)) / d;
            double half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / d;
            return (Math.Max(0, centre - half), Math.Min(1, centre + half));
        }
    }
}

/// <summary>
/// Exploration figures and the numbers behind them for the datasets of <see cref="Workbench.Data"/>:
/// feature distributions, the songs' tag co-occurrence, skip rates by session position, session
/// lengths, context types, and seed 000's block-pasted genre/danceability columns. Every figure's
/// title ends with the data's provenance label ("real" or "synthetic").
/// </summary>
public static class DataFigures
{
    // ---- generic ------------------------------------------------------------------------------------

    /// <summary>A grid of histograms, one per feature, <paramref name="columns"/> per row.</summary>
    public static Figure Histograms(string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> features, int columns = 3, int bins = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (features.Count == 0) throw new ArgumentException("no features to plot", nameof(features));
        int rows = (features.Count + columns - 1) / columns;
        var fig = new Figure(title, rows, Math.Min(columns, features.Count)) { Height = 260 * rows + 80, ShowLegend = false };
        for (int i = 0; i < features.Count; i++)
        {
            int r = i / fig.Columns + 1, c = i % fig.Columns + 1;
            fig.Add(new HistogramTrace(features[i].Values) { Name = features[i].Name, Bins = bins, Color = Trace.Palette[i % Trace.Palette.Count] }, r, c)
               .SubplotTitle(r, c, features[i].Name);
        }
        return fig;
    }

    /// <summary>Consecutive runs of equal labels, in row order.</summary>
    public static IReadOnlyList<LabelRun> Runs(IReadOnlyList<string> labels)
    {
        var runs = new List<LabelRun>();
        int start = 0;
        for (int i = 1; i <= labels.Count; i++)
        {
            if (i < labels.Count && labels[i] == labels[start]) continue;
            if (labels.Count > 0) runs.Add(new LabelRun(labels[start], start, i - start));
            start = i;
        }
        return runs;
    }

    /// <summary>
    /// Contingency counts <c>C[i, j]</c> = rows with <paramref name="rows"/> = rowLabels[i] and
    /// <paramref name="columns"/> = columnLabels[j]; labels in order of first appearance.
    /// </summary>
    public static (double[,] Counts, string[] RowLabels, string[] ColumnLabels) CrossTab(IReadOnlyList<string> rows, IReadOnlyList<string> columns)
    {
        if (rows.Count != columns.Count) throw new ArgumentException($"cross tab: {rows.Count} row labels but {columns.Count} column labels");
        var ri = new Dictionary<string, int>();
        var ci = new Dictionary<string, int>();
        foreach (var r in rows) ri.TryAdd(r, ri.Count);
        foreach (var c in columns) ci.TryAdd(c, ci.Count);
        var counts = new double[ri.Count, ci.Count];
        for (int k = 0; k < rows.Count; k++) counts[ri[rows[k]], ci[columns[k]]]++;
        return (counts, ri.Keys.ToArray(), ci.Keys.ToArray());
    }

    private static string Label(DataProvenance p) => p.IsSynthetic ? "synthetic data" : "real data";

    /// <summary>
    /// A summary table, one row per feature, of its finite values (<see cref="FeatureSummary.Of(string, double[])"/>:
    /// count, mean, sample standard deviation, min, quartiles by linear interpolation, max).
    /// </summary>
    public static Table Summary(string caption, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> features)
    {
        var t = FeatureTable(caption, features.Select(f => f.Values.Where(double.IsFinite).ToArray() is { Length: > 0 } v
            ? FeatureSummary.Of(f.Name, v)
            : new FeatureSummary(f.Name, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)));
        return t;
    }

    /// <summary>The per-feature statistics of a <see cref="DatasetDescription"/> as a table (caption: title, provenance, rows).</summary>
    public static Table FeatureTable(DatasetDescription d) =>
        FeatureTable($"{DatasetDescription.Title(d.Format)} ({d.Provenance.Label}): {d.Rows:N0} rows, {d.Columns} columns" +
                     (d.Sessions is int s ? $", {s:N0} sessions" : ""), d.Features);

    /// <summary>The distinct counts and data-quality findings of a <see cref="DatasetDescription"/>, one row each.</summary>
    public static Table FindingsTable(DatasetDescription d)
    {
        var t = new Table("what", "value") { Caption = $"{DatasetDescription.Title(d.Format)} ({d.Provenance.Label}): distinct values and findings" };
        foreach (var c in d.DistinctCounts) t.AddRow($"distinct {c.Column}", c.Distinct);
        foreach (var f in d.Findings) t.AddRow("finding", f);
        return t;
    }

    private static Table FeatureTable(string caption, IEnumerable<FeatureSummary> features)
    {
        var t = new Table("feature", "count", "mean", "std", "min", "q1", "median", "q3", "max") { Caption = caption };
        foreach (var f in features)
            t.AddRow(f.Name, f.Count, f.Mean, f.Std, f.Min, f.Q1, f.Median, f.Q3, f.Max);
        return t;
    }

    /// <summary>The numeric Deezer columns as (name, values), for <see cref="Summary"/> and <see cref="Histograms"/>.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<double> Values)> Columns(DeezerCatalog deezer) =>
        DeezerCatalog.FeatureNames.Select(n => (n, (IReadOnlyList<double>)deezer.Feature(n).Select(v => (double)v).ToArray())).ToArray();

    /// <summary>The nine audio features of the Spotify tracks as (name, values).</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<double> Values)> Columns(SpotifyTrackCatalog tracks) =>
        SpotifyTrackCatalog.FeatureNames.Select(n => (n, (IReadOnlyList<double>)tracks.Feature(n).Select(v => (double)v).ToArray()))
            .Append(("popularity", tracks.Popularity.Select(v => (double)v).ToArray())).ToArray();

    // ---- seed 000: Deezer ---------------------------------------------------------------------------

    /// <summary>Histograms of the five numeric Deezer features (Duration, Rank, BPM, Gain, danceability).</summary>
    public static Figure DeezerFeatures(DeezerCatalog deezer) =>
        Histograms($"Deezer track features ({Label(deezer.Provenance)})", Columns(deezer));

    /// <summary>
    /// Seed 000's data-quality finding, shown: along the file's rows, the Deezer columns (artist, GenreID)
    /// change every few dozen rows, while <c>track_genre</c> changes exactly every 1,000 rows and
    /// <c>danceability</c> follows another dataset's order, so both were pasted in by row position.
    /// Three stacked panels share the row axis: track_genre, Deezer GenreID, danceability (trailing 50-
    /// and 200-row moving averages).
    /// </summary>
    public static Figure DeezerBlockPaste(DeezerCatalog deezer)
    {
        int n = deezer.Count;
        var rows = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var fig = new Figure($"Seed 000: track_genre and danceability were pasted in by row position ({Label(deezer.Provenance)})", rows: 3)
        {
            Height = 820,
            ShowLegend = false,
            MaxPointsPerTrace = 0, // step functions: keep every row
        };
        void Categorical(int row, IReadOnlyList<string> labels, string name, string color)
        {
            var order = new List<string>();
            var index = new Dictionary<string, int>();
            var y = new double[labels.Count];
            for (int i = 0; i < labels.Count; i++)
            {
                if (!index.TryGetValue(labels[i], out var k)) { k = index[labels[i]] = order.Count; order.Add(labels[i]); }
                y[i] = k;
            }
            fig.Add(new LineTrace(rows, y) { Name = name, Width = 3, Color = color }, row, 1);
            var axis = fig.YAxis(row, 1);
            axis.TickValues = Enumerable.Range(0, order.Count).Select(i => (double)i).ToArray();
            axis.TickText = order;
            axis.Title = name;
        }
        Categorical(1, deezer.TrackGenre, "track_genre", Trace.Palette[3]);
        Categorical(2, deezer.GenreId.Select(g => g.ToString(CultureInfo.InvariantCulture)).ToArray(), "Deezer GenreID", Trace.Palette[0]);
        var dance = deezer.Danceability.Select(v => (double)v).ToArray();
        fig.Add(new LineTrace(rows, SeriesMath.MovingAverage(dance, 50)) { Name = "50-row mean", Color = Trace.Palette[2], Width = 1 }, 3, 1)
           .Add(new LineTrace(rows, SeriesMath.MovingAverage(dance, 200)) { Name = "200-row mean", Color = "#000000", Width = 2 }, 3, 1)
           .SubplotTitle(1, 1, "track_genre: blocks of exactly 1,000 rows, regardless of artist")
           .SubplotTitle(2, 1, "Deezer's own GenreID: follows the artists")
           .SubplotTitle(3, 1, "danceability by row (trailing 50- and 200-row means): its level jumps at the 1,000-row boundaries")
           .Axes(3, 1, x: "row of the file", y: "danceability");
        return fig;
    }

    /// <summary>
    /// One row per <c>track_genre</c> block: its rows, how many artists it covers, and how many of those
    /// artists also have rows in another block (an artist split across "genres" by the paste).
    /// </summary>
    public static Table DeezerGenreBlocks(DeezerCatalog deezer)
    {
        var runs = Runs(deezer.TrackGenre);
        var blocksOfArtist = new Dictionary<string, HashSet<int>>();
        for (int b = 0; b < runs.Count; b++)
            for (int i = runs[b].Start; i <= runs[b].End; i++)
            {
                if (!blocksOfArtist.TryGetValue(deezer.ArtistName[i], out var set)) blocksOfArtist[deezer.ArtistName[i]] = set = [];
                set.Add(b);
            }
        var t = new Table("track_genre", "rows", "first row", "last row", "artists", "artists also in another block", "first artists")
        {
            Caption = $"track_genre blocks along the file ({Label(deezer.Provenance)})",
        };
        for (int b = 0; b < runs.Count; b++)
        {
            var r = runs[b];
            var artists = Enumerable.Range(r.Start, r.Length).Select(i => deezer.ArtistName[i]).Distinct().ToArray();
            t.AddRow(r.Label, r.Length, r.Start + 1, r.End + 1, artists.Length,
                artists.Count(a => blocksOfArtist[a].Count > 1), string.Join(", ", artists.Take(3)));
        }
        return t;
    }

    /// <summary>Heatmap of rows by Deezer GenreID × pasted track_genre: every Deezer genre is spread over several pasted "genres".</summary>
    public static Figure DeezerGenreCrossTab(DeezerCatalog deezer)
    {
        var (counts, rowLabels, columnLabels) = CrossTab(deezer.GenreId.Select(g => "GenreID " + g.ToString(CultureInfo.InvariantCulture)).ToArray(), deezer.TrackGenre);
        var fig = new Figure($"Rows by Deezer GenreID and pasted track_genre ({Label(deezer.Provenance)})") { Height = 380 }
            .Add(new HeatmapTrace(counts) { XLabels = columnLabels, YLabels = rowLabels, ColorScale = "Viridis" })
            .Axes("track_genre (pasted)", "Deezer GenreID");
        fig.YAxis().Reversed = true;
        return fig;
    }

    // ---- seed 001: songs ----------------------------------------------------------------------------

    /// <summary>
    /// Tag co-occurrence of the songs: <c>C[i, j]</c> = number of songs carrying both tag i and tag j
    /// (a tag is "carried" when its value is above 0.5); the diagonal is each tag's song count.
    /// </summary>
    public static double[,] TagCooccurrence(SongCatalog songs)
    {
        int k = SongCatalog.TagCount;
        var c = new double[k, k];
        var on = new int[k];
        for (int s = 0; s < songs.Count; s++)
        {
            var row = songs.Row(s);
            int m = 0;
            for (int t = 0; t < k; t++) if (row[t] > 0.5f) on[m++] = t;
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++) c[on[a], on[b]]++;
        }
        return c;
    }

    /// <summary>
    /// Heatmap of <see cref="TagCooccurrence"/>, tags in file order, row 0 at the top. The diagonal (songs
    /// per tag, in <see cref="TagOverview"/>) is left empty so the pairs get the colour range.
    /// </summary>
    public static Figure TagCooccurrenceHeatmap(SongCatalog songs)
    {
        var c = TagCooccurrence(songs);
        for (int t = 0; t < SongCatalog.TagCount; t++) c[t, t] = double.NaN;
        var fig = new Figure($"Songs sharing two tags ({Label(songs.Provenance)}; diagonal left out)") { Height = 640, Width = 720 }
            .Add(new HeatmapTrace(c) { XLabels = SongCatalog.TagNames, YLabels = SongCatalog.TagNames, ColorScale = "Viridis" });
        fig.YAxis().Reversed = true;
        fig.XAxis().TickAngle = -45;
        return fig;
    }

    /// <summary>Two panels: songs per tag, and tags per song.</summary>
    public static Figure TagOverview(SongCatalog songs)
    {
        var c = TagCooccurrence(songs);
        var perTag = Enumerable.Range(0, SongCatalog.TagCount).Select(t => c[t, t]).ToArray();
        var perSong = new double[songs.Count];
        for (int s = 0; s < songs.Count; s++)
            foreach (var v in songs.Row(s)) if (v > 0.5f) perSong[s]++;
        var counts = IntegerCounts(perSong.Select(v => (int)v));
        return new Figure($"Song tags ({Label(songs.Provenance)})", rows: 1, columns: 2) { ShowLegend = false, Height = 400 }
            .Add(new BarTrace(SongCatalog.TagNames, perTag) { Name = "songs" }, 1, 1)
            .Add(new BarTrace(counts.Keys.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), counts.Values.Select(v => (double)v).ToArray()) { Name = "songs", Color = Trace.Palette[1] }, 1, 2)
            .SubplotTitle(1, 1, "songs per tag")
            .SubplotTitle(1, 2, "tags per song")
            .Axes(1, 1, y: "songs")
            .Axes(1, 2, x: "tags on the song", y: "songs");
    }

    private static SortedDictionary<int, long> IntegerCounts(IEnumerable<int> values)
    {
        var d = new SortedDictionary<int, long>();
        foreach (var v in values) d[v] = d.GetValueOrDefault(v) + 1;
        return d;
    }

    // ---- seed 002: skip logs ------------------------------------------------------------------------

    /// <summary>
    /// The skip rate (<c>skip_2</c>, the Spotify Sequential Skip Prediction Challenge's target) at each
    /// session position 1, 2, ...: successes = rows at that position with skip_2, trials = rows at that position.
    /// </summary>
    public static IReadOnlyList<(int Position, Proportion Skip)> SkipRateByPosition(SkipLog log)
    {
        var skips = new SortedDictionary<int, (long S, long N)>();
        for (int i = 0; i < log.Count; i++)
        {
            var (s, n) = skips.GetValueOrDefault(log.SessionPosition[i]);
            skips[log.SessionPosition[i]] = (s + (log.Skip2[i] ? 1 : 0), n + 1);
        }
        return skips.Select(p => (p.Key, new Proportion(p.Value.S, p.Value.N))).ToArray();
    }

    /// <summary>The skip rate (skip_2) per context type, in <see cref="ContextType"/> order, types without rows left out.</summary>
    public static IReadOnlyList<(ContextType Context, Proportion Skip)> SkipRateByContext(SkipLog log)
    {
        var s = new long[SkipLogCategories.ContextTypeNames.Length];
        var n = new long[s.Length];
        for (int i = 0; i < log.Count; i++)
        {
            int c = (int)log.ContextType[i];
            n[c]++;
            if (log.Skip2[i]) s[c]++;
        }
        return Enumerable.Range(0, s.Length).Where(c => n[c] > 0).Select(c => ((ContextType)c, new Proportion(s[c], n[c]))).ToArray();
    }

    /// <summary>
    /// The session log in four panels: skip rate by session position (with its Wilson 95% band), the
    /// distribution of declared session lengths (one count per session), rows per context type, and the
    /// skip rate per context type (95% error bars).
    /// </summary>
    public static Figure SessionOverview(SkipLog log)
    {
        var byPosition = SkipRateByPosition(log);
        var x = byPosition.Select(p => (double)p.Position).ToArray();
        var lengths = IntegerCounts(Enumerable.Range(0, log.SessionCount).Select(s => log.SessionLength[log.SessionOffsets[s]]));
        var byContext = SkipRateByContext(log);
        var names = byContext.Select(c => c.Context.ToFileName()).ToArray();
        return new Figure($"Skip-challenge sessions ({Label(log.Provenance)}): {log.Count:N0} rows, {log.SessionCount:N0} sessions", rows: 2, columns: 2)
        { Height = 760, ShowLegend = false }
            .Add(new BandTrace(x, byPosition.Select(p => p.Skip.Wilson95.Lower).ToArray(), byPosition.Select(p => p.Skip.Wilson95.Upper).ToArray(),
                byPosition.Select(p => p.Skip.Rate).ToArray()) { Name = "skip_2 rate" }, 1, 1)
            .Add(new BarTrace(lengths.Keys.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(), lengths.Values.Select(v => (double)v).ToArray()) { Name = "sessions", Color = Trace.Palette[1] }, 1, 2)
            .Add(new BarTrace(names, byContext.Select(c => (double)c.Skip.Trials).ToArray()) { Name = "rows", Color = Trace.Palette[2] }, 2, 1)
            .Add(new BarTrace(names, byContext.Select(c => c.Skip.Rate).ToArray())
            {
                Name = "skip_2 rate",
                Color = Trace.Palette[3],
                Errors = byContext.Select(c => (c.Skip.Wilson95.Upper - c.Skip.Wilson95.Lower) / 2).ToArray(),
            }, 2, 2)
            .SubplotTitle(1, 1, "skip rate by session position (95% band)")
            .SubplotTitle(1, 2, "session lengths")
            .SubplotTitle(2, 1, "rows per context type")
            .SubplotTitle(2, 2, "skip rate per context type (95%)")
            .Axes(1, 1, x: "session position", y: "skip_2 rate")
            .Axes(1, 2, x: "session_length", y: "sessions")
            .Axes(2, 1, y: "rows")
            .Axes(2, 2, y: "skip_2 rate", yRange: (0, 1));
    }
}
