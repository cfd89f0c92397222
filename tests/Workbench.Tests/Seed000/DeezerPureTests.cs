using Workbench.Agents;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed000;

public class DeezerStateHashTests
{
    [Theory]
    // Published FNV-1a 32-bit test vectors (Fowler/Noll/Vo): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1aMatchesReferenceVectors(string text, uint expected) => Assert.Equal(expected, DeezerStateHash.Fnv1a32(text));

    [Fact]
    public void StateIsHashOfKeyModuloTableSize()
    {
        // First row of the real file: GenreID 2, ArtistID 9143, TrackID 704070602 -> key "2_9143_704070602".
        // FNV-1a 32 = 0x26ba4b0e = 649743118 (computed independently in Python); 649743118 mod 10000 = 3118.
        Assert.Equal("2_9143_704070602", DeezerStateHash.Key(2, 9143, 704070602));
        Assert.Equal(0x26ba4b0eu, DeezerStateHash.Fnv1a32("2_9143_704070602"));
        Assert.Equal(3118, DeezerStateHash.State(2, 9143, 704070602));
        Assert.Equal(649743118 % 7, DeezerStateHash.State(2, 9143, 704070602, states: 7));
    }
}

public class QLearningAgentTests
{
    [Fact]
    public void UpdateMatchesHandComputedValues()
    {
        var agent = new QLearningAgent(new QLearningOptions { States = 5, Actions = 2 }, new Rng(1));
        // Q = 0; target = 1 + 0.9 * max(0, 0) = 1; delta = 1 - 0 = 1; Q(3,0) = 0 + 0.1 * 1 = 0.1.
        Assert.Equal(1.0, agent.Update(3, 0, 1.0, 3, terminal: false), 12);
        Assert.Equal(0.1, agent.Value(3, 0), 12);
        // target = 1 + 0.9 * 0.1 = 1.09; delta = 1.09 - 0.1 = 0.99; Q(3,0) = 0.1 + 0.099 = 0.199.
        Assert.Equal(0.99, agent.Update(3, 0, 1.0, 3, terminal: false), 12);
        Assert.Equal(0.199, agent.Value(3, 0), 12);
        // The other action bootstraps from the max of state 3 (0.199): target = 0 + 0.9 * 0.199 = 0.1791;
        // delta = 0.1791; Q(3,1) = 0.01791.
        Assert.Equal(0.1791, agent.Update(3, 1, 0.0, 3, terminal: false), 12);
        Assert.Equal(0.01791, agent.Value(3, 1), 12);
        // Terminal: target = r = -1; delta = -1 - 0 = -1; Q(0,1) = -0.1. Other states untouched.
        Assert.Equal(-1.0, agent.Update(0, 1, -1.0, 3, terminal: true), 12);
        Assert.Equal(-0.1, agent.Value(0, 1), 12);
        Assert.Equal(0.0, agent.Value(1, 0));
    }

    [Fact]
    public void GreedyTakesFirstOnTiesAndEpsilonZeroIsGreedy()
    {
        var agent = new QLearningAgent(new QLearningOptions { States = 2, Epsilon = 0 }, new Rng(2));
        Assert.Equal(0, agent.Act(0)); // all zero: first action, like np.argmax
        agent.Update(0, 1, 1.0, 0, terminal: true);
        for (var i = 0; i < 20; i++) Assert.Equal(1, agent.Act(0));
    }

    [Fact]
    public void EpsilonOneExploresBothActionsEvenly()
    {
        var agent = new QLearningAgent(new QLearningOptions { States = 1, Epsilon = 1 }, new Rng(3));
        var ones = 0;
        for (var i = 0; i < 4000; i++) ones += agent.Act(0);
        Assert.InRange(ones, 1800, 2200); // Binomial(4000, 0.5): mean 2000, sd 31.6
    }

