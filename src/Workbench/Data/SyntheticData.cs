using System.Collections.Immutable;
using System.Globalization;
using Workbench.Training;

namespace Workbench.Data;

/// <summary>
/// Seeded synthetic stand-ins for every dataset, with the real files' shapes, for users without the real
/// files (and for tests). Each result carries a <see cref="DataProvenance"/> with
/// <see cref="DataProvenance.IsSynthetic"/> = true, so whatever is shown from it can say so. The same
/// <see cref="Rng"/> seed always gives the same data. Distributions are plausible, not fitted: results on
/// synthetic data say nothing about the real data.
/// </summary>
public static class SyntheticData
{
    /// <summary>The 7 track_genre labels of seed 000's file, in block order.</summary>
    public static readonly ImmutableArray<string> DeezerTrackGenres = ["acoustic", "afrobeat", "alt-rock", "alternative", "ambient", "edm", "black-metal"];

    /// <summary>The 5 Deezer GenreIDs of seed 000's file.</summary>
    public static readonly ImmutableArray<int> DeezerGenreIds = [2, 111, 116, 155, 197];

    /// <summary>The 114 genre labels of the Spotify Tracks Dataset (alphabetical, as its 1,000-row blocks are ordered).</summary>
    public static readonly ImmutableArray<string> SpotifyGenres =
    [
        "acoustic", "afrobeat", "alt-rock", "alternative", "ambient", "anime", "black-metal", "bluegrass", "blues", "brazil", "breakbeat", "british",
        "cantopop", "chicago-house", "children", "chill", "classical", "club", "comedy", "country", "dance", "dancehall", "death-metal", "deep-house",
        "detroit-techno", "disco", "disney", "drum-and-bass", "dub", "dubstep", "edm", "electro", "electronic", "emo", "folk", "forro", "french", "funk",
        "garage", "german", "gospel", "goth", "grindcore", "groove", "grunge", "guitar", "happy", "hard-rock", "hardcore", "hardstyle", "heavy-metal",
        "hip-hop", "honky-tonk", "house", "idm", "indian", "indie-pop", "indie", "industrial", "iranian", "j-dance", "j-idol", "j-pop", "j-rock", "jazz",
        "k-pop", "kids", "latin", "latino", "malay", "mandopop", "metal", "metalcore", "minimal-techno", "mpb", "new-age", "opera", "pagode", "party",
        "piano", "pop-film", "pop", "power-pop", "progressive-house", "psych-rock", "punk-rock", "punk", "r-n-b", "reggae", "reggaeton", "rock-n-roll",
        "rock", "rockabilly", "romance", "sad", "salsa", "samba", "sertanejo", "show-tunes", "singer-songwriter", "ska", "sleep", "songwriter", "soul",
        "spanish", "study", "swedish", "synth-pop", "tango", "techno", "trance", "trip-hop", "turkish", "world-music",
    ];

    /// <summary>Tag frequencies of the real songs.csv (column sums / 1,000), in <see cref="SongCatalog.TagNames"/> order.</summary>
    public static readonly ImmutableArray<double> SongTagRates =
        [0.157, 0.099, 0.183, 0.251, 0.352, 0.315, 0.556, 0.007, 0.052, 0.060, 0.027, 0.043, 0.080, 0.115, 0.022, 0.137, 0.040, 0.131, 0.003, 0.009, 0.033];

