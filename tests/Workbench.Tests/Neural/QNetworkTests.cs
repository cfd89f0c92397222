using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

public class DuelingQNetworkTests
{
    private static readonly DuelingQNetworkOptions Small = new() { InputWidth = 40, Hidden1 = 12, Hidden2 = 10, Actions = 3, MaxBatch = 8 };

    /// <summary>Rows of 2 numerics (columns 0-1) + one-hot groups [2, 10) and [10, 40).</summary>
    private static CsrBatchBuilder Batch(Rng rng, int rows)
    {
        var b = new CsrBatchBuilder(40, rows, 4);
        for (var r = 0; r < rows; r++)
            b.AddRow([0, 1, 2 + rng.NextInt(8), 10 + rng.NextInt(30)], [(float)rng.NextGaussian(), (float)rng.NextGaussian(), 1f, 1f]);
        return b;
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var net = new DuelingQNetwork(Small, new Rng(1));
        var rng = new Rng(2);
        var batch = Batch(rng, 6);
        int[] actions = [0, 2, 1, 1, 0, 2];
        float[] y = [1f, -1f, 3f, -3f, 1f, 1f];
        var sel = new float[6];
        double Loss()
        {
            var q = net.Forward(batch.Build());
            for (var i = 0; i < 6; i++) sel[i] = q[i * 3 + actions[i]];
            return Losses.Mse(sel, y, default);
        }
        net.Gradients(batch.Build(), actions, y);
        foreach (var p in net.Parameters)
            GradCheck.Check(p.Name, Loss, p.Value, p.Grad.ToArray(), h: 1e-3f, rtol: 3e-2, atol: 2e-4, maxProbes: 80);
    }

    [Fact]
    public void LearnsABandit()
    {
        // Reward +1 for action 0 when one-hot column 2..5 is set, else +1 for action 1 (and -1 for the other).
        var net = new DuelingQNetwork(Small with { Actions = 2, Adam = new AdamOptions { LearningRate = 1e-2 } }, new Rng(3));
        var rng = new Rng(4);
        var b = new CsrBatchBuilder(40, 8, 4);
        var actions = new int[8];
        var y = new float[8];
        for (var step = 0; step < 600; step++)
        {
            b.Clear();
            for (var i = 0; i < 8; i++)
            {
                var g = rng.NextInt(8);
                b.AddRow([0, 1, 2 + g, 10 + rng.NextInt(30)], [(float)rng.NextGaussian(), (float)rng.NextGaussian(), 1f, 1f]);
                actions[i] = rng.NextInt(2);
                var good = g < 4 ? 0 : 1;
                y[i] = actions[i] == good ? 1f : -1f;
            }
            net.Update(b.Build(), actions, y);
        }
        b.Clear();
        for (var g = 0; g < 8; g++) b.AddRow([2 + g], [1f]);
        var q = net.Forward(b.Build()).ToArray();
        for (var g = 0; g < 8; g++)
        {
            var good = g < 4 ? 0 : 1;
            Assert.True(q[g * 2 + good] > 0.5f && q[g * 2 + 1 - good] < -0.5f, $"group {g}: Q = [{q[g * 2]}, {q[g * 2 + 1]}]");
        }
    }