    [Fact]
    public void BadOptionsAndStatesAreRejected()
    {
        Assert.Throws<WorkbenchException>(() => new QLearningAgent(new QLearningOptions { Alpha = 0 }, new Rng(1)));
        Assert.Throws<WorkbenchException>(() => new QLearningAgent(new QLearningOptions { Epsilon = 1.5 }, new Rng(1)));
        var agent = new QLearningAgent(new QLearningOptions { States = 3 }, new Rng(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.Update(3, 0, 1, 0, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.Update(0, 2, 1, 0, true));
    }
}

public class DeezerRewardTests
{
    private static readonly DeezerPreference Pref = new("Eminem", "afrobeat", 0.4f, 0.8f);

    [Theory]
    // artist, genre, danceability, reward for like (s = sum of three +-1 terms)
    [InlineData("Eminem", "afrobeat", 0.5f, 3f)]      // +1 +1 +1
    [InlineData("Eminem", "afrobeat", 0.9f, 1f)]      // +1 +1 -1
    [InlineData("Eminem", "edm", 0.5f, 1f)]           // +1 -1 +1
    [InlineData("Drake", "afrobeat", 0.5f, 1f)]       // -1 +1 +1
    [InlineData("Eminem", "edm", 0.1f, -1f)]          // +1 -1 -1
    [InlineData("Drake", "afrobeat", 0.1f, -1f)]      // -1 +1 -1
    [InlineData("Drake", "edm", 0.8f, -1f)]           // -1 -1 +1 (0.8 is inside: the range is closed)
    [InlineData("Drake", "edm", 0.81f, -3f)]          // -1 -1 -1
    [InlineData("eminem ", "AFROBEAT", 0.4f, 3f)]     // case and spaces ignored; 0.4 is inside
    public void FaithfulDqnRewardTable(string artist, string genre, float dance, float like)
    {
        Assert.Equal(like, DeezerRewards.FaithfulDqn(Pref, artist, genre, dance, DeezerAction.Like));
        Assert.Equal(-like, DeezerRewards.FaithfulDqn(Pref, artist, genre, dance, DeezerAction.Dislike));
    }

    [Fact]
    public void FaithfulQLearningRewardIgnoresActionGenreAndDanceability()
    {
        Assert.Equal(1f, DeezerRewards.FaithfulQLearning(Pref, "Eminem"));
        Assert.Equal(0f, DeezerRewards.FaithfulQLearning(Pref, "Drake"));
        var user = new DeezerSimulatedUser(Pref, DeezerRewardKind.FaithfulQLearning);
        Assert.Equal(1f, user.Reward("Eminem", "edm", 0.0f, DeezerAction.Like));
        Assert.Equal(1f, user.Reward("Eminem", "edm", 0.0f, DeezerAction.Dislike));
    }

    [Fact]
    public void CorrectedRewardTable()
    {
        Assert.Equal(1f, DeezerRewards.Corrected(true, DeezerAction.Like));
        Assert.Equal(-1f, DeezerRewards.Corrected(true, DeezerAction.Dislike));
        Assert.Equal(-1f, DeezerRewards.Corrected(false, DeezerAction.Like));
        Assert.Equal(1f, DeezerRewards.Corrected(false, DeezerAction.Dislike));
    }

    [Fact]
    public void LikeRulesAndCorrectedUser()
    {
        var strict = new DeezerSimulatedUser(Pref, DeezerRewardKind.Corrected, DeezerLikeRule.AllThree);
        var majority = new DeezerSimulatedUser(Pref, DeezerRewardKind.Corrected, DeezerLikeRule.Majority);
        Assert.True(strict.Likes("Eminem", "afrobeat", 0.5f));
        Assert.False(strict.Likes("Eminem", "afrobeat", 0.9f));
        Assert.True(majority.Likes("Eminem", "afrobeat", 0.9f));
        Assert.True(majority.Likes("Drake", "afrobeat", 0.5f));
        Assert.False(majority.Likes("Drake", "edm", 0.5f));
        // Corrected: dislike on a disliked song earns +1, on a song outside the pre-filtered rows too.
        Assert.Equal(1f, strict.Reward("Drake", "edm", 0.5f, DeezerAction.Dislike));
        Assert.Equal(-1f, strict.Reward("Drake", "edm", 0.5f, DeezerAction.Like));
        Assert.Equal(1f, strict.Reward("Eminem", "afrobeat", 0.5f, DeezerAction.Like));
    }

    [Fact]
    public void RandomPreferenceIsSatisfiedByItsSourceRow()
    {
        string[] artists = ["A", "B", "C"];
        string[] genres = ["g1", "g2", "g1"];
        float[] dance = [0.05f, 0.5f, 0.95f];
        var rng = new Rng(7);
        for (var i = 0; i < 50; i++)
        {
            var p = DeezerSimulatedUser.RandomPreference(artists, genres, dance, rng);
            var k = Array.IndexOf(artists, p.Artist);
            Assert.True(p.Matches(artists[k], genres[k], dance[k]));
            Assert.InRange(p.DanceabilityLow, 0f, 1f);
            Assert.InRange(p.DanceabilityHigh, p.DanceabilityLow, 1f);
        }
    }

    [Theory]
    [InlineData("0.4:0.9", 0.4f, 0.9f)]
    [InlineData("0:1", 0f, 1f)]
    [InlineData("0.5:0.5", 0.5f, 0.5f)]
    public void ParseRangeAcceptsValidRanges(string text, float lo, float hi) =>
        Assert.Equal((lo, hi), DeezerPreference.ParseRange(text));

    [Theory]
    [InlineData("0.9:0.4")]
    [InlineData("0.4")]
    [InlineData("a:b")]
    [InlineData("-0.1:0.5")]
    [InlineData("0.2:1.5")]
    public void ParseRangeRejectsBadRangesNamingTheOption(string text)
    {
        var e = Assert.Throws<WorkbenchException>(() => DeezerPreference.ParseRange(text));
        Assert.Contains("--danceability", e.Message);
        Assert.Contains("LO:HI", e.Message);
    }
}
