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
    /// initialisations; the agent copies online into target when the options say so).
    /// </summary>
    public static IAudioQNetwork Create(AudioFeatureMatrix catalog, AudioDqnOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        return options.Network switch
        {
            AudioQNetworkKind.TrackOutputs => new TrackOutputQNetwork(catalog.Dimensions, options.Hidden, catalog.Count, options.BatchSize,
                options.LearningRate, rng),
            AudioQNetworkKind.ActionHead => new ActionHeadQNetwork(catalog, options.ActionHeadHidden, options.BatchSize, options.LearningRate, rng),
            _ => throw new WorkbenchException($"unknown network {options.Network}; allowed: track-outputs, action-head"),
        };
    }
}

/// <summary>
/// Seed 003's network, d -> h ReLU -> h ReLU -> N (PyTorch's default Linear initialisation), with a training
/// step that touches only the chosen outputs: the loss depends on output a_k of row k alone, so the last
/// layer's gradient is nonzero only in rows a_k (dW3[a_k] += dq_k h_k, db3[a_k] += dq_k) and the hidden
/// layers receive dh_k = dq_k W3[a_k]. Adam then steps every parameter (rows without gradient still move
/// while their first moment is nonzero), exactly as dense PyTorch Adam does. The target max keeps the
/// arithmetic of max_j (W3' h'_k + b3')_j over all N outputs, computed in blocks of rows without storing
/// the B x N matrix.
/// </summary>
public sealed class TrackOutputQNetwork : IAudioQNetwork
{
    private const int Block = 1024;
    private readonly Sequential _hidden, _targetHidden;
    private readonly Parameter _w3, _b3, _tw3, _tb3;
    private readonly ParameterSet _online, _target;
    private readonly Adam _adam;
    private readonly float[] _q, _dq, _dh, _block, _h1;
    private readonly int _batch;

    /// <summary>Creates online and target networks from the streams "online" and "target" of <paramref name="rng"/>.</summary>
    public TrackOutputQNetwork(int stateSize, int hidden, int actions, int batch, float learningRate, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        StateSize = stateSize;
        Hidden = hidden;
        Actions = actions;
        _batch = batch;
        (_hidden, _w3, _b3) = Build(rng.Derive("online"), stateSize, hidden, actions, batch);
        (_targetHidden, _tw3, _tb3) = Build(rng.Derive("target"), stateSize, hidden, actions, batch);
        _online = new ParameterSet(_hidden.Parameters.Append(_w3).Append(_b3));
        _target = new ParameterSet(_targetHidden.Parameters.Append(_tw3).Append(_tb3));
        _adam = new Adam(_online, new AdamOptions { LearningRate = learningRate });
        _q = new float[batch];
        _dq = new float[batch];
        _dh = new float[batch * hidden];
        _block = new float[batch * Block];
        _h1 = new float[hidden];
    }

    private static (Sequential Hidden, Parameter W, Parameter B) Build(Rng rng, int d, int h, int n, int batch)
    {
        // PyTorch order: fc1.weight, fc1.bias, fc2.weight, fc2.bias, fc3.weight, fc3.bias.
        var hiddenPart = Sequential.Mlp(rng, batch, [d, h, h], ActivationKind.ReLU, ActivationKind.ReLU);
        var w = new Parameter("fc3.weight", n, h, rowSparseGradient: true);
        var b = new Parameter("fc3.bias", n, 1, rowSparseGradient: true);
        Linear.InitUniform(w.Value, h, rng);
        Linear.InitUniform(b.Value, h, rng);
        return (hiddenPart, w, b);
    }

    /// <inheritdoc />
    public int Actions { get; }

    /// <inheritdoc />
    public int StateSize { get; }

    /// <summary>Hidden units per hidden layer.</summary>
    public int Hidden { get; }

    /// <summary>The online parameters (fc1, fc2, fc3 weights and biases).</summary>
    public ParameterSet OnlineParameters
    {
        get
        {
            _online.EnsureCurrent();
            return _online;
        }
    }

    /// <summary>The target parameters.</summary>
    public ParameterSet TargetParameters => _target;

