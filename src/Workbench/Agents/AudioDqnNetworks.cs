using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Workbench.Experiments;
using Workbench.Neural;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>The Q network of seed 003's DQN.</summary>
public enum AudioQNetworkKind
{
    /// <summary>
    /// The seed's: state (9) -> 128 ReLU -> 128 ReLU -> one output per track (114,000 on the real data,
    /// 14.6M weights in the last layer). Tracks share nothing: a track's Q value is learned only from
    /// transitions that chose it.
    /// </summary>
    TrackOutputs,

    /// <summary>
    /// Corrected: an action-head scorer Q(s, a) = f([s; x_a]) on the state and the track's own features
    /// (AH-DQN, seed 001's idea), so what is learned about one track carries over to similar tracks and the
    /// network's size does not grow with the catalog.
    /// </summary>
    ActionHead,
}


/// <summary>Builds the Q networks of <see cref="AudioDqnAgent"/>.</summary>
public static class AudioQNetworks
{
    /// <summary>
    /// The network <paramref name="options"/> asks for over <paramref name="catalog"/>: online and target
    /// initialised from the streams "online" and "target" of <paramref name="rng"/> (two independent
    /// initialisations, the seed's quirk, unless <see cref="AudioDqnOptions.TargetStartsAsCopy"/>).
    /// </summary>
    public static IAudioQNetwork Create(AudioFeatureMatrix catalog, AudioDqnOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        return options.Network switch
        {
            AudioQNetworkKind.TrackOutputs => new AudioDqnTrackOutputs(catalog.Dimensions, options.Hidden, catalog.Count, options.BatchSize,
                options.LearningRate, options.Tau, options.TargetStartsAsCopy, rng),
            AudioQNetworkKind.ActionHead => new AudioDqnFeatureScorer(catalog, options.ActionHeadHidden, options.BatchSize, options.LearningRate,
                options.Tau, options.TargetStartsAsCopy, rng),
            _ => throw new WorkbenchException($"unknown network {options.Network}; allowed: track-outputs, action-head"),
        };
    }
}

/// <summary>
/// Seed 003's network, d -> h ReLU -> h ReLU -> N (one output per track), on the neural engine's
/// <see cref="MlpQNetwork"/>: only the chosen outputs carry a gradient (gathered backward), and one pass over
/// the 14.6M-weight last layer computes the target max over all N outputs and applies Adam and the soft update
/// to every row, with the same floats as the unfused sequence.
/// </summary>
public sealed class AudioDqnTrackOutputs : IAudioQNetwork
{
    /// <summary>Creates online and target networks (the streams "online" and "target" of <paramref name="rng"/>).</summary>
    public AudioDqnTrackOutputs(int stateSize, int hidden, int actions, int batch, float learningRate, float tau, bool targetStartsAsCopy, Rng rng)
    {
        Network = new MlpQNetwork(new MlpQNetworkOptions
        {
            Sizes = [stateSize, hidden, hidden, actions],
            MaxBatch = batch,
            Adam = new AdamOptions { LearningRate = learningRate },
            SoftUpdateTau = tau,
            TargetStartsAsCopy = targetStartsAsCopy,
        }, rng);
    }

    /// <summary>The neural engine's network (online, target, optimizer).</summary>
    public MlpQNetwork Network { get; }

    /// <inheritdoc />
    public int Actions => Network.Outputs;

    /// <inheritdoc />
    public int StateSize => Network.Body.InputSize;

    /// <inheritdoc />
    public void Scores(ReadOnlySpan<float> state, Span<float> q) => Network.QValues(state, 1, q);

    /// <inheritdoc />
    public int Greedy(ReadOnlySpan<float> state) => Network.Greedy(state);

    /// <inheritdoc />
    public float UpdateTd(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards, ReadOnlySpan<float> nextStates,
        ReadOnlySpan<float> dones, float gamma, int batch) =>
        Network.UpdateTd(states, actions, rewards, nextStates, dones, gamma, batch);
}

