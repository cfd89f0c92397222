using Workbench.Simulation;

namespace Workbench.Tests.Seed000;

public class LikeDislikeSessionTests
{
    private static readonly DeezerPreference Pref = new("Eminem", "afrobeat", 0.4f, 0.8f);

    private static SessionSong Song(int row, string title) => new(row, title, "Eminem", "afrobeat", 0.5f, $"https://cdns-preview.example/{row}.mp3");

    [Fact]
    public void NoCandidatesAsksToChangeThePreference()
    {
        var s = new LikeDislikeSession(Pref, []);
        Assert.Equal(SessionState.NoMatch, s.State);
        Assert.True(s.IsOver);
        Assert.Null(s.Current);
        Assert.Equal(0, s.Recommended);
        Assert.Contains("change your preference", s.Message);
        Assert.Throws<InvalidOperationException>(() => s.Respond(SessionFeedback.Like));
    }

    [Fact]
    public void DislikeMovesOnAndLikeStops()
    {
        var s = new LikeDislikeSession(Pref, [Song(10, "One"), Song(4, "Two"), Song(7, "Three")]);
        Assert.Equal(SessionState.Recommending, s.State);
        Assert.Equal(10, s.Current!.Row);
        Assert.Contains("https://cdns-preview.example/10.mp3", s.Message);
        s.Respond(SessionFeedback.Dislike);
        Assert.Equal(4, s.Current!.Row);
        Assert.Equal(2, s.Recommended);
        s.Respond(SessionFeedback.Like);
        Assert.Equal(SessionState.Liked, s.State);
        Assert.Equal(4, s.Current!.Row);
        Assert.Equal([10], s.Disliked.Select(x => x.Row));
        Assert.Contains("Two", s.Message);
        Assert.Throws<InvalidOperationException>(() => s.Respond(SessionFeedback.Dislike));
    }

    [Fact]
    public void DislikingEverySongExhaustsTheSession()
    {
        var s = new LikeDislikeSession(Pref, [Song(1, "One"), Song(2, "Two")]);
        s.Respond(SessionFeedback.Dislike);
        s.Respond(SessionFeedback.Dislike);
        Assert.Equal(SessionState.Exhausted, s.State);
        Assert.Null(s.Current);
        Assert.Equal(2, s.Disliked.Count);
        Assert.Equal(2, s.Recommended);
        Assert.Contains("No more songs", s.Message);
        Assert.Contains("change your preference", s.Message);
    }

    [Theory]
    [InlineData("like", SessionFeedback.Like)]
    [InlineData(" Y ", SessionFeedback.Like)]
    [InlineData("yes", SessionFeedback.Like)]
    [InlineData("DISLIKE", SessionFeedback.Dislike)]
    [InlineData("n", SessionFeedback.Dislike)]
    [InlineData("no", SessionFeedback.Dislike)]
    public void ParsesFeedback(string line, SessionFeedback expected) => Assert.Equal(expected, LikeDislikeSession.ParseFeedback(line));

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData(null)]
    public void RejectsOtherFeedback(string? line) => Assert.Null(LikeDislikeSession.ParseFeedback(line));
}

public class DeezerNameMatcherTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)] // k->s, e->i, +g
    [InlineData("", "abc", 3)]
    [InlineData("Eminem", "EMINEM", 0)]  // case-insensitive
    [InlineData("flaw", "lawn", 2)]      // -f, +n
    public void EditDistanceByHand(string a, string b, int d) => Assert.Equal(d, DeezerNameMatcher.EditDistance(a, b));

    [Fact]
    public void ResolvesCaseInsensitivelyAndSuggestsClosestNames()
    {
        var m = new DeezerNameMatcher(["Eminem", "Drake", "Eminem", "Maluma", "Nane"], "artist");
        Assert.Equal(4, m.Names.Count);
        Assert.Equal("Eminem", m.Resolve("  eminem"));
        var e = Assert.Throws<WorkbenchException>(() => m.Resolve("Eminen"));
        Assert.StartsWith("unknown artist 'Eminen'; closest artist names: 'Eminem'", e.Message);
        Assert.Equal(["Drake", "Nane"], m.Closest("Drak", 2)); // 1 and 3 edits (Maluma: 5)
    }
}
