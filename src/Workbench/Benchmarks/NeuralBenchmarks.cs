using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Benchmarks;

/// <summary>
/// The neural engine's benchmarks: the fp32 FMA peak of this machine (1 and all threads), SGEMM at the
/// seeds' shapes, and training updates per second of the three seed networks, shaped like the PyTorch peers
/// in <c>shared/peers/dqn_torch.py</c> and <c>ah_dqn_torch.py</c>.
/// </summary>
public sealed class NeuralBenchmarks : IBenchmarkProvider
{
    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> Cases()
    {
        yield return new("fma-peak-1t", "GFLOP/s", "fp32 FMA peak, 1 thread (12 independent Vector256 FMA chains)", () => FmaPeak(1));
        yield return new("fma-peak-2t", "GFLOP/s", $"fp32 FMA peak, {WorkerPool.MaxParallelism} threads", () => FmaPeak(WorkerPool.MaxParallelism));
        foreach (var (m, k, n) in new[] { (1000, 42, 64), (1000, 64, 64), (64, 6038, 128), (64, 128, 114_000) })
            yield return new($"sgemm-{m}x{k}x{n}", "GFLOP/s", $"C[{m}x{n}] = A[{m}x{k}] Bᵀ (forward layout), 2mnk flops", () => Gemm(m, k, n));
        yield return new("dueling-000-update", "updates/s",
            "seed 000 Dueling DQN update: CSR input 6038 wide (5 numeric + 7 one-hot), 128, 128, V+A(2), batch 64, Adam", Dueling);
        yield return new("dueling-000-faithful-loop", "updates/s",
            "seed 000's loop shape: rows in file order through a 100-transition replay, batch 64 sampled from it, Adam (the 61,290-update run)", DuelingFaithfulLoop);
        yield return new("spotify-003-update", "updates/s",
            "seed 003 DQN update: 9-128-128-114000, batch 64, target max over all outputs, gathered MSE, Adam, soft update", Spotify);
        yield return new("ah-dqn-001-update", "updates/s",
            "seed 001 AH-DQN sample: target max over 1000 songs (42-64-64-1, split first layer) + single-row Adam step", AhDqnUpdate);
        yield return new("ah-dqn-001-episode", "episodes/s",
            "seed 001 AH-DQN faithful episode: target copy + 32 samples, each a full 1000-song target max (no caching)", AhDqnEpisode);
        yield return new("dqn-001-update", "updates/s",
            "seed 001 plain DQN update: 21-64-64-1000, batch 32, target max, gathered MSE, Adam", PlainDqn);
    }

    private sealed class FmaJob(long iterations) : IParallelJob
    {
        public float Sink;

        public void Execute(int part, int parts)
        {
            var s = FmaChains(iterations);
            if (part == 0) Sink = s;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaChains(long iterations)
    {
        if (!Fma.IsSupported) return 0;
        var m = Vector256.Create(0.9999999f);
        var c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector256<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }
        var s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
        return Vector256.Sum(s);
    }

    private static BenchmarkBody FmaPeak(int threads)
    {
        const long iterations = 1_000_000;
        var job = new FmaJob(iterations);
        // 12 chains x 8 lanes x 2 flops per iteration, on every thread.
        var gflop = iterations * 12 * 8 * 2 * threads / 1e9;
        return new BenchmarkBody(() => WorkerPool.Run(job, threads), gflop);
    }

    private static BenchmarkBody Gemm(int m, int k, int n)
    {
        var rng = new Rng(1);
        var a = new float[m * k];
        var b = new float[n * k];
        var c = new float[m * n];
        for (var i = 0; i < a.Length; i++) a[i] = rng.NextSingle() - 0.5f;
        for (var i = 0; i < b.Length; i++) b[i] = rng.NextSingle() - 0.5f;
        return new BenchmarkBody(() => Sgemm.NT(m, n, k, a, b, c), 2.0 * m * n * k / 1e9);
    }

    /// <summary>One-hot group sizes that make seed 000's 6,038-wide input with 5 numeric columns in front.</summary>
    private static readonly int[] DuelingGroups = [5, 229, 5780, 3, 3, 3, 10];

    private static BenchmarkBody Dueling()
    {
        var net = new DuelingQNetwork(new DuelingQNetworkOptions(), new Rng(1));
        var rng = new Rng(2);
        const int pool = 4096, batch = 64, nnz = 12;
        // A pool of 4,096 states like the peer's, sampled 64 at a time.
        var cols = new int[pool * nnz];
        var vals = new float[pool * nnz];
        for (var r = 0; r < pool; r++)
        {
            var e = r * nnz;
            for (var j = 0; j < 5; j++) { cols[e + j] = j; vals[e + j] = (float)rng.NextGaussian(); }
            var offset = 5;
            for (var g = 0; g < DuelingGroups.Length; g++)
            {
                cols[e + 5 + g] = offset + rng.NextInt(DuelingGroups[g]);
                vals[e + 5 + g] = 1f;
                offset += DuelingGroups[g];
            }
        }
        var builder = new CsrBatchBuilder(6038, batch, nnz);
        var actions = new int[batch];
        var rewards = new float[batch];
        return new BenchmarkBody(() =>
        {
            builder.Clear();
            for (var i = 0; i < batch; i++)
            {
                var r = rng.NextInt(pool);
                builder.AddRow(cols.AsSpan(r * nnz, nnz), vals.AsSpan(r * nnz, nnz));
                actions[i] = rng.NextInt(2);
                rewards[i] = (float)rng.NextGaussian();
            }
            net.Update(builder.Build(), actions, rewards);
        }, 1);
    }