/// <summary>
/// The corrected alternative: an action-head scorer Q(s, a) = w2 . relu(W1 [s; x_a] + b1) + b2 on the state
/// and the track's own features (one hidden layer of H units), so its size does not grow with the catalog.
/// Scoring the whole catalog for a state splits the first layer, W1 [s; x] = W_s s + W_x x: u = W_s s + b1
/// once per state and V = X W_x^T once per network version, then each track costs H adds, ReLUs and
/// multiply-adds.
/// </summary>
public sealed class AudioDqnFeatureScorer : IAudioQNetwork
{
    private readonly AudioFeatureMatrix _catalog;
    private readonly Sequential _net, _targetNet;
    private readonly Adam _adam;
    private readonly int _h, _d, _batch;
    private const int Lanes = 8;
    private readonly float[] _pairs, _wx, _x8, _v8;
    private readonly int _blocks;
    private readonly ScoreJob _job;
    private readonly float[] _dOut, _y, _max, _scores;
    private readonly float _tau;
    private bool _onlineVDirty = true;

    /// <summary>Creates online and target scorers from the streams "online" and "target" of <paramref name="rng"/>.</summary>
    public AudioDqnFeatureScorer(AudioFeatureMatrix catalog, int hidden, int batch, float learningRate, float tau, bool targetStartsAsCopy, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        _catalog = catalog;
        _d = catalog.Dimensions;
        _h = hidden;
        _batch = batch;
        _net = Sequential.Mlp(rng.Derive("online"), batch, [2 * _d, hidden, 1]);
        _targetNet = Sequential.Mlp(rng.Derive("target"), batch, [2 * _d, hidden, 1]);
        _adam = new Adam(_net.Parameters, new AdamOptions { LearningRate = learningRate });
        _tau = tau;
        _y = new float[batch];
        _max = new float[batch];
        _scores = new float[catalog.Count];
        if (targetStartsAsCopy) TargetUpdate.Copy(_targetNet.Parameters, _net.Parameters);
        _pairs = new float[batch * 2 * _d];
        _dOut = new float[batch];
        _job = new ScoreJob(this);
        _wx = new float[hidden * _d];
        // Tracks in blocks of 8, feature-major inside a block: X8[b][f][lane], V8[b][j][lane] (zero-padded).
        _blocks = (catalog.Count + Lanes - 1) / Lanes;
        _x8 = new float[_blocks * _d * Lanes];
        var features = catalog.Features;
        for (var a = 0; a < catalog.Count; a++)
            for (var f = 0; f < _d; f++) _x8[(a / Lanes * _d + f) * Lanes + a % Lanes] = features[a * _d + f];
        _v8 = new float[_blocks * hidden * Lanes];
    }

    /// <inheritdoc />
    public int Actions => _catalog.Count;

    /// <inheritdoc />
    public int StateSize => _d;

    /// <summary>The online scorer.</summary>
    public Sequential Online => _net;

    /// <summary>The target scorer.</summary>
    public Sequential Target => _targetNet;

    /// <inheritdoc />
    public void Scores(ReadOnlySpan<float> state, Span<float> q)
    {
        if (q.Length != Actions) throw new ArgumentException($"q has length {q.Length}; the network has {Actions} actions", nameof(q));
        if (_onlineVDirty)
        {
            TrackProducts(_net);
            _onlineVDirty = false;
        }
        StateProducts(_net, state, 1);
        ScoreAll(_net, 1, q, default);
    }

    /// <inheritdoc />
    public int Greedy(ReadOnlySpan<float> state)
    {
        Scores(state, _scores);
        return TensorPrimitives.IndexOfMax(_scores);
    }

    /// <inheritdoc />
    public float UpdateTd(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards, ReadOnlySpan<float> nextStates,
        ReadOnlySpan<float> dones, float gamma, int batch)
    {
        TargetMax(nextStates, batch, _max);
        for (var k = 0; k < batch; k++) _y[k] = rewards[k] + gamma * _max[k] * (1f - dones[k]);
        var loss = TrainChosen(states, actions, _y, batch);
        TargetUpdate.Apply(_targetNet.Parameters, _net.Parameters, _tau);
        return loss;
    }

    /// <summary>max_a Q_target(s_k, a) over the whole catalog for each of <paramref name="batch"/> states.</summary>
    public void TargetMax(ReadOnlySpan<float> states, int batch, Span<float> max)
    {
        TrackProducts(_targetNet);
        _onlineVDirty = true; // V8 now holds the target's products
        StateProducts(_targetNet, states, batch);
        ScoreAll(_targetNet, batch, default, max);
    }

