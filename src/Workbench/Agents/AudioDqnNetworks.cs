using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private readonly float[] _pairs, _wx, _v;
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
        _v = new float[catalog.Count * hidden];
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
        _onlineVDirty = true; // _v now holds the target's products
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

    /// <summary>V = X W_x^T (tracks x hidden), W_x the track half of the first layer.</summary>
    private void TrackProducts(Sequential net)
    {
        var w = First(net).Weight.Value;
        for (var r = 0; r < _h; r++) w.AsSpan(r * 2 * _d + _d, _d).CopyTo(_wx.AsSpan(r * _d, _d));
        Sgemm.NT(_catalog.Count, _h, _d, _catalog.Features, _wx, _v);
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
        _job.PartsRun = Math.Min(parts, WorkerPool.MaxParallelism);
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

        public void Execute(int part, int parts)
        {
            var n = owner.Actions;
            var h = owner._h;
            var a0 = (int)((long)n * part / parts);
            var a1 = (int)((long)n * (part + 1) / parts);
            var pm = PartMax.AsSpan(part * owner._batch, Batch);
            pm.Fill(float.NegativeInfinity);
            ref var rv = ref MemoryMarshal.GetArrayDataReference(owner._v);
            var vec = Vector256.IsHardwareAccelerated && h % 8 == 0;
            for (var a = a0; a < a1; a++)
            {
                var off = a * h;
                for (var k = 0; k < Batch; k++)
                {
                    float s;
                    if (vec)
                    {
                        var acc = Vector256<float>.Zero;
                        for (var j = 0; j < h; j += 8)
                        {
                            var z = Vector256.Create(U.AsSpan(k * h + j, 8)) + Vector256.LoadUnsafe(ref rv, (nuint)(off + j));
                            acc += Vector256.Max(z, Vector256<float>.Zero) * Vector256.Create(W2.AsSpan(j, 8));
                        }
                        s = B2 + Vector256.Sum(acc);
                    }
                    else
                    {
                        s = B2;
                        for (var j = 0; j < h; j++) s += W2[j] * MathF.Max(0f, U[k * h + j] + owner._v[off + j]);
                    }
                    if (Q is not null) Q[a] = s;
                    if (s > pm[k] || float.IsNaN(s)) pm[k] = s;
                }
            }
        }
    }
}