    /// <summary>
    /// A Deezer artist-tracks catalog shaped like seed 000's: <paramref name="rows"/> rows (6,129) in contiguous
    /// blocks per artist over <paramref name="artists"/> artists (229), each artist in one of the 5 GenreIDs, about
    /// 5.7% repeated TrackIDs (5,780 distinct of 6,129 in the real file), and track_genre in 1,000-row blocks by
    /// row position (the real file's quirk). URLs point to <c>example.invalid</c>.
    /// </summary>
    public static DeezerCatalog Deezer(Rng rng, int rows = 6129, int artists = 229)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (artists < 1 || rows < artists) throw new ArgumentOutOfRangeException(nameof(rows), "need rows >= artists >= 1");
        var seed = rng.Seed;
        // Rows per artist: 1 + a share of the rest proportional to U(0.3, 1.7) weights.
        var weights = new double[artists];
        for (var a = 0; a < artists; a++) weights[a] = 0.3 + 1.4 * rng.NextDouble();
        var counts = Apportion(weights, rows - artists);
        var genreId = new int[rows]; var artistId = new long[rows]; var artistName = new string[rows]; var trackId = new long[rows];
        var title = new string[rows]; var share = new string[rows]; var duration = new float[rows]; var rank = new float[rows];
        var expl = new bool[rows]; var ecl = new int[rows]; var ecc = new int[rows]; var preview = new string[rows]; var bpm = new float[rows];
        var gain = new float[rows]; var image = new string[rows]; var dance = new float[rows]; var genre = new string[rows];
        var usedIds = new HashSet<long>();
        var row = 0;
        for (var a = 0; a < artists; a++)
        {
            var aid = 1000L + rng.NextInt(9_000_000);
            var name = $"Synthetic Artist {a + 1:D3}";
            var gid = DeezerGenreIds[rng.NextInt(DeezerGenreIds.Length)];
            var explicitArtist = rng.NextDouble() < 0.37;
            var img = $"https://example.invalid/artist/{aid}.jpg";
            for (var k = 0; k < counts[a] + 1; k++, row++)
            {
                genreId[row] = gid; artistId[row] = aid; artistName[row] = name; image[row] = img;
                if (row > 0 && rng.NextDouble() < 0.057)
                {
                    // A repeated track (a collaboration listed under two artists, or a re-release).
                    var j = rng.NextInt(row);
                    trackId[row] = trackId[j]; title[row] = title[j]; duration[row] = duration[j]; bpm[row] = bpm[j]; gain[row] = gain[j];
                    expl[row] = expl[j]; ecl[row] = ecl[j];
                }
                else
                {
                    long tid;
                    do tid = 100_000L + rng.NextInt(2_000_000_000); while (!usedIds.Add(tid));
                    trackId[row] = tid;
                    title[row] = $"Synthetic Song {row + 1:D4}";
                    duration[row] = MathF.Round(Clamp(230 + 60 * (float)rng.NextGaussian(), 60, 600));
                    bpm[row] = rng.NextDouble() < 0.1 ? 0f : MathF.Round(Clamp(120 + 25 * (float)rng.NextGaussian(), 60, 220) * 100) / 100;
                    gain[row] = MathF.Round(Clamp(-9 + 3 * (float)rng.NextGaussian(), -25, 0) * 10) / 10;
                    expl[row] = explicitArtist && rng.NextDouble() < 0.9;
                    ecl[row] = expl[row] ? 1 : rng.NextDouble() < 0.1 ? 6 : 0;
                }
                share[row] = $"https://example.invalid/track/{trackId[row]}";
                preview[row] = $"https://example.invalid/preview/{trackId[row]}.mp3";
                rank[row] = 100_000 + rng.NextInt(900_000);
                ecc[row] = rng.NextInt(3);
                dance[row] = MathF.Round(Clamp(0.55f + 0.17f * (float)rng.NextGaussian(), 0.05f, 0.98f) * 1000) / 1000;
                genre[row] = DeezerTrackGenres[Math.Min(row / 1000, DeezerTrackGenres.Length - 1)];
            }
        }
        return new DeezerCatalog(DataProvenance.Synthetic($"SyntheticData.Deezer, {rows} rows, {artists} artists", seed), genreId, artistId, artistName,
            trackId, title, share, duration, rank, expl, ecl, ecc, preview, bpm, gain, image, dance, genre);
    }

    /// <summary>
    /// Songs shaped like seed 001's songs.csv: <paramref name="count"/> songs (1,000), each with one decade tag
    /// (occasionally two) and genre tags drawn with the real file's frequencies (<see cref="SongTagRates"/>),
    /// 1 to 6 tags a song, and about 1.1% repeated titles (11 in the real file).
    /// </summary>
    public static SongCatalog Songs(Rng rng, int count = 1000)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var seed = rng.Seed;
        const int T = SongCatalog.TagCount;
        var features = new float[count * T];
        var titles = new string[count];
        var decadeWeights = SongTagRates.Take(5).ToArray();
        for (var i = 0; i < count; i++)
        {
            var row = features.AsSpan(i * T, T);
            row[Pick(rng, decadeWeights)] = 1;
            if (rng.NextDouble() < 0.04) row[Pick(rng, decadeWeights)] = 1;
            for (var t = 5; t < T; t++)
                if (rng.NextDouble() < SongTagRates[t]) row[t] = 1;
            // At most 6 tags: drop random genre tags beyond that.
            var n = 0;
            foreach (var v in row) n += (int)v;
            while (n > 6)
            {
                var t = 5 + rng.NextInt(T - 5);
                if (row[t] == 1) { row[t] = 0; n--; }
            }
            titles[i] = i > 10 && rng.NextDouble() < 0.011 ? titles[rng.NextInt(i)] : $"Synthetic Song {i + 1:D4}";
        }
        return new SongCatalog(DataProvenance.Synthetic($"SyntheticData.Songs, {count} songs", seed), titles, features);
    }

    /// <summary>A synthetic skip log in memory (<see cref="SkipLogEvents"/> collected into a <see cref="SkipLog"/>).</summary>
    public static SkipLog SkipLog(Rng rng, SyntheticSkipLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var o = options ?? new SyntheticSkipLogOptions();
        return Data.SkipLog.FromEvents(SkipLogEvents(rng, o), DataProvenance.Synthetic($"SyntheticData.SkipLog, {o.Rows} rows", rng.Seed));
    }

    /// <summary>
    /// Streams synthetic skip-challenge rows, lazily and in bounded memory (for the 10-million-row benchmark):
    /// sessions of 10 to 20 tracks (about half exactly 20, like the real sample), a session-level skip propensity
    /// around <see cref="SyntheticSkipLogOptions.Skip2Rate"/> (skip_1 implies skip_2 implies skip_3), context types
    /// in the real sample's mix, reason_start following the previous reason_end, dates between 2018-05-18 and
    /// 2018-07-16, tracks drawn from a pool with a popular head. The last session is cut off when
    /// <see cref="SyntheticSkipLogOptions.Rows"/> is reached inside it, as in the real file.
    /// </summary>
    public static IEnumerable<SkipLogEvent> SkipLogEvents(Rng rng, SyntheticSkipLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var o = options ?? new SyntheticSkipLogOptions();
        o.Validate();
        return Generate(rng, o);

        static IEnumerable<SkipLogEvent> Generate(Rng rng, SyntheticSkipLogOptions o)
        {
            var pool = new string?[o.TrackPool];
            // Real mix of the 100,000-row sample: user_collection 40.5%, catalog 22.7%, editorial 20.8%, radio 12.7%, personalized 1.9%, charts 1.5%.
            double[] contextWeights = [0, 0.208, 0.405, 0.227, 0.015, 0.127, 0.019];
            var days = o.LastDate.DayNumber - o.FirstDate.DayNumber + 1;
            long produced = 0;
            for (var s = 0; produced < o.Rows; s++)
            {
                var length = rng.NextDouble() < o.FullLengthShare ? o.MaxSessionLength : rng.NextInt(o.MinSessionLength, o.MaxSessionLength);
                var sessionId = s.ToString(CultureInfo.InvariantCulture) + "_" + HexId(rng);
                var context = (ContextType)Pick(rng, contextWeights);
                var premium = rng.NextDouble() < 0.78;
                var shuffle = rng.NextDouble() < 0.31;
                var hour = rng.NextInt(24);
                var date = DateOnly.FromDayNumber(o.FirstDate.DayNumber + rng.NextInt(days));
                // Session skip propensity: a mix of near-never and near-always skippers, mean about Skip2Rate.
                var p = Clamp((float)(o.Skip2Rate + 0.3 * rng.NextGaussian()), 0.02f, 0.98f);
                var previousEnd = rng.NextDouble() < 0.5 ? PlaybackReason.ClickRow : rng.NextDouble() < 0.6 ? PlaybackReason.AppLoad : PlaybackReason.PlayBtn;
                for (var pos = 1; pos <= length && produced < o.Rows; pos++, produced++)
                {
                    var skip2 = rng.NextDouble() < p;
                    var skip1 = skip2 && rng.NextDouble() < 0.815;
                    var skip3 = skip2 || rng.NextDouble() < 0.27;
                    var notSkipped = !skip3 && rng.NextDouble() < 0.95;
                    var end = skip3
                        ? (rng.NextDouble() < 0.86 ? PlaybackReason.FwdBtn : rng.NextDouble() < 0.9 ? PlaybackReason.BackBtn : PlaybackReason.EndPlay)
                        : (rng.NextDouble() < 0.85 ? PlaybackReason.TrackDone : rng.NextDouble() < 0.9 ? PlaybackReason.EndPlay : PlaybackReason.Logout);
                    var noPause = rng.NextDouble() < 0.77;
                    var longPause = !noPause && rng.NextDouble() < 0.6;
                    var shortPause = !noPause && !longPause;
                    var track = rng.NextDouble() < o.HitShare ? rng.NextInt(Math.Min(o.HitTracks, o.TrackPool)) : rng.NextInt(o.TrackPool);
                    var trackId = pool[track] ??= "t_" + HexId(rng);
                    yield return new SkipLogEvent(sessionId, pos, length, trackId, skip1, skip2, skip3, notSkipped,
                        ContextSwitch: pos > 1 && rng.NextDouble() < 0.04, noPause, shortPause, longPause,
                        SeekForwardCount: rng.NextDouble() < 0.03 ? 1 + rng.NextInt(3) : 0, SeekBackCount: rng.NextDouble() < 0.03 ? 1 + rng.NextInt(3) : 0,
                        shuffle, hour, date, premium, context, ReasonStart: previousEnd, ReasonEnd: end);
                    previousEnd = end;
                }
            }
        }
    }

    /// <summary>
    /// A Spotify Tracks Dataset stand-in: <paramref name="count"/> tracks (114,000) in blocks of
    /// <c>count / genres</c> rows per genre (1,000 x 114 genres, named like the real ones), each genre with its
    /// own feature centroid; about 21% of rows repeat an earlier track under another genre (89,741 distinct ids of
    /// 114,000 in the real dataset); 22-character base-62 ids.
    /// </summary>
    public static SpotifyTrackCatalog SpotifyTracks(Rng rng, int count = 114_000, int genres = 114)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (genres < 1 || count < genres) throw new ArgumentOutOfRangeException(nameof(count), "need count >= genres >= 1");
        var seed = rng.Seed;
        var names = Enumerable.Range(0, genres).Select(g => g < SpotifyGenres.Length ? SpotifyGenres[g] : $"genre-{g + 1:D3}").ToArray();
        var nf = SpotifyTrackCatalog.FeatureNames.Length;
        var f = new float[nf][];
        for (var k = 0; k < nf; k++) f[k] = new float[count];
        var index = new int[count]; var id = new string[count]; var artists = new string[count]; var album = new string[count];
        var name = new string[count]; var pop = new int[count]; var dur = new int[count]; var expl = new bool[count]; var key = new int[count];
        var mode = new int[count]; var ts = new int[count]; var genre = new string[count];
        var block = count / genres;
        // Genre centroids in [0,1] for the [0,1] features (danceability, energy, speechiness, acousticness, instrumentalness, liveness, valence).
        var centroid = new float[genres, nf];
        for (var g = 0; g < genres; g++)
            for (var k = 0; k < nf; k++) centroid[g, k] = rng.NextSingle();
        for (var i = 0; i < count; i++)
        {
            var g = Math.Min(i / block, genres - 1);
            index[i] = i;
            genre[i] = names[g];
            if (i >= block && rng.NextDouble() < 0.213)
            {
                var j = rng.NextInt(g * block); // an earlier genre's track
                id[i] = id[j]; artists[i] = artists[j]; album[i] = album[j]; name[i] = name[j]; pop[i] = pop[j]; dur[i] = dur[j]; expl[i] = expl[j];
                key[i] = key[j]; mode[i] = mode[j]; ts[i] = ts[j];
                for (var k = 0; k < nf; k++) f[k][i] = f[k][j];
                continue;
            }
            id[i] = Base62(rng, 22);
            artists[i] = $"Synthetic Artist {rng.NextInt(31_000) + 1}";
            album[i] = $"Synthetic Album {rng.NextInt(46_000) + 1}";
            name[i] = $"Synthetic Track {i + 1}";
            pop[i] = (int)Clamp(33 + 22 * (float)rng.NextGaussian(), 0, 100);
            dur[i] = (int)Clamp((float)(228_000 * Math.Exp(0.35 * rng.NextGaussian())), 30_000, 1_200_000);
            expl[i] = rng.NextDouble() < 0.085;
            key[i] = rng.NextInt(12);
            mode[i] = rng.NextDouble() < 0.64 ? 1 : 0;
            ts[i] = rng.NextDouble() < 0.9 ? 4 : rng.NextDouble() < 0.8 ? 3 : rng.NextDouble() < 0.7 ? 5 : 1;
            float Unit(int k, float spread) => Clamp(0.5f * centroid[g, k] + 0.5f * Mean(k) + spread * (float)rng.NextGaussian(), 0, 1);
            f[0][i] = Round3(Unit(0, 0.14f));                                               // danceability, mean ~0.57
            f[1][i] = Round3(Unit(1, 0.2f));                                                // energy, mean ~0.64
            f[2][i] = Round3(Clamp(-8.3f + 8 * (centroid[g, 2] - 0.5f) + 3.5f * (float)rng.NextGaussian(), -49.5f, 4.5f)); // loudness dB
            f[3][i] = Round3(Clamp((float)(-0.085 * Math.Log(1 - rng.NextDouble())) * (0.5f + centroid[g, 3]), 0, 0.97f)); // speechiness, exponential
            f[4][i] = Round3(Unit(4, 0.25f));                                               // acousticness
            f[5][i] = Round3(rng.NextDouble() < 0.3 + 0.5 * centroid[g, 5] ? 0f : Clamp((float)rng.NextDouble(), 0, 1)); // instrumentalness: many zeros
            f[6][i] = Round3(Clamp(0.1f + (float)(-0.11 * Math.Log(1 - rng.NextDouble())), 0, 1)); // liveness
            f[7][i] = Round3(Unit(7, 0.22f));                                               // valence
            f[8][i] = Round3(Clamp(122 + 20 * (centroid[g, 8] - 0.5f) + 28 * (float)rng.NextGaussian(), 40, 243)); // tempo BPM
        }
        return new SpotifyTrackCatalog(DataProvenance.Synthetic($"SyntheticData.SpotifyTracks, {count} tracks, {genres} genres", seed), index, id, artists,
            album, name, pop, dur, expl, key, mode, ts, genre, f);

        static float Mean(int k) => k switch { 0 => 0.57f, 1 => 0.64f, 4 => 0.31f, 7 => 0.47f, _ => 0.5f };
    }

    /// <summary>
    /// Skip-challenge track features for <paramref name="trackIds"/> (for example a synthetic log's
    /// <see cref="Data.SkipLog.TrackIds"/>): popularity estimates mostly 90-100 as in the challenge, audio
    /// features in [0, 1], keys 0-11, mode major 64%, 8-dimensional acoustic vectors ~ N(0, 0.3).
    /// </summary>
    public static TrackFeatureCatalog TrackFeatures(Rng rng, IReadOnlyList<string> trackIds)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(trackIds);
        var n = trackIds.Count;
        var names = TrackFeatureCatalog.FeatureNames;
        var f = new float[names.Length][];
        for (var k = 0; k < f.Length; k++) f[k] = new float[n];
        float[] Col(string c) => f[names.IndexOf(c)];
        for (var i = 0; i < n; i++)
        {
            Col("duration")[i] = (float)Math.Round(228 * Math.Exp(0.3 * rng.NextGaussian()), 3);
            Col("release_year")[i] = 2018 - (int)Math.Min(60, -8 * Math.Log(1 - rng.NextDouble()));
            Col("us_popularity_estimate")[i] = (float)Math.Round(100 - 10 * Math.Pow(rng.NextDouble(), 2), 3);
            foreach (var c in new[] { "acousticness", "beat_strength", "bounciness", "danceability", "energy", "flatness", "liveness", "mechanism", "organism", "speechiness", "valence" })
                Col(c)[i] = Round3(Clamp(0.5f + 0.22f * (float)rng.NextGaussian(), 0, 1));
            Col("instrumentalness")[i] = rng.NextDouble() < 0.6 ? 0f : Round3(rng.NextSingle());
            Col("dyn_range_mean")[i] = Round3(Clamp(8 + 3 * (float)rng.NextGaussian(), 0, 30));
            Col("key")[i] = rng.NextInt(12);
            Col("loudness")[i] = Round3(Clamp(-8 + 3.5f * (float)rng.NextGaussian(), -40, 3));
            Col("mode")[i] = rng.NextDouble() < 0.64 ? 1 : 0;
            Col("tempo")[i] = Round3(Clamp(120 + 28 * (float)rng.NextGaussian(), 40, 220));
            Col("time_signature")[i] = rng.NextDouble() < 0.9 ? 4 : 3;
            for (var k = 0; k < TrackFeatureCatalog.AcousticVectorLength; k++)
                Col("acoustic_vector_" + k.ToString(CultureInfo.InvariantCulture))[i] = Round3(0.3f * (float)rng.NextGaussian());
        }
        return new TrackFeatureCatalog(DataProvenance.Synthetic($"SyntheticData.TrackFeatures, {n} tracks", rng.Seed), [.. trackIds], f);
    }

    /// <summary>Seed 003's shuffled track-id list made from a (synthetic) Spotify catalog's ids.</summary>
    public static TrackIdList TrackIds(Rng rng, SpotifyTrackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(catalog);
        var ids = catalog.TrackId.ToArray();
        rng.Shuffle(ids.AsSpan());
        return new TrackIdList(DataProvenance.Synthetic($"SyntheticData.TrackIds (shuffled ids of {catalog.Source})", rng.Seed), ids);
    }

    private static int[] Apportion(double[] weights, int total)
    {
        var sum = weights.Sum();
        var counts = weights.Select(w => (int)Math.Floor(total * w / sum)).ToArray();
        for (int k = 0, left = total - counts.Sum(); k < left; k++) counts[k % counts.Length]++;
        return counts;
    }

    private static int Pick(Rng rng, ReadOnlySpan<double> weights)
    {
        double sum = 0;
        foreach (var w in weights) sum += w;
        var u = rng.NextDouble() * sum;
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0 && weights[i] > 0) return i;
        }
        for (var i = weights.Length - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return 0;
    }

    private static string HexId(Rng rng)
    {
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        return string.Create(36, (a, b), static (span, v) =>
        {
            const string hex = "0123456789abcdef";
            var p = 0;
            for (var i = 0; i < 32; i++)
            {
                if (i is 8 or 12 or 16 or 20) span[p++] = '-';
                var word = i < 16 ? v.a : v.b;
                span[p++] = hex[(int)((word >> (4 * (i % 16))) & 0xF)];
            }
        });
    }

    private static string Base62(Rng rng, int length)
    {
        const string chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(length, rng, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = chars[r.NextInt(62)];
        });
    }

    private static float Clamp(float x, float lo, float hi) => x < lo ? lo : x > hi ? hi : x;

    private static float Round3(float x) => MathF.Round(x * 1000) / 1000;
}