    /// <summary>One Adam step on the mean squared error of Q(s_k, a_k) against <paramref name="targets"/>; returns the loss.</summary>
    public float TrainChosen(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        var x = _pairs.AsSpan(0, batch * 2 * _d);
        for (var k = 0; k < batch; k++)
        {
            states.Slice(k * _d, _d).CopyTo(x.Slice(k * 2 * _d, _d));
            _catalog.Row(actions[k]).CopyTo(x.Slice(k * 2 * _d + _d, _d));
        }
        _net.Parameters.ZeroGrad();
        var q = _net.Forward(x, batch);
        var loss = Losses.Mse(q, targets[..batch], _dOut.AsSpan(0, batch));
        _net.Backward(x, _dOut.AsSpan(0, batch));
        _adam.Step();
        _onlineVDirty = true;
        return loss;
    }

    private Linear First(Sequential net) => (Linear)net.Layers[0];

    private Linear Last(Sequential net) => (Linear)net.Layers[^1];

    /// <summary>V = X W_x^T (tracks x hidden) in the block layout, W_x the track half of the first layer.</summary>
    private void TrackProducts(Sequential net)
    {
        var w = First(net).Weight.Value;
        for (var r = 0; r < _h; r++) w.AsSpan(r * 2 * _d + _d, _d).CopyTo(_wx.AsSpan(r * _d, _d));
        for (var b = 0; b < _blocks; b++)
        {
            var x = _x8.AsSpan(b * _d * Lanes, _d * Lanes);
            for (var j = 0; j < _h; j++)
            {
                var acc = Vector256<float>.Zero;
                for (var f = 0; f < _d; f++) acc += Vector256.Create(_wx[j * _d + f]) * Vector256.Create(x.Slice(f * Lanes, Lanes));
                acc.CopyTo(_v8.AsSpan((b * _h + j) * Lanes, Lanes));
            }
        }
    }

    /// <summary>u_k = W_s s_k + b1 for <paramref name="batch"/> states, into the job's rows.</summary>
    private void StateProducts(Sequential net, ReadOnlySpan<float> states, int batch)
    {
        var first = First(net);
        var w = first.Weight.Value;
        var b = first.Bias.Value;
        for (var k = 0; k < batch; k++)
        {
            var state = states.Slice(k * _d, _d);
            for (var r = 0; r < _h; r++) _job.U[k * _h + r] = b[r] + TensorPrimitives.Dot(new ReadOnlySpan<float>(w, r * 2 * _d, _d), state);
        }
    }

    /// <summary>
    /// q_ka = b2 + sum_h w2_h relu(u_kh + V_ah) for every track a and state k, split over worker threads by track
    /// range: the scores of one state into <paramref name="q"/> (batch 1), or the max over tracks per state into
    /// <paramref name="max"/>. The arithmetic of each score does not depend on the split.
    /// </summary>
    private void ScoreAll(Sequential net, int batch, Span<float> q, Span<float> max)
    {
        var last = Last(net);
        _job.W2 = last.Weight.Value;
        _job.B2 = last.Bias.Value[0];
        _job.Batch = batch;
        _job.Q = q.IsEmpty ? null : _scores;
        var parts = (long)batch * Actions * _h >= Sgemm.ParallelThreshold ? WorkerPool.MaxParallelism : 1;
        // The pool runs the job on the caller alone (parts = 1) when another thread is using it (seeds trained in
        // parallel): the job records the split it really ran with, so stale per-part maxima are never read.
        WorkerPool.Run(_job, parts);
        if (!q.IsEmpty && !ReferenceEquals(_job.Q, null)) _scores.AsSpan(0, Actions).CopyTo(q);
        for (var k = 0; k < batch && !max.IsEmpty; k++)
        {
            var m = float.NegativeInfinity;
            for (var p = 0; p < _job.PartsRun; p++) m = Math.Max(m, _job.PartMax[p * _batch + k]);
            max[k] = m;
        }
    }

    private sealed class ScoreJob(AudioDqnFeatureScorer owner) : IParallelJob
    {
        public readonly float[] U = new float[owner._batch * owner._h];
        public readonly float[] PartMax = new float[WorkerPool.MaxParallelism * owner._batch];
        public float[] W2 = [];
        public float B2;
        public int Batch, PartsRun;
        public float[]? Q;

