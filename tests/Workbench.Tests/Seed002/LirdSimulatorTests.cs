using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class LirdSimulatorTests
{
    // Two groups, N = 1 state track, K = 2 action tracks, d = 2.
    //   group 0: tuple (0, 1), mean state (1, 0), mean action (1, 0 | 0, 0)
    //   group 1: tuple (1, 1), mean state (0, 1), mean action (0, 0 | 1, 0)
    private static LirdGroupTable HandTable() => LirdGroupTable.FromMeans(2,
        rewards: [0, 1, 1, 1],
        meanStates: [1, 0, 0, 1],
        meanActions: [1, 0, 0, 0, 0, 0, 1, 0]);

    [Fact]
    public void RewardIsTheProbabilityWeightedDiscountedTupleSum()
    {
        var table = HandTable();
        // s = (1, 0), a = (1, 0 | 1, 0): cos(s, s0) = 1, cos(s, s1) = 0, cos(a, a0) = cos(a, a1) = 1/sqrt2.
        // raw p0 = 0.2*1 + 0.8/sqrt2 = 0.765685, raw p1 = 0.8/sqrt2 = 0.565685, sum 1.331371
        // p0 = 0.575111, p1 = 0.424889; discounted tuples: g0 = 0 + 0.9*1 = 0.9, g1 = 1 + 0.9 = 1.9
        // reward = 0.9 p0 + 1.9 p1 = 0.9 + p1 = 1.324889
        var p = new double[2];
        var r = table.Reward([1, 0], [1, 0, 1, 0], alpha: 0.2, gamma: 0.9, p, out var best);
        var s2 = Math.Sqrt(2);
        var p1 = (0.8 / s2) / (0.2 + 1.6 / s2);
        Assert.Equal(1 - p1, p[0], 7);
        Assert.Equal(p1, p[1], 7);
        Assert.Equal(0.9 + p1, r, 6);
        Assert.Equal(1.324889, r, 5);
        Assert.Equal(0, best);
    }

    [Fact]
    public void StepPushesTheTracksTheMostProbableGroupRatesPositively()
    {
        // Tracks: 0 = (1, 0), 1 = (0, 1), 2 = (1, 0), 3 = (1, 0).
        var emb = new TrackEmbeddings(2, [1, 0, 0, 1, 1, 0, 1, 0]);
        var samples = LirdSamples.FromArrays(1, 2, [0], [2, 3], [0, 1]);
        var sim = new LirdSimulator(samples, emb, HandTable(), new LirdSimulatorOptions(), new Rng(1));
        Assert.Equal([0], sim.State.ToArray()); // the only sample's state
        // state (1,0), action (1,0 | 1,0) as above: group 0 wins, tuple (0, 1) pushes only the second track.
        var r = sim.Step([2, 3]);
        Assert.Equal(1.324889, r, 5);
        Assert.Equal([3], sim.State.ToArray());
    }

    [Fact]
    public void PushKeepsTheStateLengthAndDropsTheOldest()
    {
        var emb = new TrackEmbeddings(1, [1, 1, 1, 1, 1]);
        // One group with tuple (1, 1): both recommended tracks are pushed.
        var samples = LirdSamples.FromArrays(3, 2, [0, 1, 2], [3, 4], [1, 1]);
        var sim = new LirdSimulator(samples, emb, new LirdSimulatorOptions(), new Rng(1));
        sim.Step([3, 4]);
        Assert.Equal([2, 3, 4], sim.State.ToArray());
    }

    [Fact]
    public void SeedNormalisesEachDimensionAcrossTheItems()
    {
        // Member [[3, 4], [4, 3]]: per dimension across items, both columns have norm 5 -> [[0.6, 0.8], [0.8, 0.6]];
        // per member the flattened norm is sqrt(50) -> [[3, 4], [4, 3]] / 7.0711.
        float[] x = [3, 4, 4, 3];
        LirdGroupTable.Normalize(x, 2, 2, GroupNormalization.PerDimensionAcrossItems);
        Assert.Equal([0.6f, 0.8f, 0.8f, 0.6f], x);
        float[] y = [3, 4, 4, 3];
        LirdGroupTable.Normalize(y, 2, 2, GroupNormalization.PerMember);
        var inv = 1 / Math.Sqrt(50);
        Assert.Equal(3 * inv, y[0], 6);
        Assert.Equal(4 * inv, y[1], 6);
    }

    [Fact]
    public void BuildGroupsByTupleInLexicographicOrderAndAverages()
    {
        // d = 1, N = 1, K = 1; tracks 0..3 with values 1, 2, 3, 4.
        var emb = new TrackEmbeddings(1, [1, 2, 3, 4]);
        var samples = LirdSamples.FromArrays(1, 1, [0, 1, 2], [3, 3, 2], [1, 0, 1]);
        var t = LirdGroupTable.Build(samples, emb, GroupNormalization.PerMember);
        Assert.Equal(2, t.Count);
        Assert.Equal([0f], t.Rewards(0).ToArray());
        Assert.Equal([1f], t.Rewards(1).ToArray());
        Assert.Equal(2, t.Size(1));
        // A 1-float member normalises to 1, so every mean is 1.
        Assert.Equal([1f], t.MeanState(1).ToArray());
        Assert.Equal([1f], t.MeanAction(0).ToArray());
    }
}
