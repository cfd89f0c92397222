using Workbench.Agents;
using Workbench.Cli;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed001;

public class PlaylistTests
{
    /// <summary>A "network" whose Q is the true reward dot(p, tags): the greedy playlist is then known by hand.</summary>
    private sealed class OracleNetwork(float[] tags, int d) : ISongQNetwork
    {
        public SongNetworkKind Kind => SongNetworkKind.ActionHead;
        public int StateSize => d;
        public int SongCount => tags.Length / d;
        public int ParameterCount => 0;
        public int SlotCount => 1;
        public ReadOnlySpan<float> Parameters => default;

        public void Score(ReadOnlySpan<float> state, SongCandidates candidates, Span<float> q)
        {
            for (var i = 0; i < q.Length; i++)
            {
                var s = candidates.Songs[i];
                float r = 0;
                for (var t = 0; t < d; t++) r += state[t] * tags[s * d + t];
                q[i] = r;
            }
        }

        public float MaxScore(ReadOnlySpan<float> state, SongCandidates candidates) => throw new NotSupportedException();
        public float Forward(int slot, ReadOnlySpan<float> state, int song) => throw new NotSupportedException();
        public void ZeroGradients() { }
        public void Backward(int slot, float dLossDq) { }
        public void Step() { }
        public void CopyParametersFrom(ISongQNetwork source) { }
        public void SetParameters(ReadOnlySpan<float> parameters) { }
    }

    // 6 songs over tags (A, B): rewards for p = (1, 0) [likes A]: 1, 1, 0, 1, 0, 0 -> A songs 0, 1, 3.
    private static readonly float[] Tags = [1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1];
    private static readonly string[] TagNames = ["A", "B"];
    private static readonly string[] Titles = ["s0", "s1", "s2", "s3", "s4", "s5"];

    [Fact]
    public void GreedyPlaylistExcludesTheLastRecommendations()
    {
        var gen = new PlaylistGenerator(new OracleNetwork(Tags, 2), SongCandidates.All(Tags, 2), noveltyWindow: 4);
        float[] likesA = [1, 0];
        // Q = (1, 1, 0, 1, 0, 0): ties go to the first index -> 0, 1, 3, then 2 (first of the zeros).
        Assert.Equal([0, 1, 3], gen.Next(likesA, 3));
        // The window (4) holds 0, 1, 3; next picks 2 (the best left; window now full), then 4 (0 leaves the window).
        Assert.Equal([2, 4], gen.Next(likesA, 2));
        // The window now holds 1, 3, 2, 4 (0 dropped when 4 entered): 0 is allowed again and is the best.
        Assert.Equal([0], gen.Next(likesA, 1));
        Assert.Equal([3, 2, 4, 0], gen.Recent);
    }

    [Fact]
    public void SeedNoveltyWindowOfFiftyNeverRepeatsWithinFiveTenSongPlaylists()
    {
        var rng = new Rng(4);
        var tags = new float[200 * 21];
        for (var s = 0; s < 200; s++) tags[s * 21 + rng.NextInt(21)] = 1;
        var net = new AhDqnNetwork(tags, 21, 21, new SongNetworkOptions(), rng);
        var gen = new PlaylistGenerator(net, SongCandidates.All(tags, 21));
        var user = ActualUser.FromLikedTags(["Pop", "Rock"], Workbench.Data.SongCatalog.TagNames);
        var seen = new List<int>();
        for (var i = 0; i < 5; i++) seen.AddRange(gen.Next(user.Preferences));
        Assert.Equal(50, seen.Count);
        Assert.Equal(50, seen.Distinct().Count());
    }

