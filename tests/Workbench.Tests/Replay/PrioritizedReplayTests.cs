using Workbench.Replay;
using Workbench.Training;

namespace Workbench.Tests.Replay;

public class PrioritizedReplayTests
{
    [Fact]
    public void SumTreeFindsPrefixSumsByHand()
    {
        // Leaves 1, 2, 3, 4 (total 10): ranges [0,1) -> 0, [1,3) -> 1, [3,6) -> 2, [6,10) -> 3.
        var t = new SumTree(4);
        for (var i = 0; i < 4; i++) t.Set(i, i + 1);
        Assert.Equal(10, t.Total);
        Assert.Equal(1, t.Min);
        (double Mass, int Leaf)[] cases = [(0, 0), (0.99, 0), (1, 1), (2.99, 1), (3, 2), (5.99, 2), (6, 3), (9.99, 3), (10, 3)];
        foreach (var (m, leaf) in cases) Assert.Equal(leaf, t.Find(m));
        t.Set(2, 0.5); // 1, 2, 0.5, 4: total 7.5, [3, 3.5) -> 2
        Assert.Equal(7.5, t.Total);
        Assert.Equal(0.5, t.Min);
        Assert.Equal(2, t.Find(3.2));
        Assert.Equal(3, t.Find(3.5));
    }

    [Fact]
    public void SumTreeWithNonPowerOfTwoCapacityIgnoresUnsetLeaves()
    {
        var t = new SumTree(5);
        t.Set(0, 2);
        t.Set(1, 3);
        Assert.Equal(5, t.Total);
        Assert.Equal(2, t.Min);
        Assert.Equal(1, t.Find(4.999999));
        Assert.Equal(1, t.Find(5)); // rounding past the end resolves to the last positive leaf
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Set(5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Set(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Set(0, double.NaN));
    }

    [Fact]
    public void SamplesProportionallyToPriority()
    {
        var b = new PrioritizedReplayBuffer(4, 1, alpha: 1, priorityEpsilon: 1e-9);
        for (var i = 0; i < 4; i++) b.Add([i], i, 0, [i], false);
        // Priorities |delta| + eps = 1, 2, 3, 4 (alpha 1): P = 0.1, 0.2, 0.3, 0.4.
        b.UpdatePriorities([0, 1, 2, 3], [1f, -2f, 3f, 4f]);
        Assert.Equal(0.3, b.Probability(2), 9);
        var counts = new int[4];
        var batch = new ReplayBatch(10, 1);
        var rng = new Rng(5);
        for (var round = 0; round < 2000; round++)
        {
            b.Sample(rng, batch, beta: 0.5);
            foreach (var i in batch.Indices) counts[i]++;
        }
        // 20,000 draws: expected 2,000 / 4,000 / 6,000 / 8,000 (stratified, so tighter than binomial).
        Assert.InRange(counts[0], 1800, 2200);
        Assert.InRange(counts[1], 3750, 4250);
        Assert.InRange(counts[2], 5700, 6300);
        Assert.InRange(counts[3], 7700, 8300);
        for (var i = 0; i < batch.Size; i++) Assert.Equal(batch.Indices[i], batch.Actions[i]);
    }

    [Fact]
    public void ImportanceWeightsByHand()
    {
        var b = new PrioritizedReplayBuffer(2, 1, alpha: 1, priorityEpsilon: 1e-12);
        b.Add([0f], 0, 0, [0f], false);
        b.Add([1f], 1, 0, [1f], false);
        b.UpdatePriorities([0, 1], [1f, 3f]);
        // P = 0.25, 0.75; N = 2, beta = 1: w = 1 / (2 * 0.25) = 2 and 1 / (2 * 0.75) = 2/3; max w = 2
        // (the smallest priority), so normalised weights are 1 and 1/3.
        var batch = new ReplayBatch(8, 1);
        b.Sample(new Rng(1), batch, beta: 1);
        for (var i = 0; i < batch.Size; i++)
            Assert.Equal(batch.Indices[i] == 0 ? 1f : 1f / 3, batch.Weights[i], 5);
        Assert.Contains(0, batch.Indices);
        Assert.Contains(1, batch.Indices);
    }

    [Fact]
    public void NewTransitionsGetTheMaximumPriorityAndAlphaZeroIsUniform()
    {
        var b = new PrioritizedReplayBuffer(3, 1, alpha: 0.5);
        b.Add([0f], 0, 0, [0f], false);
        b.UpdatePriorities([0], [8f]); // p = 8 + 1e-6
        b.Add([1f], 1, 0, [1f], false); // gets max priority 8.000001
        Assert.Equal(0.5, b.Probability(1), 9);
        Assert.Equal(8 + 1e-6, b.MaxPriority, 12);

        var u = new PrioritizedReplayBuffer(3, 1, alpha: 0);
        for (var i = 0; i < 3; i++) u.Add([i], i, 0, [i], false);
        u.UpdatePriorities([0, 1, 2], [0f, 100f, 5f]);
        Assert.Equal(1.0 / 3, u.Probability(1), 12);
    }

    [Fact]
    public void BadTdErrorsAreRejected()
    {
        var b = new PrioritizedReplayBuffer(3, 1);
        b.Add([0f], 0, 0, [0f], false);
        Assert.Throws<ArgumentException>(() => b.UpdatePriorities([0], [float.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.UpdatePriorities([2], [1f]));
        Assert.Throws<ArgumentException>(() => b.UpdatePriorities([0, 0], [1f]));
    }

    [Fact]
    public void PrioritizedSamplingDoesNotAllocate()
    {
        var b = new PrioritizedReplayBuffer(256, 4);
        var s = new float[4];
        for (var i = 0; i < 256; i++) b.Add(s, 0, 1, s, false);
        var batch = new ReplayBatch(32, 4);
        var td = new float[32];
        var rng = new Rng(3);
        b.Sample(rng, batch, 0.4);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            b.Sample(rng, batch, 0.4);
            b.UpdatePriorities(batch.Indices, td);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
