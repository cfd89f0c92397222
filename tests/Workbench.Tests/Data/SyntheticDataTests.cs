using Workbench.Data;
using Workbench.Training;

namespace Workbench.Tests.Data;

public class SyntheticDataTests
{
    [Fact]
    public void DeezerHasTheRealShapeAndIsDeterministic()
    {
        var a = SyntheticData.Deezer(new Rng(7));
        var b = SyntheticData.Deezer(new Rng(7));
        var c = SyntheticData.Deezer(new Rng(8));
        Assert.True(a.IsSynthetic);
        Assert.Contains("SYNTHETIC", a.Source);
        Assert.Equal(6129, a.Count);
        Assert.Equal(229, a.ArtistName.Distinct().Count());
        Assert.Equal(229, a.ArtistId.Distinct().Count());
        Assert.Subset(new HashSet<int>(SyntheticData.DeezerGenreIds), new HashSet<int>(a.GenreId));
        // Genre blocks of 1,000 rows by position: 6 full blocks and 129 black-metal rows.
        Assert.Equal(129, a.TrackGenre.Count(g => g == "black-metal"));
        Assert.All(Enumerable.Range(0, 6), k => Assert.Equal(1000, a.TrackGenre.Count(g => g == SyntheticData.DeezerTrackGenres[k])));
        // About 5.7% repeated ids (real: 349 of 6,129).
        Assert.InRange(a.DuplicateTrackIds.Length, 250, 450);
        Assert.True(a.TrackId.SequenceEqual(b.TrackId));
        Assert.True(a.Danceability.SequenceEqual(b.Danceability));
        Assert.True(a.Title.SequenceEqual(b.Title));
        Assert.False(a.TrackId.SequenceEqual(c.TrackId));
        Assert.All(a.Danceability, d => Assert.InRange(d, 0f, 1f));
    }

    [Fact]
    public void SongsHaveOneToSixTagsAndPlausibleRates()
    {
        var s = SyntheticData.Songs(new Rng(1));
        Assert.True(s.IsSynthetic);
        Assert.Equal(1000, s.Count);
        for (var i = 0; i < s.Count; i++)
        {
            var n = 0f;
            var decades = 0f;
            var row = s.Row(i);
            foreach (var v in row) { Assert.True(v is 0f or 1f); n += v; }
            for (var t = 0; t < 5; t++) decades += row[t];
            Assert.InRange(n, 1, 6);
            Assert.InRange(decades, 1, 2);
        }
        // Rock's real rate is 0.556: the binomial sd over 1,000 songs is sqrt(1000*0.556*0.444) = 15.7, so +-80 is 5 sd.
        Assert.InRange(s.Tag("Rock").Sum(), 476, 636);
        Assert.True(s.Features.SequenceEqual(SyntheticData.Songs(new Rng(1)).Features));
        Assert.False(s.Features.SequenceEqual(SyntheticData.Songs(new Rng(2)).Features));
    }

    [Fact]
    public void SkipLogHasSessionsOfTenToTwentyAndAboutHalfSkips()
    {
        var log = SyntheticData.SkipLog(new Rng(3));
        Assert.True(log.IsSynthetic);
        Assert.Equal(100_000, log.Count);
        for (var s = 0; s < log.SessionCount - 1; s++) Assert.InRange(log.SessionRowCount(s), 10, 20);
        Assert.Empty(log.IncompleteSessions);
        var skipRate = log.Skip2.Count(x => x) / (double)log.Count;
        Assert.InRange(skipRate, 0.49, 0.55);
        Assert.InRange(log.SessionCount, 5_300, 6_300);
        Assert.InRange(log.TrackCount, 28_000, 42_000);
        Assert.InRange(log.ContextType.Count(c => c == ContextType.UserCollection) / 100_000.0, 0.37, 0.44);
        // skip_1 implies skip_2 implies skip_3.
        for (var i = 0; i < log.Count; i++)
        {
            if (log.Skip1[i]) Assert.True(log.Skip2[i]);
            if (log.Skip2[i]) Assert.True(log.Skip3[i]);
        }
        var again = SyntheticData.SkipLog(new Rng(3));
        Assert.True(log.TrackIndex.SequenceEqual(again.TrackIndex));
        Assert.True(log.TrackIds.SequenceEqual(again.TrackIds));
        Assert.True(log.Skip2.SequenceEqual(again.Skip2));
    }