    [Fact]
    public void ActualUserWeighsLikedTagsOneOverK()
    {
        var u = ActualUser.FromLikedTags(["pop", " Rock", "(1980s)", "Counrty", "Pop"], Workbench.Data.SongCatalog.TagNames);
        // 4 distinct liked tags -> 0.25 each on 1980s (0), Pop (5), Rock (6), Country (7).
        Assert.Equal(0.25f, u.Preferences[0]);
        Assert.Equal(0.25f, u.Preferences[5]);
        Assert.Equal(0.25f, u.Preferences[6]);
        Assert.Equal(0.25f, u.Preferences[7]);
        Assert.Equal(1f, u.Preferences.ToArray().Sum(), 6);
        Assert.Equal(["1980s", "Pop", "Rock", "Country"], u.LikedTags);
        var e = Assert.Throws<WorkbenchException>(() => ActualUser.FromLikedTags(["Polka"], Workbench.Data.SongCatalog.TagNames));
        Assert.Contains("Polka", e.Message);
        Assert.Contains("SoundTrack", e.Message);
        Assert.Throws<WorkbenchException>(() => ActualUser.FromLikedTags([" "], Workbench.Data.SongCatalog.TagNames));
    }

    [Fact]
    public void VirtualUserRewardIsTheDotProduct()
    {
        var u = VirtualUser.Sample(3, new Rng(9));
        Assert.All(u.Preferences.ToArray(), p => Assert.InRange(p, 0f, 1f));
        var p = u.Preferences.ToArray();
        Assert.Equal(p[0] + p[2], u.Reward([1, 0, 1]), 6);
        var liked = VirtualUser.SampleLiked(21, 4, new Rng(9));
        var nonzero = liked.Preferences.ToArray().Where(x => x != 0).ToArray();
        Assert.InRange(nonzero.Length, 1, 4);
        Assert.All(nonzero, x => Assert.Equal(1f / nonzero.Length, x));
    }

    [Fact]
    public void ScriptedSessionContinuesUpdatesAndStopsAtEndOfInput()
    {
        var input = new StringReader("c\nu\nZ\nB\nnonsense\n"); // continue, update to an unknown tag then B, an unknown answer, EOF
        var output = new StringWriter();
        var session = new PlaylistSession(new OracleNetwork(Tags, 2), Titles, Tags, TagNames, input, output, playlistLength: 2, noveltyWindow: 50);
        var shown = session.Run(["A"]);
        Assert.Equal(3, shown);
        Assert.Equal([0, 1], session.Playlists[0]); // likes A: Q = (1, 1, 0, 1, 0, 0)
        Assert.Equal([3, 2], session.Playlists[1]); // same preferences, 0 and 1 excluded
        Assert.Equal([5, 4], session.Playlists[2]); // likes B: Q = (0, 1, 1, 0, 0, 1); 1 and 2 excluded -> 5, then 4 (first zero left)
        var text = output.ToString();
        Assert.Contains("error: unknown tag 'Z'", text);
        Assert.Contains("unknown answer 'nonsense'", text);
        Assert.EndsWith("stopped." + Environment.NewLine, text);
    }

    [Fact]
    public void CliPlaylistReadsPipedAnswersAndLoadsASavedModel()
    {
        var dir = Directory.CreateTempSubdirectory("wb-playlist-").FullName;
        try
        {
            var rng = new Rng(1);
            var catalog = Workbench.Data.SyntheticData.Songs(new Rng(0).Derive("synthetic-songs"), 1000);
            var modelPath = Path.Combine(dir, "m.wbnn");
            SongDqnModelFile.Save(modelPath, new AhDqnNetwork(catalog.Features.ToArray(), 21, 21, new SongNetworkOptions(), rng));
            var output = new StringWriter();
            var error = new StringWriter();
            var cmd = new RecommendPlaylistCommand(new StringReader("c\ns\n"), output, error).Build();
            var code = cmd.Parse(["--like", "Pop,Rock", "--model", modelPath, "--data", dir]).Invoke();
            Assert.True(code == 0, error.ToString());
            Assert.Contains("SYNTHETIC", error.ToString());
            Assert.Contains("Playlist 2 for Pop, Rock", output.ToString());
            Assert.DoesNotContain("Playlist 3", output.ToString());
            var bad = new RecommendPlaylistCommand(new StringReader(""), new StringWriter(), new StringWriter()).Build();
            Assert.Throws<WorkbenchException>(() => bad.Parse(["--like", "Polka", "--model", modelPath, "--data", dir]).Invoke(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
