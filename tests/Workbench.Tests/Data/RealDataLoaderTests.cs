using Workbench.Data;
using Workbench.Tests.Support;

namespace Workbench.Tests.Data;

/// <summary>Loads the real salvaged files (../shared/data) and checks the counts SOURCES.md states.</summary>
public class RealDataLoaderTests
{
    [SkippableFact]
    public void DeezerCatalogHasTheDocumentedShape()
    {
        var c = DeezerCatalog.Load(RealData.Require(DataRoot.DeezerFile));
        Assert.False(c.IsSynthetic);
        Assert.Equal(6129, c.Count);
        Assert.Equal(229, c.ArtistId.Distinct().Count());
        Assert.Equal(229, c.ArtistName.Distinct().Count());
        Assert.Equal(5780, c.DistinctTrackIds);
        Assert.Equal(6129 - 5780, c.DuplicateTrackIds.Length);
        Assert.Equal(new[] { 2, 111, 116, 155, 197 }, c.GenreId.Distinct().Order());
        Assert.Equal(7, c.TrackGenre.Distinct().Count());
        // First row: FALSE,2,9143,Orchestra Baobab,704070602,Utrus Horas,...,519,449168,FALSE,0,2,...,172.99,-16.9,...,0.676,acoustic
        Assert.Equal(9143, c.ArtistId[0]);
        Assert.Equal("Orchestra Baobab", c.ArtistName[0]);
        Assert.Equal(704070602, c.TrackId[0]);
        Assert.Equal(519f, c.Duration[0]);
        Assert.Equal(449168f, c.Rank[0]);
        Assert.Equal(172.99f, c.Bpm[0]);
        Assert.Equal(-16.9f, c.Gain[0]);
        Assert.Equal(0.676f, c.Danceability[0]);
        Assert.Equal("acoustic", c.TrackGenre[0]);
        Assert.False(c.ExplicitLyrics[0]);
        Assert.Equal(2287, c.ExplicitLyrics.Count(x => x));
        Assert.Equal(3494, c.Bpm.Count(b => b == 0)); // Python's csv module counts the same: Deezer's "unknown tempo"
        // track_genre blocks of 1,000 rows: acoustic, afrobeat, alt-rock, alternative, ambient, edm, then 129 black-metal.
        Assert.Equal("afrobeat", c.TrackGenre[1000]);
        Assert.Equal("black-metal", c.TrackGenre[6128]);
        Assert.Equal(129, c.TrackGenre.Count(g => g == "black-metal"));
        Assert.DoesNotContain(c.Title, t => t.EndsWith('\r'));
        Assert.DoesNotContain(c.TrackGenre, t => t.EndsWith('\r'));
    }

    [SkippableFact]
    public void SongCatalogTagSumsMatchTheFile()
    {
        var s = SongCatalog.Load(RealData.Require(DataRoot.SongsFile));
        Assert.Equal(1000, s.Count);
        Assert.Equal(1000 * 21, s.Features.Length);
        var expected = new[] { 157, 99, 183, 251, 352, 315, 556, 7, 52, 60, 27, 43, 80, 115, 22, 137, 40, 131, 3, 9, 33 };
        for (var t = 0; t < 21; t++) Assert.Equal(expected[t], (int)s.Tag(t).Sum());
        Assert.Equal(7, (int)s.Tag("Country").Sum());
        Assert.Equal(157, (int)s.Tag("1980s").Sum());
        Assert.Equal("Country", SongCatalog.TagNames[7]);
        Assert.Equal(11, s.DuplicateTitles.Length);
        Assert.Contains(s.DuplicateTitles, d => d.Title == "Wish You Were Here");
        for (var i = 0; i < s.Count; i++)
        {
            var tags = 0f;
            foreach (var v in s.Row(i)) tags += v;
            Assert.InRange(tags, 1, 6);
        }
        // "The Scientist,0,0,0,1,0,1,0,..." : 2010s and Pop.
        Assert.Equal("The Scientist", s.Titles[0]);
        Assert.Equal(1f, s.Row(0)[3]);
        Assert.Equal(1f, s.Row(0)[5]);
    }