    [Fact]
    public void SkipLogCutsTheLastSessionWhenTheRowBudgetEndsInsideIt()
    {
        var log = SyntheticData.SkipLog(new Rng(5), new SyntheticSkipLogOptions { Rows = 1_003, FullLengthShare = 1 });
        // 1,003 = 50 x 20 + 3: fifty full sessions, then one with 3 of its 20 rows.
        Assert.Equal(51, log.SessionCount);
        Assert.NotNull(log.CutOff);
        Assert.Equal((50, 3, 3, 20), (log.CutOff!.Session, log.CutOff.Rows, log.CutOff.LastPosition, log.CutOff.DeclaredLength));
        Assert.Equal(50, log.CompleteSessionCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WrittenLogReadsBackIdentically(bool gzip)
    {
        using var dir = new TempDir();
        var options = new SyntheticSkipLogOptions { Rows = 5_000 };
        var path = Path.Combine(dir.Path, gzip ? "log.csv.gz" : "log.csv");
        Assert.Equal(5_000, SkipLogWriter.Write(path, SyntheticData.SkipLogEvents(new Rng(11), options), gzip));
        Assert.Equal(gzip, Workbench.Data.Csv.DataInput.IsGzip(path));
        var expected = SyntheticData.SkipLogEvents(new Rng(11), options).ToList();
        Assert.Equal(expected, SkipLogReader.Enumerate(path).ToList());
        var log = SkipLog.Load(path);
        Assert.Equal(expected, Enumerable.Range(0, log.Count).Select(log.Event).ToList());
        Assert.False(log.IsSynthetic); // read back from a file: provenance is the file
    }

    [Fact]
    public void SpotifyTracksHave114GenreBlocksAndRepeatedIds()
    {
        var t = SyntheticData.SpotifyTracks(new Rng(2));
        Assert.True(t.IsSynthetic);
        Assert.Equal(114_000, t.Count);
        Assert.Equal(114, t.Genres.Length);
        Assert.All(t.Genres, g => Assert.Equal(1000, t.TrackGenre.Count(x => x == g)));
        Assert.Equal("acoustic", t.TrackGenre[0]);
        Assert.Equal("world-music", t.TrackGenre[^1]);
        // About 21% repeats: real 89,741 distinct of 114,000.
        Assert.InRange(t.DistinctTrackIds, 86_000, 93_000);
        Assert.All(t.TrackId, id => Assert.Equal(22, id.Length));
        foreach (var f in new[] { "danceability", "energy", "acousticness", "valence", "speechiness", "liveness", "instrumentalness" })
            Assert.All(t.Feature(f), v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(t.Danceability.Average(), 0.5, 0.65);
        Assert.True(t.Tempo.SequenceEqual(SyntheticData.SpotifyTracks(new Rng(2)).Tempo));
        var ids = SyntheticData.TrackIds(new Rng(4), t);
        Assert.Equal(114_000, ids.Count);
        Assert.Equal(t.DistinctTrackIds, ids.DistinctCount);
    }

    [Fact]
    public void TrackFeaturesCoverTheGivenIds()
    {
        var log = SyntheticData.SkipLog(new Rng(9), new SyntheticSkipLogOptions { Rows = 2_000 });
        var f = SyntheticData.TrackFeatures(new Rng(9), log.TrackIds);
        Assert.True(f.IsSynthetic);
        Assert.Equal(log.TrackCount, f.Count);
        Assert.Equal(0, f.RowOf(log.TrackIds[0]));
        Assert.Equal(f.Count * 8, f.AcousticVectors.Length);
        Assert.All(f.UsPopularityEstimate, p => Assert.InRange(p, 90f, 100f));
        Assert.All(f.Feature("mode"), m => Assert.True(m is 0f or 1f));
        Assert.Equal(f.Feature("acoustic_vector_3")[5], f.AcousticVectors[5 * 8 + 3]);
    }
}