    [Fact]
    public void SameSeedSameTrainingAndCheckpointRoundTrip()
    {
        var path = Path.Combine(Path.GetTempPath(), "wb-dueling-" + Guid.NewGuid().ToString("N")[..8] + ".wbnn");
        try
        {
            DuelingQNetwork Train(int steps, DuelingQNetwork? net = null)
            {
                net ??= new DuelingQNetwork(Small, new Rng(5));
                var rng = new Rng(6 + (ulong)net.Optimizer.StepCount);
                for (var s = 0; s < steps; s++)
                    net.Update(Batch(rng, 8).Build(), [0, 1, 2, 0, 1, 2, 0, 1], [1f, -1f, 3f, -3f, 1f, -1f, 3f, -3f]);
                return net;
            }
            var a = Train(30);
            var b = Train(30);
            for (var i = 0; i < a.Parameters.Count; i++)
            {
                a.Parameters[i].EnsureCurrent();
                b.Parameters[i].EnsureCurrent();
                Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
            }
            a.Save(path);
            var c = new DuelingQNetwork(Small, new Rng(77));
            c.Load(path);
            Train(10, a);
            Train(10, c);
            for (var i = 0; i < a.Parameters.Count; i++)
            {
                a.Parameters[i].EnsureCurrent();
                c.Parameters[i].EnsureCurrent();
                Assert.Equal(a.Parameters[i].Value, c.Parameters[i].Value);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Collection("Neural kernel thresholds")]
public class MlpQNetworkTests
{
    private static MlpQNetworkOptions Options(int outputs, int fusedFrom) => new()
    {
        Sizes = [5, 16, 12, outputs], MaxBatch = 16, SoftUpdateTau = 0.05, TargetStartsAsCopy = false,
        FusedMinOutputs = fusedFrom, Adam = new AdamOptions { LearningRate = 1e-2 },
    };

    private static (float[] S, int[] A, float[] R, float[] S2, float[] D) Batch(Rng rng, int n, int outputs)
    {
        var s = GradCheck.Random(rng, n * 5);
        var s2 = GradCheck.Random(rng, n * 5);
        var a = Enumerable.Range(0, n).Select(_ => rng.NextInt(outputs)).ToArray();
        a[1] = a[0]; // a duplicate action: its gradient rows add up
        var r = Enumerable.Range(0, n).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        var d = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 1f : 0f).ToArray();
        return (s, a, r, s2, d);
    }

    [Fact]
    public void FusedUpdateGivesTheSameFloatsAsTheUnfusedSequence()
    {
        const int outputs = 777; // not a multiple of the 64-row block
        var fused = new MlpQNetwork(Options(outputs, fusedFrom: 1), new Rng(1));
        var plain = new MlpQNetwork(Options(outputs, fusedFrom: int.MaxValue), new Rng(1));
        var rng = new Rng(2);
        var saved = Sgemm.ParallelThreshold;
        try
        {
            Sgemm.ParallelThreshold = 1; // force the two-thread split of the fused pass
            for (var step = 0; step < 6; step++)
            {
                var (s, a, r, s2, d) = Batch(rng, 16, outputs);
                var l1 = fused.UpdateTd(s, a, r, s2, d, 0.99f, 16);
                var l2 = plain.UpdateTd(s, a, r, s2, d, 0.99f, 16);
                Assert.Equal(l2, l1);
            }
        }
        finally
        {
            Sgemm.ParallelThreshold = saved;
        }
        for (var i = 0; i < fused.Parameters.Count; i++)
        {
            Assert.Equal(plain.Parameters[i].Value, fused.Parameters[i].Value);
            Assert.Equal(plain.TargetParameters[i].Value, fused.TargetParameters[i].Value);
            Assert.Equal(plain.Optimizer.FirstMoment(i).ToArray(), fused.Optimizer.FirstMoment(i).ToArray());
            Assert.Equal(plain.Optimizer.SecondMoment(i).ToArray(), fused.Optimizer.SecondMoment(i).ToArray());
        }
    }

    [Fact]
    public void StalledRowsReplayExactly()
    {
        // Rows 0-15 get gradients in steps 1-3, then rest for 400 steps (their updates fall below a quarter ulp of
        // w, so the fused pass stops touching their w, m, v), then get gradients again: the replayed moments and
        // every weight must equal the dense sequence's.
        const int outputs = 200;
        var fused = new MlpQNetwork(Options(outputs, fusedFrom: 1) with { MaxBatch = 16 }, new Rng(8));
        var plain = new MlpQNetwork(Options(outputs, fusedFrom: int.MaxValue) with { MaxBatch = 16 }, new Rng(8));
        var rng = new Rng(9);
        void Step(int firstAction)
        {
            var (s, _, r, s2, d) = Batch(rng, 16, outputs);
            var a = Enumerable.Range(firstAction, 16).ToArray();
            Assert.Equal(plain.UpdateTd(s, a, r, s2, d, 0.99f, 16), fused.UpdateTd(s, a, r, s2, d, 0.99f, 16));
        }
        for (var t = 0; t < 3; t++) Step(0);
        for (var t = 0; t < 400; t++) Step(100);
        Assert.True(fused.IsStalled(3), "row 3 should have stalled after 400 steps without gradient");
        Assert.False(fused.IsStalled(105));
        for (var t = 0; t < 3; t++) Step(0);
        Assert.False(fused.IsStalled(3));
        for (var i = 0; i < fused.Parameters.Count; i++)
        {
            Assert.Equal(plain.Parameters[i].Value, fused.Parameters[i].Value);
            Assert.Equal(plain.TargetParameters[i].Value, fused.TargetParameters[i].Value);
            Assert.Equal(plain.Optimizer.FirstMoment(i).ToArray(), fused.Optimizer.FirstMoment(i).ToArray());
            Assert.Equal(plain.Optimizer.SecondMoment(i).ToArray(), fused.Optimizer.SecondMoment(i).ToArray());
        }
    }

    [Fact]
    public void TargetMaxAndGreedyAgreeWithFullQValues()
    {
        const int outputs = 300;
        var net = new MlpQNetwork(Options(outputs, 1), new Rng(3));
        var rng = new Rng(4);
        var s = GradCheck.Random(rng, 7 * 5);
        var q = new float[7 * outputs];
        net.QValues(s, 7, q, target: true);
        var max = new float[7];
        net.TargetMax(s, 7, max);
        for (var i = 0; i < 7; i++) Assert.Equal(q.AsSpan(i * outputs, outputs).ToArray().Max(), max[i]);
        var q1 = new float[outputs];
        net.QValues(s.AsSpan(0, 5), 1, q1);
        var best = Array.IndexOf(q1, q1.Max());
        Assert.Equal(best, net.Greedy(s.AsSpan(0, 5)));
    }

    [Fact]
    public void GatheredGradientsMatchFiniteDifferences()
    {
        const int outputs = 40;
        var net = new MlpQNetwork(Options(outputs, int.MaxValue), new Rng(5));
        var rng = new Rng(6);
        var (s, a, r, _, _) = Batch(rng, 6, outputs);
        var q = new float[6 * outputs];
        var sel = new float[6];
        double Loss()
        {
            net.QValues(s, 6, q);
            for (var i = 0; i < 6; i++) sel[i] = q[i * outputs + a[i]];
            return Losses.Mse(sel, r.AsSpan(0, 6), default);
        }
        net.GatheredBackward(s, a, r, 6);
        foreach (var p in net.Parameters)
            GradCheck.Check(p.Name, Loss, p.Value, p.Grad.ToArray(), h: 1e-3f, rtol: 3e-2, atol: 2e-4, maxProbes: 120);
        // Only the chosen actions' rows of the last layer have a gradient.
        var w = net.HeadWeight;
        for (var row = 0; row < outputs; row++)
            if (!a.Take(6).Contains(row)) Assert.All(w.GradRow(row).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void StartsAsCopyWhenAsked()
    {
        var net = new MlpQNetwork(Options(50, 1) with { TargetStartsAsCopy = true }, new Rng(7));
        for (var i = 0; i < net.Parameters.Count; i++) Assert.Equal(net.Parameters[i].Value, net.TargetParameters[i].Value);
        var other = new MlpQNetwork(Options(50, 1), new Rng(7));
        Assert.NotEqual(other.Parameters[0].Value, other.TargetParameters[0].Value);
    }
}

public class ActionHeadQNetworkTests
{
    private static readonly ActionHeadQNetworkOptions Small = new() { StateSize = 4, ActionSize = 3, Hidden1 = 9, Hidden2 = 7, MaxCandidates = 50, MaxBatch = 8 };

    [Fact]
    public void SplitScoringEqualsTheConcatenatedForward()
    {
        var net = new ActionHeadQNetwork(Small, new Rng(1));
        var rng = new Rng(2);
        var s = GradCheck.Random(rng, 4);
        var cands = GradCheck.Random(rng, 50 * 3);
        var scores = new float[50];
        net.Score(s, cands, 50, scores);
        for (var c = 0; c < 50; c++) Assert.Equal(net.Q(s, cands.AsSpan(c * 3, 3)), scores[c], 5);
        Assert.Equal(scores.Max(), net.MaxScore(s, cands, 50));
        Assert.Equal(Array.IndexOf(scores, scores.Max()), net.Best(s, cands, 50));
    }

    [Fact]
    public void SingleRowGradientEqualsTheFullSeedLoss()
    {
        // Seed loss: MSE over all 50 outputs against target_f = Q(s, ·) with target_f[a] = y. FD of that full loss
        // must match the single-row gradient.
        var net = new ActionHeadQNetwork(Small, new Rng(3));
        var rng = new Rng(4);
        var s = GradCheck.Random(rng, 4);
        var cands = GradCheck.Random(rng, 50 * 3);
        const int a = 17;
        const float y = 2.5f;
        var scores = new float[50];
        net.Score(s, cands, 50, scores);
        var targetF = (float[])scores.Clone(); // held fixed: the seed's target_f values at the current parameters
        targetF[a] = y;
        double Loss()
        {
            // Only output a differs from its target; the others contribute (q_j - target_f_j)² whose derivative
            // at the current point is zero, so FD on the single term equals FD on the full loss to first order.
            var q = net.Q(s, cands.AsSpan(a * 3, 3));
            return (double)(q - y) * (q - y) / 50;
        }
        var loss = net.SingleGradients(s, cands.AsSpan(a * 3, 3), y, 50);
        Assert.Equal(Losses.Mse(scores, targetF, default), loss, 5);
        foreach (var p in net.Parameters) GradCheck.Check(p.Name, Loss, p.Value, p.Grad.ToArray(), h: 1e-3f, rtol: 3e-2, atol: 1e-5);
    }

    [Fact]
    public void BatchedUpdateGradients()
    {
        var net = new ActionHeadQNetwork(Small, new Rng(5));
        var rng = new Rng(6);
        var s = GradCheck.Random(rng, 8 * 4);
        var act = GradCheck.Random(rng, 8 * 3);
        var y = GradCheck.Random(rng, 8);
        var before = net.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var l0 = net.Update(s, act, y, 8);
        // One Adam step of lr 1e-3 moves each parameter by at most about lr (|m̂/√v̂| ≤ 1 at step 1).
        for (var i = 0; i < before.Length; i++)
        for (var j = 0; j < before[i].Length; j++)
            Assert.InRange(Math.Abs(net.Parameters[i].Value[j] - before[i][j]), 0, 1.01e-3);
        var l1 = net.Update(s, act, y, 8);
        Assert.True(l1 < l0, $"loss should decrease on the same batch: {l0} -> {l1}");
    }
}
