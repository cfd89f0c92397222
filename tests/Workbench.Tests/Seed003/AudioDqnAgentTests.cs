using Workbench.Agents;
using Workbench.Experiments;
using Workbench.Neural;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed003;

public class AudioDqnAgentTests
{
    private static AudioFeatureMatrix RandomCatalog(int n, int d, int seed)
    {
        var rng = new Rng(seed);
        var f = new float[n * d];
        for (var i = 0; i < f.Length; i++) f[i] = rng.NextSingle();
        return new AudioFeatureMatrix(f, Enumerable.Range(0, d).Select(j => "f" + j).ToArray(), Enumerable.Range(0, n).Select(i => "t" + i).ToArray(), "test");
    }

    private static float[][] Values(ParameterSet p, params string[] names) => names.Select(n => p[n].Value.ToArray()).ToArray();

    [Theory]
    [InlineData(6)]    // the unfused path
    [InlineData(5000)] // wide outputs: the fused target-max / Adam / soft-update pass
    public void Faithful_updates_match_a_dense_double_precision_reference(int n)
    {
        // n tracks, 3 features, hidden 4, batch 4: three updates on a growing buffer, sampled exactly as the agent samples.
        const int d = 3, h = 4, batch = 4;
        var catalog = RandomCatalog(n, d, 11);
        var options = new AudioDqnOptions { Hidden = h, BatchSize = batch, BufferCapacity = 16, LearningRate = 0.01f, Tau = 0.1f, Gamma = 0.9f };
        var network = new AudioDqnTrackOutputs(d, h, n, batch, options.LearningRate, options.Tau, targetStartsAsCopy: false, new Rng(1));
        var agent = new AudioDqnAgent(network, options, new Rng(5));
        var w = new[] { "fc1.weight", "fc2.weight", "fc3.weight" };
        var b = new[] { "fc1.bias", "fc2.bias", "fc3.bias" };
        var naive = new NaiveAudioDqn([d, h, h, n], Values(network.Network.Parameters, w), Values(network.Network.Parameters, b),
            Values(network.Network.TargetParameters, w), Values(network.Network.TargetParameters, b));
        Assert.NotEqual(naive.W[2], naive.TW[2]); // faithful: the target is an independent initialisation

        var rng = new Rng(99);
        var all = new List<(float[] S, int A, float R, float[] S2, bool Done)>();
        var sampler = new Rng(5).Derive("replay"); // the agent's replay stream
        var mirror = new Workbench.Replay.ReplayBuffer(16, d);
        foreach (var added in new[] { 4, 1, 2 })
        {
            for (var i = 0; i < added; i++)
            {
                var t = (catalog.Row(rng.NextInt(n)).ToArray(), rng.NextInt(n), rng.NextSingle() - 0.5f, catalog.Row(rng.NextInt(n)).ToArray(), rng.NextInt(3) == 0);
                all.Add(t);
                agent.Store(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5); // store only: the updates are called by hand below
                mirror.Add(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5);
            }
            var idx = new int[batch];
            mirror.SampleDistinct(sampler, idx); // the same distinct draws the agent makes
            var s = idx.SelectMany(i => all[i].S).ToArray();
            var s2 = idx.SelectMany(i => all[i].S2).ToArray();
            var expectedLoss = naive.Update(s, idx.Select(i => all[i].A).ToArray(), idx.Select(i => all[i].R).ToArray(), s2,
                idx.Select(i => all[i].Done).ToArray(), options.Gamma, options.LearningRate, options.Tau);
            var loss = agent.Update();
            Assert.Equal(expectedLoss, loss, 4);
            for (var l = 0; l < 3; l++)
            {
                AssertClose(naive.W[l], network.Network.Parameters[w[l]].Value);
                AssertClose(naive.B[l], network.Network.Parameters[b[l]].Value);
                AssertClose(naive.TW[l], network.Network.TargetParameters[w[l]].Value);
                AssertClose(naive.TB[l], network.Network.TargetParameters[b[l]].Value);
            }
        }
        Assert.Equal(3, agent.Updates);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.Abs(expected[i]), $"index {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Target_max_and_scores_cover_every_output()
    {
        // 2,500 outputs: two full blocks of 1,024 and a partial one.
        const int n = 2500, d = 9, h = 8;
        var catalog = RandomCatalog(n, d, 3);
        var network = new AudioDqnTrackOutputs(d, h, n, 5, 5e-4f, 1e-3f, targetStartsAsCopy: false, new Rng(2));
        var p = network.Network.TargetParameters;
        var sizes = new[] { d, h, h, n };
        var tw = new[] { "fc1.weight", "fc2.weight", "fc3.weight" }.Select(x => p[x].Value.Select(v => (double)v).ToArray()).ToArray();
        var tb = new[] { "fc1.bias", "fc2.bias", "fc3.bias" }.Select(x => p[x].Value.Select(v => (double)v).ToArray()).ToArray();
        var states = new float[5 * d];
        for (var i = 0; i < states.Length; i++) states[i] = (i * 37 % 11) / 11f;
        var max = new float[5];
        network.Network.TargetMax(states, 5, max);
        for (var k = 0; k < 5; k++)
            Assert.Equal(NaiveAudioDqn.Forward(sizes, tw, tb, states.AsSpan(k * d, d))[3].Max(), max[k], 1e-5);

        var o = network.Network.Parameters;
        var ow = new[] { "fc1.weight", "fc2.weight", "fc3.weight" }.Select(x => o[x].Value.Select(v => (double)v).ToArray()).ToArray();
        var ob = new[] { "fc1.bias", "fc2.bias", "fc3.bias" }.Select(x => o[x].Value.Select(v => (double)v).ToArray()).ToArray();
        var q = new float[n];
        network.Scores(states.AsSpan(0, d), q);
        var expected = NaiveAudioDqn.Forward(sizes, ow, ob, states.AsSpan(0, d))[3];
        for (var j = 0; j < n; j++) Assert.Equal(expected[j], q[j], 1e-5);
    }

    [Theory]
    [InlineData(300, 1)]    // one thread
    [InlineData(40003, 6)]  // above the parallel threshold (6 x 40,003 x 16 multiply-adds) (split over worker threads), a partial last block, a partial group of states
    public void Action_head_scores_and_target_max_match_the_pairwise_network(int n, int batch)
    {
        const int d = 4;
        var catalog = RandomCatalog(n, d, 8);
        var net = new AudioDqnFeatureScorer(catalog, hidden: 16, batch: batch, learningRate: 1e-3f, tau: 1e-3f, targetStartsAsCopy: false, new Rng(6));
        var states = new float[batch * d];
        for (var i = 0; i < states.Length; i++) states[i] = (i * 7 % 10) / 10f;
        var q = new float[n];
        net.Scores(states.AsSpan(0, d), q);
        var max = new float[batch];
        net.TargetMax(states, batch, max);
        var pair = new float[2 * d];
        for (var k = 0; k < batch; k++)
        {
            var tmax = float.NegativeInfinity;
            for (var a = 0; a < n; a++)
            {
                states.AsSpan(k * d, d).CopyTo(pair);
                catalog.Row(a).CopyTo(pair.AsSpan(d));
                if (k == 0) Assert.Equal(net.Online.Forward(pair, 1)[0], q[a], 1e-5);
                tmax = Math.Max(tmax, net.Target.Forward(pair, 1)[0]);
            }
            Assert.Equal(tmax, max[k], 1e-5);
        }
    }

    private sealed class BlockingJob : IParallelJob
    {
        public readonly ManualResetEventSlim Entered = new(), Release = new();

        public void Execute(int part, int parts)
        {
            if (part != 0) return;
            Entered.Set();
            Release.Wait();
        }
    }

    [Fact]
    public void Target_max_is_the_same_when_the_worker_pool_is_busy()
    {
        // Seeds trained in parallel share the pool: a call that finds it busy runs on its thread alone. The scorer
        // once read the other part's maximum left over from the previous call then (runs differed from run to run).
        const int d = 4, batch = 6, n = 40003; // 6 x 40,003 x 16 multiply-adds: above Sgemm.ParallelThreshold
        var catalog = RandomCatalog(n, d, 9);
        var net = new AudioDqnFeatureScorer(catalog, hidden: 16, batch: batch, learningRate: 1e-3f, tau: 1e-3f, targetStartsAsCopy: false, new Rng(7));
        var low = new float[batch * d];
        var high = new float[batch * d];
        for (var i = 0; i < high.Length; i++) (low[i], high[i]) = (-(i % 5) / 10f, 3f + i % 7);
        var expectedLow = new float[batch];
        var expectedHigh = new float[batch];
        net.TargetMax(low, batch, expectedLow);
        net.TargetMax(high, batch, expectedHigh);
        Assert.NotEqual(expectedLow, expectedHigh);

        var blocker = new BlockingJob();
        var holder = new Thread(() => WorkerPool.Run(blocker, 2));
        holder.Start();
        blocker.Entered.Wait();
        try
        {
            foreach (var (states, expected) in new[] { (high, expectedHigh), (low, expectedLow), (high, expectedHigh) })
            {
                var max = new float[batch];
                net.TargetMax(states, batch, max);
                Assert.Equal(expected, max);
            }
        }
        finally
        {
            blocker.Release.Set();
            holder.Join();
        }
        var again = new float[batch];
        net.TargetMax(low, batch, again);
        Assert.Equal(expectedLow, again);
    }

    [Fact]
    public void Target_starts_as_a_copy_when_asked()
    {
        var catalog = RandomCatalog(10, 3, 1);
        var options = new AudioDqnOptions { Hidden = 4, BatchSize = 2, BufferCapacity = 8, TargetStartsAsCopy = true };
        var agent = new AudioDqnAgent(catalog, options, new Rng(1));
        var net = ((AudioDqnTrackOutputs)agent.Network).Network;
        for (var i = 0; i < net.Parameters.Count; i++)
            Assert.Equal(net.Parameters[i].Value, net.TargetParameters[i].Value);
    }

    [Fact]
    public void Greedy_respects_the_mask_and_exploration_is_seeded()
    {
        var catalog = RandomCatalog(50, 3, 2);
        var options = new AudioDqnOptions { Hidden = 4, BatchSize = 2, BufferCapacity = 8 };
        var agent = new AudioDqnAgent(catalog, options, new Rng(3));
        var state = catalog.Row(0).ToArray();
        var best = agent.Greedy(state);
        Assert.NotEqual(best, agent.Greedy(state, a => a == best));
        Assert.Equal(best, agent.Act(state, epsilon: 0));
        int[] Random(int seed)
        {
            var ag = new AudioDqnAgent(catalog, options, new Rng(seed));
            return Enumerable.Range(0, 30).Select(_ => ag.Act(state, epsilon: 1, a => a % 2 == 0)).ToArray();
        }
        Assert.Equal(Random(4), Random(4));
        Assert.All(Random(4), a => Assert.Equal(1, a % 2));
    }
}
