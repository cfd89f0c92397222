using Workbench.Replay;
using Workbench.Training;

namespace Workbench.Tests.Replay;

public class ReplayBufferTests
{
    private static float[] S(float v, int dim = 2) => Enumerable.Repeat(v, dim).ToArray();

    [Fact]
    public void RingOverwritesTheOldest()
    {
        var b = new ReplayBuffer(3, 2);
        for (var i = 0; i < 5; i++) b.Add(S(i), i * 10, i, S(i + 0.5f), done: i % 2 == 0);
        // Transitions 0..4 into 3 slots: slot 0 <- 3, slot 1 <- 4, slot 2 <- 2.
        Assert.Equal(3, b.Count);
        Assert.Equal(5, b.TotalAdded);
        Assert.Equal(2, b.Position);
        Assert.Equal(30, b.Action(0));
        Assert.Equal(40, b.Action(1));
        Assert.Equal(20, b.Action(2));
        Assert.Equal([4f, 4f], b.State(1).ToArray());
        Assert.Equal([4.5f, 4.5f], b.NextState(1).ToArray());
        Assert.True(b.Done(2));
        Assert.False(b.Done(0));
        // Deque order: oldest is transition 2 (slot 2), then 3 (slot 0), then 4 (slot 1).
        Assert.Equal([2, 0, 1], new[] { b.Slot(0), b.Slot(1), b.Slot(2) });
    }

    [Fact]
    public void SlotOrderBeforeFullIsInsertionOrder()
    {
        var b = new ReplayBuffer(5, 1);
        b.Add(S(0, 1), 0, 0, S(0, 1), false);
        b.Add(S(1, 1), 1, 0, S(1, 1), false);
        Assert.Equal(1, b.Slot(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Slot(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.State(2));
    }

    [Fact]
    public void GatherCopiesEveryField()
    {
        var b = new ReplayBuffer(4, 2, actionDim: 3);
        for (var i = 0; i < 4; i++) b.Add(S(i), [i, i + 1, i + 2], -i, S(10 + i), i == 3);
        var batch = new ReplayBatch(2, 2, 3);
        b.Gather([3, 1], batch);
        Assert.Equal([3, 1], batch.Indices);
        Assert.Equal([3f, 3f, 1f, 1f], batch.States);
        Assert.Equal([13f, 13f, 11f, 11f], batch.NextStates);
        Assert.Equal([3f, 4f, 5f, 1f, 2f, 3f], batch.ActionVectors);
        Assert.Equal([-3f, -1f], batch.Rewards);
        Assert.Equal([1f, 0f], batch.Dones);
        Assert.Equal([1f, 2f, 3f], batch.ActionVector(1).ToArray());
    }

    [Fact]
    public void UniformSamplingIsUniformAndSeeded()
    {
        var b = new ReplayBuffer(10, 1);
        for (var i = 0; i < 10; i++) b.Add(S(i, 1), i, i, S(i, 1), false);
        var counts = new int[10];
        var idx = new int[50];
        var rng = new Rng(7);
        for (var round = 0; round < 1000; round++)
        {
            b.SampleIndices(rng, idx);
            foreach (var i in idx) counts[i]++;
        }
        // 50,000 draws over 10 slots: 5,000 each, sd sqrt(50000 * 0.1 * 0.9) = 67; allow 5 sd.
        Assert.All(counts, c => Assert.InRange(c, 4665, 5335));
        var a = new int[8];
        var c2 = new int[8];
        b.SampleIndices(new Rng(3), a);
        b.SampleIndices(new Rng(3), c2);
        Assert.Equal(a, c2);
    }

    [Fact]
    public void DistinctSamplingHasNoRepeatsAndCoversAllSlots()
    {
        var b = new ReplayBuffer(6, 1);
        for (var i = 0; i < 6; i++) b.Add(S(i, 1), i, i, S(i, 1), false);
        var rng = new Rng(1);
        var idx = new int[6];
        b.SampleDistinct(rng, idx);
        Assert.Equal([0, 1, 2, 3, 4, 5], idx.Order());
        Assert.Throws<InvalidOperationException>(() => b.SampleDistinct(rng, new int[7]));
        var batch = new ReplayBatch(4, 1);
        b.Sample(rng, batch, distinct: true);
        Assert.Equal(4, batch.Indices.Distinct().Count());
        Assert.All(batch.Weights, w => Assert.Equal(1f, w));
        // Each row's data belongs to its slot.
        for (var i = 0; i < 4; i++) Assert.Equal(batch.Indices[i], batch.Actions[i]);
    }

    [Fact]
    public void SamplingDoesNotAllocate()
    {
        var b = new ReplayBuffer(1000, 8);
        var s = new float[8];
        for (var i = 0; i < 1000; i++) b.Add(s, i % 4, 1, s, false);
        var batch = new ReplayBatch(64, 8);
        var rng = new Rng(2);
        b.Sample(rng, batch);
        b.Sample(rng, batch, distinct: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            b.Sample(rng, batch);
            b.Sample(rng, batch, distinct: true);
            b.Add(s, 1, 0, s, true);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WrongShapesAreRejected()
    {
        var b = new ReplayBuffer(3, 2);
        Assert.Throws<ArgumentException>(() => b.Add(S(0, 3), 0, 0, S(0), false));
        Assert.Throws<ArgumentException>(() => b.Add(S(0), 0, 0, S(0, 1), false));
        Assert.Throws<InvalidOperationException>(() => b.Add(S(0), [1f], 0, S(0), false));
        Assert.Throws<InvalidOperationException>(() => b.SampleIndices(new Rng(1), new int[1]));
        b.Add(S(0), 0, 0, S(0), false);
        Assert.Throws<ArgumentException>(() => b.Gather([0], new ReplayBatch(1, 3)));
        var v = new ReplayBuffer(3, 2, 2);
        Assert.Throws<InvalidOperationException>(() => v.Add(S(0), 1, 0, S(0), false));
        Assert.Throws<ArgumentException>(() => v.Add(S(0), [1f], 0, S(0), false));
    }
}