        /// <summary>
        /// Blocks [b0, b1) of 8 tracks: for up to 4 states at a time, acc = sum_j w2_j relu(u_kj + V8[b][j])
        /// lane-wise (one track per lane, V8 loaded once for the 4 states), then a lane-wise running max.
        /// </summary>
        public void Execute(int part, int parts)
        {
            PartsRun = parts;
            var h = owner._h;
            var n = owner.Actions;
            var blocks = owner._blocks;
            var b0 = (int)((long)blocks * part / parts);
            var b1 = (int)((long)blocks * (part + 1) / parts);
            ref var rv = ref MemoryMarshal.GetArrayDataReference(owner._v8);
            ref var ru = ref MemoryMarshal.GetArrayDataReference(U);
            ref var rw = ref MemoryMarshal.GetArrayDataReference(W2);
            var bias = Vector256.Create(B2);
            var zero = Vector256<float>.Zero;
            Span<float> lanes = stackalloc float[Lanes];
            var pm = PartMax.AsSpan(part * owner._batch, Batch);
            pm.Fill(float.NegativeInfinity);
            for (var k0 = 0; k0 < Batch; k0 += 4)
            {
                var kn = Math.Min(4, Batch - k0);
                Vector256<float> m0 = Vector256.Create(float.NegativeInfinity), m1 = m0, m2 = m0, m3 = m0;
                for (var b = b0; b < b1; b++)
                {
                    Vector256<float> a0 = zero, a1 = zero, a2 = zero, a3 = zero;
                    var vOff = (nuint)(b * h * Lanes);
                    for (var j = 0; j < h; j++)
                    {
                        var v = Vector256.LoadUnsafe(ref rv, vOff + (nuint)(j * Lanes));
                        var w = Vector256.Create(Unsafe.Add(ref rw, j));
                        a0 = MulAdd(Vector256.Max(Vector256.Create(Unsafe.Add(ref ru, k0 * h + j)) + v, zero), w, a0);
                        if (kn > 1) a1 = MulAdd(Vector256.Max(Vector256.Create(Unsafe.Add(ref ru, (k0 + 1) * h + j)) + v, zero), w, a1);
                        if (kn > 2) a2 = MulAdd(Vector256.Max(Vector256.Create(Unsafe.Add(ref ru, (k0 + 2) * h + j)) + v, zero), w, a2);
                        if (kn > 3) a3 = MulAdd(Vector256.Max(Vector256.Create(Unsafe.Add(ref ru, (k0 + 3) * h + j)) + v, zero), w, a3);
                    }
                    a0 += bias; a1 += bias; a2 += bias; a3 += bias;
                    var valid = Math.Min(Lanes, n - b * Lanes);
                    if (valid < Lanes)
                    {
                        // Padding lanes are not tracks: keep them out of the max.
                        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(valid)).AsSingle();
                        var ninf = Vector256.Create(float.NegativeInfinity);
                        a0 = Vector256.ConditionalSelect(mask, a0, ninf); a1 = Vector256.ConditionalSelect(mask, a1, ninf);
                        a2 = Vector256.ConditionalSelect(mask, a2, ninf); a3 = Vector256.ConditionalSelect(mask, a3, ninf);
                    }
                    if (Q is not null)
                    {
                        a0.CopyTo(lanes);
                        lanes[..valid].CopyTo(Q.AsSpan(b * Lanes, valid));
                    }
                    m0 = Vector256.Max(m0, a0); m1 = Vector256.Max(m1, a1); m2 = Vector256.Max(m2, a2); m3 = Vector256.Max(m3, a3);
                }
                pm[k0] = LaneMax(m0, lanes);
                if (kn > 1) pm[k0 + 1] = LaneMax(m1, lanes);
                if (kn > 2) pm[k0 + 2] = LaneMax(m2, lanes);
                if (kn > 3) pm[k0 + 3] = LaneMax(m3, lanes);
            }
        }

        private static float LaneMax(Vector256<float> m, Span<float> lanes)
        {
            m.CopyTo(lanes);
            var best = float.NegativeInfinity;
            foreach (var x in lanes) best = float.IsNaN(x) || x > best ? x : best;
            return best;
        }

        private static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> w, Vector256<float> acc) =>
            Fma.IsSupported ? Fma.MultiplyAdd(x, w, acc) : x * w + acc;
    }
}