/// <summary>Shape of a synthetic skip log (defaults: the real 100,000-row sample's shape).</summary>
public sealed record SyntheticSkipLogOptions
{
    /// <summary>Total rows; the last session is cut off where this is reached.</summary>
    public long Rows { get; init; } = 100_000;

    /// <summary>Shortest session (the challenge's sessions have 10 to 20 tracks).</summary>
    public int MinSessionLength { get; init; } = 10;

    /// <summary>Longest session.</summary>
    public int MaxSessionLength { get; init; } = 20;

    /// <summary>Share of sessions of exactly <see cref="MaxSessionLength"/> tracks (3,029 of 5,956 = 0.51 in the real sample).</summary>
    public double FullLengthShare { get; init; } = 0.51;

    /// <summary>Mean skip_2 rate (51,736 / 100,000 = 0.517 in the real sample).</summary>
    public double Skip2Rate { get; init; } = 0.52;

    /// <summary>Size of the track pool.</summary>
    public int TrackPool { get; init; } = 40_000;

    /// <summary>Size of the popular head of the pool.</summary>
    public int HitTracks { get; init; } = 2_000;

    /// <summary>Share of plays drawn from the popular head (with the defaults about 35,000 distinct tracks per 100,000 rows; 34,872 in the real sample).</summary>
    public double HitShare { get; init; } = 0.25;