    /// <summary>The optimizer.</summary>
    public Adam Optimizer => _adam;

    /// <inheritdoc />
    public void Scores(ReadOnlySpan<float> state, Span<float> q)
    {
        if (q.Length != Actions) throw new ArgumentException($"q has length {q.Length}; the network has {Actions} actions", nameof(q));
        _online.EnsureCurrent();
        var h = _hidden.Forward(state, 1);
        var w = _w3.Value;
        var b = _b3.Value;
        for (var j = 0; j < Actions; j++)
            q[j] = b[j] + TensorPrimitives.Dot(new ReadOnlySpan<float>(w, j * Hidden, Hidden), h);
    }

    /// <inheritdoc />
    public void TargetMax(ReadOnlySpan<float> states, int batch, Span<float> max)
    {
        if (max.Length < batch) throw new ArgumentException("max is shorter than the batch", nameof(max));
        var h = _targetHidden.Forward(states, batch);
        max[..batch].Fill(float.NegativeInfinity);
        var w = _tw3.Value;
        var bias = _tb3.Value;
        for (var j0 = 0; j0 < Actions; j0 += Block)
        {
            var nb = Math.Min(Block, Actions - j0);
            var c = _block.AsSpan(0, batch * nb);
            for (var k = 0; k < batch; k++) bias.AsSpan(j0, nb).CopyTo(c.Slice(k * nb, nb));
            Sgemm.NT(batch, nb, Hidden, h, w.AsSpan(j0 * Hidden, nb * Hidden), c, accumulate: true);
            for (var k = 0; k < batch; k++)
            {
                var m = TensorPrimitives.Max(c.Slice(k * nb, nb));
                if (m > max[k] || float.IsNaN(m)) max[k] = m;
            }
        }
    }

    /// <inheritdoc />
    public float TrainChosen(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int batch)
    {
        if (batch > _batch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be at most {_batch}");
        var hd = Hidden;
        _online.ZeroGrad();
        var rows = actions[..batch];
        _w3.EnsureCurrent(rows);
        _b3.EnsureCurrent(rows);
        var h = _hidden.Forward(states, batch);
        var w = _w3.Value;
        var b = _b3.Value;
        for (var k = 0; k < batch; k++)
            _q[k] = b[rows[k]] + TensorPrimitives.Dot(new ReadOnlySpan<float>(w, rows[k] * hd, hd), h.Slice(k * hd, hd));
        var loss = Losses.Mse(_q.AsSpan(0, batch), targets[..batch], _dq.AsSpan(0, batch));
        for (var k = 0; k < batch; k++)
        {
            var a = rows[k];
            _w3.MarkTouched(a);
            _b3.MarkTouched(a);
            var wRow = new ReadOnlySpan<float>(w, a * hd, hd);
            // dh_k = dq_k W3[a_k], read before the optimizer moves W3
            TensorPrimitives.Multiply(wRow, _dq[k], _dh.AsSpan(k * hd, hd));
            // dW3[a_k] += dq_k h_k ; db3[a_k] += dq_k
            TensorPrimitives.MultiplyAdd(h.Slice(k * hd, hd), _dq[k], _w3.GradRow(a), _w3.GradRow(a));
            _b3.Grad[a] += _dq[k];
        }
        _hidden.Backward(states[..(batch * StateSize)], _dh.AsSpan(0, batch * hd));
        _adam.Step();
        return loss;
    }

    /// <inheritdoc />
    public void SoftUpdateTarget(float tau) => TargetUpdate.Apply(_target, _online, tau);

    /// <inheritdoc />
    public void CopyToTarget() => TargetUpdate.Copy(_target, _online);
}

/// <summary>
/// The corrected alternative: an action-head scorer Q(s, a) = w2 . relu(W1 [s; x_a] + b1) + b2 on the state
/// and the track's own features (one hidden layer of H units), so its size does not grow with the catalog.
/// Scoring the whole catalog for a state splits the first layer, W1 [s; x] = W_s s + W_x x: u = W_s s + b1
/// once per state and V = X W_x^T once per network version, then each track costs H adds, ReLUs and
/// multiply-adds.
/// </summary>
public sealed class ActionHeadQNetwork : IAudioQNetwork
{
    private readonly AudioFeatureMatrix _catalog;
    private readonly Sequential _net, _targetNet;
    private readonly Adam _adam;
    private readonly int _h, _d, _batch;
    private readonly float[] _pairs, _u, _wx, _v;
    private readonly float[] _dOut;
    private bool _onlineVDirty = true;

