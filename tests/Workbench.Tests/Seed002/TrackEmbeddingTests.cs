using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class TrackEmbeddingTests
{
    // Two clusters of 6 tracks (0-5 and 6-11); 60 sessions of 4 tracks drawn within one cluster.
    private static (int[] Offsets, int[] Tracks) ClusterCorpus()
    {
        var rng = new Rng(11);
        var offsets = new List<int> { 0 };
        var tracks = new List<int>();
        var pick = new int[4];
        var scratch = new int[6];
        for (var s = 0; s < 60; s++)
        {
            rng.SampleWithoutReplacement(6, pick, scratch);
            foreach (var p in pick) tracks.Add(p + 6 * (s % 2));
            offsets.Add(tracks.Count);
        }
        return (offsets.ToArray(), tracks.ToArray());
    }

    [Fact]
    public void LearnsThatTracksOfTheSameSessionsAreNeighbours()
    {
        var (offsets, tracks) = ClusterCorpus();
        var emb = TrackEmbeddingTrainer.Train(12, offsets, tracks, new TrackEmbeddingOptions { Dimension = 8, Epochs = 30 });
        for (var t = 0; t < 12; t++)
        {
            var nearest = emb.Nearest(t, 5);
            Assert.Equal(5, nearest.Length);
            Assert.All(nearest, n => Assert.Equal(t / 6, n.Track / 6));
            Assert.True(nearest[0].Cosine >= nearest[^1].Cosine);
        }
    }

    [Fact]
    public void LossFallsAndTrainingIsDeterministic()
    {
        var (offsets, tracks) = ClusterCorpus();
        var losses = new List<double>();
        var o = new TrackEmbeddingOptions { Dimension = 8, Epochs = 10 };
        var a = TrackEmbeddingTrainer.Train(12, offsets, tracks, o, new SyncProgress<EmbeddingEpoch>(e => losses.Add(e.Loss)));
        var b = TrackEmbeddingTrainer.Train(12, offsets, tracks, o);
        Assert.Equal(a.Vectors.ToArray(), b.Vectors.ToArray());
        Assert.Equal(10, losses.Count);
        Assert.True(losses[^1] < 0.8 * losses[0], $"loss {losses[0]} -> {losses[^1]}");
        var c = TrackEmbeddingTrainer.Train(12, offsets, tracks, o with { Seed = 8 });
        Assert.NotEqual(a.Vectors.ToArray(), c.Vectors.ToArray());
    }

    [Fact]
    public void DiversityIsOneMinusTheMeanPairwiseCosine()
    {
        // e0 = (1, 0), e1 = (0, 1), e2 = (1, 1)/..: cosines 0, 1/sqrt2, 1/sqrt2 -> mean 0.4714, diversity 0.5286
        var emb = new TrackEmbeddings(2, [1, 0, 0, 1, 1, 1]);
        Assert.Equal(1 - Math.Sqrt(2) / 3, emb.Diversity([0, 1, 2]), 6);
        Assert.Equal(0, emb.Diversity([0, 0]), 6);
    }

    [Fact]
    public void CacheRoundTripsIsKeyedByOptionsAndReplacesCorruptFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-emb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var b = new SkipSessionBuilder(new SkipSessionOptions { MinPlayCount = 1, SessionLength = 4, TrainFraction = 0.5 });
            SkipSessionPipelineTests.AddSession(b, "a", ["t1", "t2", "t3", "t4"]);
            SkipSessionPipelineTests.AddSession(b, "b", ["t1", "t2", "t5", "t6"]);
            SkipSessionPipelineTests.AddSession(b, "c", ["t3", "t4", "t5", "t6"]);
            var set = b.Build();
            var o = new TrackEmbeddingOptions { Dimension = 4, Epochs = 3 };
            var first = TrackEmbeddingCache.GetOrTrain(dir, set, o, out var hit1);
            var second = TrackEmbeddingCache.GetOrTrain(dir, set, o, out var hit2);
            Assert.False(hit1);
            Assert.True(hit2);
            Assert.Equal(first.Vectors.ToArray(), second.Vectors.ToArray());
            Assert.NotEqual(TrackEmbeddingCache.Key(set, o), TrackEmbeddingCache.Key(set, o with { Dimension = 5 }));
            Assert.Single(Directory.GetFiles(dir)); // no temporary files left behind

            var path = TrackEmbeddingCache.PathFor(dir, TrackEmbeddingCache.Key(set, o));
            var bytes = File.ReadAllBytes(path);
            bytes[20] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            Assert.False(TrackEmbeddingCache.TryLoad(path, set.TrackCount, 4, out _));
            var third = TrackEmbeddingCache.GetOrTrain(dir, set, o, out var hit3);
            Assert.False(hit3);
            Assert.Equal(first.Vectors.ToArray(), third.Vectors.ToArray());
            File.WriteAllBytes(path, bytes[..30]); // truncated
            Assert.False(TrackEmbeddingCache.TryLoad(path, set.TrackCount, 4, out _));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        var e = Assert.Throws<WorkbenchException>(() => TrackEmbeddingTrainer.Train(3, [0, 2], [0, 1], new TrackEmbeddingOptions { Dimension = 0 }));
        Assert.Contains("embedding-dim", e.Message);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
