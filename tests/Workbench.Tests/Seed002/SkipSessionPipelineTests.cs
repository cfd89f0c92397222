using Workbench.Data;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class SkipSessionPipelineTests
{
    // Pushes a session of the given tracks with skip_2 = (position is odd) unless labels are given.
    internal static void AddSession(SkipSessionBuilder b, string id, string[] tracks, bool[]? skips = null)
    {
        for (var i = 0; i < tracks.Length; i++) b.Add(id, i + 1, tracks[i], skips?[i] ?? (i % 2 == 1));
    }

    internal static string[] Tracks(string prefix, int n, int start = 0) => Enumerable.Range(start, n).Select(i => $"{prefix}{i:D2}").ToArray();

    [Fact]
    public void KeepsSessionsWhoseRowsAllPassThePlayCountAndSplitsThem()
    {
        var o = new SkipSessionOptions { MinPlayCount = 2, SessionLength = 4, TrainFraction = 0.5 };
        var b = new SkipSessionBuilder(o);
        AddSession(b, "s3", ["a", "b", "c", "d"]);     // all of a..d are played twice (s3 and s1): kept
        AddSession(b, "s1", ["d", "c", "b", "a"]);     // kept
        AddSession(b, "s2", ["a", "b", "c", "x"]);     // x is played once: 3 surviving rows, dropped
        AddSession(b, "s4", ["a", "b", "c"]);          // short session (like the cut-off last one): dropped
        AddSession(b, "s0", ["e", "e", "f", "f"]);     // e and f twice each, within one session: kept
        var set = b.Build();

        Assert.Equal(new SkipSessionStats(Rows: 19, Sessions: 5, DistinctTracks: 7, TracksPassing: 6, CompleteSessions: 4, KeptSessions: 3), set.Stats);
        Assert.Equal(["s0", "s1", "s3"], set.SessionIds);          // ordinal, like LabelEncoder
        Assert.Equal(["a", "b", "c", "d", "e", "f"], set.TrackIds); // x and unkept-only tracks excluded
        // s1 = d c b a -> 3 2 1 0; labels alternate False, True, False, True; rating = 1 - skip_2.
        Assert.Equal([3, 2, 1, 0], set.Tracks(1).ToArray());
        Assert.Equal([false, true, false, true], set.Skip2(1).ToArray());
        Assert.Equal(1f, set.Rating(1, 0));
        Assert.Equal(0f, set.Rating(1, 1));
        Assert.Equal(0.5, set.SkipRate()); // 6 of 12 kept rows skipped
        // 3 kept sessions * 0.5 -> 1 train, 2 test; together a permutation of 0..2.
        Assert.Single(set.TrainSessions);
        Assert.Equal(2, set.TestSessions.Count);
        Assert.Equal([0, 1, 2], set.TrainSessions.Concat(set.TestSessions).Order().ToArray());
    }

    [Fact]
    public void SortsRowsByPosition()
    {
        var b = new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 1, SessionLength = 3 });
        b.Add("s", 3, "c", true);
        b.Add("s", 1, "a", false);
        b.Add("s", 2, "b", true);
        var set = b.Build();
        Assert.Equal([0, 1, 2], set.Tracks(0).ToArray());
        Assert.Equal([false, true, true], set.Skip2(0).ToArray());
    }

    [Fact]
    public void CorpusHoldsEveryNonHeldOutSessionsVocabularyTracksAndNoLabels()
    {
        var o = new SkipSessionOptions { MinPlayCount = 1, SessionLength = 4, TrainFraction = 0.5 };
        var b = new SkipSessionBuilder(o);
        AddSession(b, "k1", ["a", "b", "c", "d"]);
        AddSession(b, "k2", ["e", "f", "g", "h"]);
        AddSession(b, "short", ["a", "zz", "e"]);  // not kept, but in the corpus (zz is not in the vocabulary)
        AddSession(b, "one", ["b"]);               // a single track: no co-occurrence, left out
        var set = b.Build();
        var test = set.TestSessions.Single();
        var train = set.TrainSessions.Single();
        var corpus = Enumerable.Range(0, set.CorpusSessionCount).Select(i => set.CorpusSession(i).ToArray()).ToList();
        Assert.Equal(2, corpus.Count);
        Assert.Contains(corpus, c => c.SequenceEqual(set.Tracks(train).ToArray()));
        Assert.DoesNotContain(corpus, c => c.SequenceEqual(set.Tracks(test).ToArray()));
        Assert.Contains(corpus, c => c.SequenceEqual(new[] { 0, 4 })); // "short" -> a, e

        // Labels never enter the corpus checksum: flipping every skip_2 leaves it unchanged.
        var flipped = new SkipSessionBuilder(o);
        AddSession(flipped, "k1", ["a", "b", "c", "d"], [true, true, true, true]);
        AddSession(flipped, "k2", ["e", "f", "g", "h"], [true, true, true, true]);
        AddSession(flipped, "short", ["a", "zz", "e"], [true, true, true]);
        AddSession(flipped, "one", ["b"], [true]);
        Assert.Equal(set.CorpusChecksum(), flipped.Build().CorpusChecksum());
    }

    [Fact]
    public void Utf8RowsGiveTheSameSetAsStringRows()
    {
        var o = new SkipSessionOptions { MinPlayCount = 2, SessionLength = 4, TrainFraction = 0.5 };
        var a = new SkipSessionBuilder(o);
        var b = new SkipSessionBuilder(o);
        var sessions = new[] { ("s3", new[] { "a", "b", "c", "d" }), ("s1", new[] { "d", "c", "b", "ä" }), ("s2", new[] { "ä", "b", "c", "x" }), ("s0", new[] { "a", "d", "c", "b" }) };
        foreach (var (id, tracks) in sessions)
            for (var i = 0; i < tracks.Length; i++)
            {
                a.Add(id, i + 1, tracks[i], i % 2 == 0);
                b.Add(System.Text.Encoding.UTF8.GetBytes(id), i + 1, System.Text.Encoding.UTF8.GetBytes(tracks[i]), i % 2 == 0);
            }
        var x = a.Build();
        var y = b.Build();
        Assert.Equal(x.Stats, y.Stats);
        Assert.Equal(x.TrackIds, y.TrackIds);
        Assert.Equal(x.SessionIds, y.SessionIds);
        Assert.Equal(x.CorpusChecksum(), y.CorpusChecksum());
        for (var s = 0; s < x.SessionCount; s++) Assert.Equal(x.Tracks(s).ToArray(), y.Tracks(s).ToArray());
        Assert.Equal(3, x.SessionCount);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var e = Assert.Throws<WorkbenchException>(() => new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 0 }));
        Assert.Contains("min-play-count", e.Message);
        e = Assert.Throws<WorkbenchException>(() => new SkipSessionBuilder(new SkipSessionOptions { TrainFraction = 1 }));
        Assert.Contains("train-fraction", e.Message);
    }

    [Fact]
    public void SamplesDrawTheStateFromTheFirst16AndTheActionFromTheLast4()
    {
        var b = new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 1 });
        var labels = new bool[20];
        for (var i = 0; i < 20; i++) labels[i] = i % 3 == 0;
        for (var s = 0; s < 30; s++) AddSession(b, $"s{s:D2}", Tracks($"t{s:D2}_", 20), labels);
        var set = b.Build();
        foreach (var order in new[] { StateOrder.Sampled, StateOrder.Chronological })
        {
            var samples = LirdSamples.Draw(set, set.TrainSessions, new LirdSampleOptions { StateOrder = order }, new Rng(3));
            Assert.Equal(21, samples.Count); // floor(0.7 * 30)
            for (var i = 0; i < samples.Count; i++)
            {
                var tracks = set.Tracks(samples.Sessions[i]).ToArray();
                var statePos = samples.State(i).ToArray().Select(t => Array.IndexOf(tracks, t)).ToArray();
                var actionPos = samples.Action(i).ToArray().Select(t => Array.IndexOf(tracks, t)).ToArray();
                Assert.Equal(10, statePos.Distinct().Count());
                Assert.All(statePos, p => Assert.InRange(p, 0, 15));
                Assert.Equal(3, actionPos.Distinct().Count());
                Assert.All(actionPos, p => Assert.InRange(p, 16, 19));
                if (order == StateOrder.Chronological) Assert.Equal(statePos.Order(), statePos);
                // reward tuple = ratings 1 - skip_2 of the action tracks (positions 18 is skipped: 18 % 3 == 0).
                for (var k = 0; k < 3; k++) Assert.Equal(labels[actionPos[k]] ? 0f : 1f, samples.Reward(i)[k]);
            }
        }
        var e = Assert.Throws<WorkbenchException>(() => LirdSamples.Draw(set, set.TrainSessions, new LirdSampleOptions { ActionLength = 5 }, new Rng(1)));
        Assert.Contains("action-length", e.Message);
    }
}