    private static BenchmarkBody DuelingFaithfulLoop()
    {
        var net = new DuelingQNetwork(new DuelingQNetworkOptions(), new Rng(1));
        var rng = new Rng(2);
        const int rows = 6129, nnz = 12, capacity = 100, batch = 64;
        // Seed 000's data layout: rows grouped by artist (~27 each), one row per track, genre by artist,
        // track_genre pasted in blocks of 1,000 rows, random explicit flags.
        var cols = new int[rows * nnz];
        var vals = new float[rows * nnz];
        for (var r = 0; r < rows; r++)
        {
            var e = r * nnz;
            for (var j = 0; j < 5; j++) { cols[e + j] = j; vals[e + j] = (float)rng.NextGaussian(); }
            var artist = Math.Min(228, r / 27);
            int[] value = [artist % 5, artist, r % 5780, rng.NextInt(3), rng.NextInt(3), rng.NextInt(3), Math.Min(9, r / 1000)];
            var offset = 5;
            for (var g = 0; g < DuelingGroups.Length; g++)
            {
                cols[e + 5 + g] = offset + value[g];
                vals[e + 5 + g] = 1f;
                offset += DuelingGroups[g];
            }
        }
        var memory = new int[capacity];
        var count = 0;
        var next = 0;
        var builder = new CsrBatchBuilder(6038, batch, nnz);
        var picks = new int[batch];
        var scratch = new int[capacity];
        var actions = new int[batch];
        var rewards = new float[batch];
        void Push()
        {
            memory[count < capacity ? count++ : next % capacity] = next % rows;
            next++;
        }
        while (count < batch) Push();
        return new BenchmarkBody(() =>
        {
            Push();
            rng.SampleWithoutReplacement(count, picks, scratch);
            builder.Clear();
            for (var i = 0; i < batch; i++)
            {
                var r = memory[picks[i]];
                builder.AddRow(cols.AsSpan(r * nnz, nnz), vals.AsSpan(r * nnz, nnz));
                actions[i] = rng.NextInt(2);
                rewards[i] = rng.NextInt(2) == 0 ? 1f : -3f;
            }
            net.Update(builder.Build(), actions, rewards);
        }, 1);
    }

    private static BenchmarkBody Spotify()
    {
        var net = new MlpQNetwork(new MlpQNetworkOptions(), new Rng(1));
        return TdBody(net, 64, 9, 114_000, new Rng(2));
    }

    private static BenchmarkBody PlainDqn()
    {
        var net = new MlpQNetwork(new MlpQNetworkOptions { Sizes = [21, 64, 64, 1000], MaxBatch = 32, Adam = new AdamOptions { LearningRate = 1e-3 }, SoftUpdateTau = 0 }, new Rng(1));
        return TdBody(net, 32, 21, 1000, new Rng(2));
    }

    private static BenchmarkBody TdBody(MlpQNetwork net, int batch, int stateSize, int actionsCount, Rng rng)
    {
        var s = new float[batch * stateSize];
        var s2 = new float[batch * stateSize];
        var a = new int[batch];
        var r = new float[batch];
        var done = new float[batch];
        return new BenchmarkBody(() =>
        {
            for (var i = 0; i < s.Length; i++) { s[i] = rng.NextSingle(); s2[i] = rng.NextSingle(); }
            for (var i = 0; i < batch; i++) { a[i] = rng.NextInt(actionsCount); r[i] = rng.NextSingle() - 0.5f; }
            net.UpdateTd(s, a, r, s2, done, 0.99f, batch);
        }, 1);
    }

    private static (ActionHeadQNetwork Net, ActionHeadQNetwork Target, float[] Songs, float[] Prefs) AhDqnSetup()
    {
        var net = new ActionHeadQNetwork(new ActionHeadQNetworkOptions(), new Rng(1));
        var target = new ActionHeadQNetwork(new ActionHeadQNetworkOptions(), new Rng(2));
        TargetUpdate.Copy(target.Parameters, net.Parameters);
        var rng = new Rng(3);
        // 1,000 songs with 1 to 6 of 21 binary tags, preferences U(0, 1)^21 (seed 001's data shape).
        var songs = new float[1000 * 21];
        for (var i = 0; i < 1000; i++)
        {
            var tags = 1 + rng.NextInt(6);
            for (var t = 0; t < tags; t++) songs[i * 21 + rng.NextInt(21)] = 1f;
        }
        var prefs = new float[21];
        for (var j = 0; j < 21; j++) prefs[j] = rng.NextSingle();
        return (net, target, songs, prefs);
    }

    private static float Reward(ReadOnlySpan<float> prefs, ReadOnlySpan<float> song) => System.Numerics.Tensors.TensorPrimitives.Dot(prefs, song);

    private static BenchmarkBody AhDqnUpdate()
    {
        var (net, target, songs, prefs) = AhDqnSetup();
        var rng = new Rng(4);
        return new BenchmarkBody(() =>
        {
            var a = rng.NextInt(1000);
            var y = Reward(prefs, songs.AsSpan(a * 21, 21)) + 0.95f * target.MaxScore(prefs, songs, 1000);
            net.UpdateSingle(prefs, songs.AsSpan(a * 21, 21), y, 1000);
        }, 1);
    }

    private static BenchmarkBody AhDqnEpisode()
    {
        var (net, target, songs, prefs) = AhDqnSetup();
        var rng = new Rng(4);
        return new BenchmarkBody(() =>
        {
            TargetUpdate.Copy(target.Parameters, net.Parameters);
            for (var i = 0; i < 32; i++)
            {
                var a = rng.NextInt(1000);
                var y = Reward(prefs, songs.AsSpan(a * 21, 21)) + 0.95f * target.MaxScore(prefs, songs, 1000);
                net.UpdateSingle(prefs, songs.AsSpan(a * 21, 21), y, 1000);
            }
        }, 1);
    }
}