    /// <summary>First session date.</summary>
    public DateOnly FirstDate { get; init; } = new(2018, 5, 18);

    /// <summary>Last session date.</summary>
    public DateOnly LastDate { get; init; } = new(2018, 7, 16);

    /// <summary>Throws a <see cref="WorkbenchException"/> naming an out-of-range option.</summary>
    public void Validate()
    {
        if (Rows < 1) throw new WorkbenchException($"Rows must be at least 1 (got {Rows})");
        if (MinSessionLength < 1 || MaxSessionLength <= MinSessionLength)
            throw new WorkbenchException($"session lengths must satisfy 1 <= MinSessionLength < MaxSessionLength (got {MinSessionLength}, {MaxSessionLength})");
        if (FullLengthShare is < 0 or > 1) throw new WorkbenchException($"FullLengthShare must be in [0, 1] (got {FullLengthShare})");
        if (Skip2Rate is < 0 or > 1) throw new WorkbenchException($"Skip2Rate must be in [0, 1] (got {Skip2Rate})");
        if (TrackPool < 1 || HitTracks < 1) throw new WorkbenchException("TrackPool and HitTracks must be at least 1");
        if (HitShare is < 0 or > 1) throw new WorkbenchException($"HitShare must be in [0, 1] (got {HitShare})");
        if (LastDate < FirstDate) throw new WorkbenchException("LastDate must not precede FirstDate");
    }
}