    /// <summary>Creates online and target scorers from the streams "online" and "target" of <paramref name="rng"/>.</summary>
    public ActionHeadQNetwork(AudioFeatureMatrix catalog, int hidden, int batch, float learningRate, Rng rng)
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
        _pairs = new float[batch * 2 * _d];
        _dOut = new float[batch];
        _u = new float[hidden];
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
        StateProduct(_net, state);
        ScoreAll(_net, q, out _);
    }

    /// <inheritdoc />
    public void TargetMax(ReadOnlySpan<float> states, int batch, Span<float> max)
    {
        TrackProducts(_targetNet);
        _onlineVDirty = true; // _v now holds the target's products
        for (var k = 0; k < batch; k++)
        {
            StateProduct(_targetNet, states.Slice(k * _d, _d));
            ScoreAll(_targetNet, default, out max[k]);
        }
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public void SoftUpdateTarget(float tau) => TargetUpdate.Apply(_targetNet.Parameters, _net.Parameters, tau);

    /// <inheritdoc />
    public void CopyToTarget() => TargetUpdate.Copy(_targetNet.Parameters, _net.Parameters);

    private Linear First(Sequential net) => (Linear)net.Layers[0];

    private Linear Last(Sequential net) => (Linear)net.Layers[^1];

    /// <summary>V = X W_x^T (tracks x hidden), W_x the track half of the first layer.</summary>
    private void TrackProducts(Sequential net)
    {
        var w = First(net).Weight.Value;
        for (var r = 0; r < _h; r++) w.AsSpan(r * 2 * _d + _d, _d).CopyTo(_wx.AsSpan(r * _d, _d));
        Sgemm.NT(_catalog.Count, _h, _d, _catalog.Features, _wx, _v);
    }

    /// <summary>u = W_s s + b1.</summary>
    private void StateProduct(Sequential net, ReadOnlySpan<float> state)
    {
        var first = First(net);
        var w = first.Weight.Value;
        var b = first.Bias.Value;
        for (var r = 0; r < _h; r++) _u[r] = b[r] + TensorPrimitives.Dot(new ReadOnlySpan<float>(w, r * 2 * _d, _d), state);
    }

    /// <summary>q_a = b2 + sum_h w2_h relu(u_h + V_ah) for every track (into q unless empty); returns the max.</summary>
    private void ScoreAll(Sequential net, Span<float> q, out float max)
    {
        var last = Last(net);
        var w2 = last.Weight.Value;
        var b2 = last.Bias.Value[0];
        var h = _h;
        max = float.NegativeInfinity;
        ref var rv = ref MemoryMarshal.GetArrayDataReference(_v);
        var n = _catalog.Count;
        var vec = Vector256.IsHardwareAccelerated && h % 8 == 0;
        for (var a = 0; a < n; a++)
        {
            float s;
            if (vec)
            {
                var acc = Vector256<float>.Zero;
                var off = a * h;
                for (var j = 0; j < h; j += 8)
                {
                    var z = Vector256.Create(_u.AsSpan(j, 8)) + Vector256.LoadUnsafe(ref rv, (nuint)(off + j));
                    acc += Vector256.Max(z, Vector256<float>.Zero) * Vector256.Create(w2.AsSpan(j, 8));
                }
                s = b2 + Vector256.Sum(acc);
            }
            else
            {
                s = b2;
                for (var j = 0; j < h; j++) s += w2[j] * MathF.Max(0f, _u[j] + _v[a * h + j]);
            }
            if (!q.IsEmpty) q[a] = s;
            if (s > max) max = s;
        }
    }
}