    [SkippableFact]
    public void SkipLogMatchesTheDocumentedCounts()
    {
        var log = SkipLog.Load(RealData.Require(DataRoot.SkipLogFile));
        Assert.Equal(100_000, log.Count);
        Assert.Equal(51_736, log.Skip2.Count(x => x));
        Assert.Equal(34_872, log.TrackCount);
        Assert.Equal(5_956, log.SessionCount);
        Assert.Equal(3_029, Enumerable.Range(0, log.SessionCount).Count(s => log.SessionRowCount(s) == 20 && log.SessionLength[log.SessionOffsets[s]] == 20));
        Assert.NotNull(log.CutOff);
        Assert.Equal(5_955, log.CutOff!.Session);
        Assert.Equal(11, log.CutOff.LastPosition);
        Assert.Equal(11, log.CutOff.Rows);
        Assert.Equal(20, log.CutOff.DeclaredLength);
        Assert.Empty(log.IncompleteSessions);
        Assert.Equal(5_955, log.CompleteSessionCount);
        Assert.Equal(0, log.UnknownCategoryCount);
        Assert.Equal(new DateOnly(2018, 5, 18), log.Date.Min());
        Assert.Equal(new DateOnly(2018, 7, 16), log.Date.Max());
        Assert.Equal(40_540, log.ContextType.Count(c => c == ContextType.UserCollection));
        Assert.Equal(47_709, log.ReasonStart.Count(c => c == PlaybackReason.FwdBtn));
        Assert.Equal(332, log.ReasonEnd.Count(c => c == PlaybackReason.Logout));
        // Row 1: 0_00006f66-...,1,20,t_0479f24c-...,False,False,False,True,0,0,0,0,0,0,True,16,2018-07-15,True,editorial_playlist,trackdone,trackdone
        var e = log.Event(0);
        Assert.Equal("0_00006f66-33e5-4de7-a324-2d18e439fc1e", e.SessionId);
        Assert.Equal("t_0479f24c-27d2-46d6-a00c-7ec928f2b539", e.TrackId);
        Assert.True(e.NotSkipped && e.IsShuffle && e.Premium && !e.Skip2);
        Assert.Equal(16, e.HourOfDay);
        Assert.Equal(ContextType.EditorialPlaylist, e.ContextType);
        Assert.Equal(PlaybackReason.TrackDone, e.ReasonEnd);
        Assert.True(log.Event(1).NoPauseBeforePlay);
    }

    [SkippableFact]
    public void StreamingReaderSeesTheSameRowsAsTheLoader()
    {
        var path = RealData.Require(DataRoot.SkipLogFile);
        long rows = 0, skip2 = 0, seekFwd = 0;
        var n = SkipLogReader.ForEach(path, r =>
        {
            rows++;
            if (r.Skip2) skip2++;
            seekFwd += r.SeekForwardCount;
        });
        var log = SkipLog.Load(path);
        Assert.Equal(100_000, n);
        Assert.Equal(rows, n);
        Assert.Equal(51_736, skip2);
        Assert.Equal(log.SeekForwardCount.Sum(), seekFwd);
        Assert.Equal(log.Event(99_999), SkipLogReader.Enumerate(path).Last());
    }

    [SkippableFact]
    public void TrackIdListHasTheDocumentedCounts()
    {
        var ids = TrackIdList.Load(RealData.Require(DataRoot.TrackIdsFile));
        Assert.Equal(114_000, ids.Count);
        Assert.Equal(89_741, ids.DistinctCount);
        Assert.Equal("0suqmBMS28FsotR6RiTzcD", ids.Ids[0]);
        Assert.All(ids.Ids, id => Assert.Equal(22, id.Length));
    }

    [SkippableFact]
    public void Sha256MatchesSources()
    {
        Assert.Equal("eb4907cba933ab0ce7263425e275d666306da78c876ff71c9d2f1229604c59b3", DataRoot.Sha256(RealData.Require(DataRoot.SongsFile)));
        Assert.Equal("3f3321bce25b34ab7d9b5098f58b426d49240ad1d17aed960a797073e0636ac3", DataRoot.Sha256(RealData.Require(DataRoot.SkipLogFile)));
    }
}
