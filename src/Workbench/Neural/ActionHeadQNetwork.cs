using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Neural;

/// <summary>Shape and training options of <see cref="ActionHeadQNetwork"/> (defaults: seed 001's AH-DQN).</summary>
public sealed record ActionHeadQNetworkOptions
{
    /// <summary>State features (seed 001: 21 preference weights).</summary>
    public int StateSize { get; init; } = 21;

    /// <summary>Action (candidate) features (seed 001: 21 song tags).</summary>
    public int ActionSize { get; init; } = 21;

    /// <summary>Units of the first hidden layer.</summary>
    public int Hidden1 { get; init; } = 64;

    /// <summary>Units of the second hidden layer.</summary>
    public int Hidden2 { get; init; } = 64;

    /// <summary>Most candidates scored at once (seed 001: 1,000 songs).</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Largest training batch for <see cref="ActionHeadQNetwork.Update"/> (seed 001: 32).</summary>
    public int MaxBatch { get; init; } = 32;

    /// <summary>Optimizer settings (seed 001: Adam, lr 1e-3).</summary>
    public AdamOptions Adam { get; init; } = new() { LearningRate = 1e-3 };

    /// <summary>Regression loss (seed 001: MSE).</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (StateSize < 1 || ActionSize < 1) throw new WorkbenchException($"StateSize and ActionSize must be >= 1, got {StateSize} and {ActionSize}");
        if (Hidden1 < 1 || Hidden2 < 1) throw new WorkbenchException($"Hidden1 and Hidden2 must be >= 1, got {Hidden1} and {Hidden2}");
        if (MaxCandidates < 1) throw new WorkbenchException($"MaxCandidates must be >= 1, got {MaxCandidates}");
        if (MaxBatch < 1) throw new WorkbenchException($"MaxBatch must be >= 1, got {MaxBatch}");
        Adam.Validate();
    }
}

/// <summary>
/// Seed 001's action-head Q network Q(s, a) = fc3(ReLU(fc2(ReLU(fc1([s; a]))))) with one output, scoring
/// candidate actions for a state. <see cref="Score"/> splits fc1 as W·[s; a] = W_s s + W_a a: the state part
/// (plus bias) is computed once and shared by all candidates, so scoring n songs costs n·|a| instead of
/// n·(|s| + |a|) multiply-adds in the first layer. <see cref="UpdateSingle"/> is the seed's per-sample loss,
/// where dL/dq is nonzero on one output only: one row of forward and backward. Not thread-safe.
/// </summary>
/// <example>
/// One seed-001 replay sample (target network <c>tgt</c> copied from <c>net</c> each episode with
/// <c>TargetUpdate.Copy(tgt.Parameters, net.Parameters)</c>):
/// <code>
/// float y = r + gamma * tgt.MaxScore(nextState, songFeatures, 1000);
/// float loss = net.UpdateSingle(state, songFeatures.Slice(a * 21, 21), y, lossCount: 1000);
/// </code>
/// </example>
public sealed class ActionHeadQNetwork
{
    private readonly float[] _shared, _z1, _z2, _x, _h1, _h2, _q, _g, _dh1, _dh2, _scores;

    /// <summary>Creates and initialises the network (PyTorch's default initialisation) from <paramref name="rng"/>.</summary>
    public ActionHeadQNetwork(ActionHeadQNetworkOptions? options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Options = options ?? new ActionHeadQNetworkOptions();
        Options.Validate();
        var o = Options;
        Fc1 = new Linear(o.StateSize + o.ActionSize, o.Hidden1, rng, "fc1");
        Fc2 = new Linear(o.Hidden1, o.Hidden2, rng, "fc2");
        Fc3 = new Linear(o.Hidden2, 1, rng, "fc3");
        Parameters = new ParameterSet([.. Fc1.Parameters, .. Fc2.Parameters, .. Fc3.Parameters]);
        Optimizer = new Adam(Parameters, o.Adam);
        _shared = new float[o.Hidden1];
        _z1 = new float[o.MaxCandidates * o.Hidden1];
        _z2 = new float[o.MaxCandidates * o.Hidden2];
        _scores = new float[o.MaxCandidates];
        var b = o.MaxBatch;
        _x = new float[b * (o.StateSize + o.ActionSize)];
        _h1 = new float[b * o.Hidden1];
        _h2 = new float[b * o.Hidden2];
        _q = new float[b];
        _g = new float[b];
        _dh1 = new float[b * o.Hidden1];
        _dh2 = new float[b * o.Hidden2];
    }

    /// <summary>The options the network was built with.</summary>
    public ActionHeadQNetworkOptions Options { get; }

    /// <summary>First layer on [s; a], weight [Hidden1, StateSize + ActionSize] (columns 0.. state, then action).</summary>
    public Linear Fc1 { get; }

    /// <summary>Second layer.</summary>
    public Linear Fc2 { get; }

    /// <summary>Output layer (one unit).</summary>
    public Linear Fc3 { get; }

    /// <summary>All parameters (fc1.weight, fc1.bias, fc2.weight, fc2.bias, fc3.weight, fc3.bias).</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Adam over <see cref="Parameters"/>.</summary>
    public Adam Optimizer { get; }

    /// <summary>
    /// scores[c] = Q(state, candidates[c]) for <paramref name="count"/> candidates stored row-major
    /// [count, ActionSize]; fc1's state product W_s s + b₁ is computed once.
    /// </summary>
    public void Score(ReadOnlySpan<float> state, ReadOnlySpan<float> candidates, int count, Span<float> scores)
    {
        var o = Options;
        if ((uint)count > (uint)o.MaxCandidates) throw new ArgumentOutOfRangeException(nameof(count), count, $"must be in [0, {o.MaxCandidates}]");
        if (state.Length != o.StateSize) throw new ArgumentException($"state has {state.Length} features, expected {o.StateSize}");
        Shapes.Require(candidates, count, o.ActionSize, "candidates");
        if (scores.Length < count) throw new ArgumentException($"scores needs {count} entries");
        var inW = o.StateSize + o.ActionSize;
        var w1 = Fc1.Weight.Value;
        for (var j = 0; j < o.Hidden1; j++)
            _shared[j] = Fc1.Bias.Value[j] + TensorPrimitives.Dot(w1.AsSpan(j * inW, o.StateSize), state);
        var z1 = _z1.AsSpan(0, count * o.Hidden1);
        Sgemm.Multiply(false, true, count, o.Hidden1, o.ActionSize, candidates, o.ActionSize, w1.AsSpan(o.StateSize), inW, z1, o.Hidden1);
        for (var c = 0; c < count; c++)
        {
            var row = z1.Slice(c * o.Hidden1, o.Hidden1);
            TensorPrimitives.Add(row, _shared, row);
        }
        Activation.Apply(ActivationKind.ReLU, z1, z1);
        var z2 = _z2.AsSpan(0, count * o.Hidden2);
        Fc2.Forward(z1, z2, count);
        Activation.Apply(ActivationKind.ReLU, z2, z2);
        var w3 = Fc3.Weight.Value;
        var b3 = Fc3.Bias.Value[0];
        for (var c = 0; c < count; c++) scores[c] = b3 + TensorPrimitives.Dot(z2.Slice(c * o.Hidden2, o.Hidden2), w3);
    }

    /// <summary>maxₐ Q(state, a) over the candidates (the seed's <c>target(s', songs).max()</c>).</summary>
    public float MaxScore(ReadOnlySpan<float> state, ReadOnlySpan<float> candidates, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "need at least one candidate");
        Score(state, candidates, count, _scores);
        return TensorPrimitives.Max(_scores.AsSpan(0, count));
    }

    /// <summary>argmaxₐ Q(state, a) over the candidates (first index on ties).</summary>
    public int Best(ReadOnlySpan<float> state, ReadOnlySpan<float> candidates, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "need at least one candidate");
        Score(state, candidates, count, _scores);
        return TensorPrimitives.IndexOfMax(_scores.AsSpan(0, count));
    }

    /// <summary>Q(state, action) for one pair (the dense [s; a] path).</summary>
    public float Q(ReadOnlySpan<float> state, ReadOnlySpan<float> action)
    {
        Forward(state, action, 1);
        return _q[0];
    }

    /// <summary>
    /// The seed's update for one replay sample: the loss is averaged over <paramref name="lossCount"/> outputs
    /// (all candidates), but every output except Q(s, a) equals its target, so
    /// L = loss(Q(s, a), y) / lossCount and only Q(s, a) carries a gradient. One Adam step; returns L.
    /// </summary>
    public float UpdateSingle(ReadOnlySpan<float> state, ReadOnlySpan<float> action, float target, int lossCount)
    {
        var loss = SingleGradients(state, action, target, lossCount);
        Optimizer.Step();
        return loss;
    }

    /// <summary>The gradients of <see cref="UpdateSingle"/> without the step.</summary>
    internal float SingleGradients(ReadOnlySpan<float> state, ReadOnlySpan<float> action, float target, int lossCount)
    {
        Parameters.ZeroGrad();
        Forward(state, action, 1);
        var loss = Losses.Single(Options.Loss, _q[0], target, lossCount, out var g);
        _g[0] = g;
        Backward(1);
        return loss;
    }

    /// <summary>
    /// One Adam step on L = loss(Q(sᵢ, aᵢ), yᵢ) averaged over <paramref name="batch"/> pairs (states
    /// [batch, StateSize], actions [batch, ActionSize]); returns L before the step.
    /// </summary>
    public float Update(ReadOnlySpan<float> states, ReadOnlySpan<float> actions, ReadOnlySpan<float> targets, int batch)
    {
        if (targets.Length < batch) throw new ArgumentException($"targets needs {batch} entries");
        Parameters.ZeroGrad();
        Forward(states, actions, batch);
        var loss = Losses.Compute(Options.Loss, _q.AsSpan(0, batch), targets[..batch], _g.AsSpan(0, batch));
        Backward(batch);
        Optimizer.Step();
        return loss;
    }

    private void Forward(ReadOnlySpan<float> states, ReadOnlySpan<float> actions, int batch)
    {
        var o = Options;
        if (batch < 1 || batch > o.MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [1, {o.MaxBatch}]");
        var x = _x.AsSpan(0, batch * (o.StateSize + o.ActionSize));
        Concat.Forward(states, o.StateSize, actions, o.ActionSize, x, batch);
        var h1 = _h1.AsSpan(0, batch * o.Hidden1);
        var h2 = _h2.AsSpan(0, batch * o.Hidden2);
        Fc1.Forward(x, h1, batch);
        Activation.Apply(ActivationKind.ReLU, h1, h1);
        Fc2.Forward(h1, h2, batch);
        Activation.Apply(ActivationKind.ReLU, h2, h2);
        Fc3.Forward(h2, _q, batch);
    }

    private void Backward(int batch)
    {
        var o = Options;
        var x = _x.AsSpan(0, batch * (o.StateSize + o.ActionSize));
        var h1 = _h1.AsSpan(0, batch * o.Hidden1);
        var h2 = _h2.AsSpan(0, batch * o.Hidden2);
        var dh1 = _dh1.AsSpan(0, batch * o.Hidden1);
        var dh2 = _dh2.AsSpan(0, batch * o.Hidden2);
        Fc3.Backward(h2, _q.AsSpan(0, batch), _g.AsSpan(0, batch), dh2, batch);
        Activation.Derivative(ActivationKind.ReLU, h2, dh2, dh2);
        Fc2.Backward(h1, h2, dh2, dh1, batch);
        Activation.Derivative(ActivationKind.ReLU, h1, dh1, dh1);
        Fc1.Backward(x, h1, dh1, default, batch);
    }

    /// <summary>Saves parameters and Adam state (<see cref="NeuralCheckpoint"/>).</summary>
    public void Save(string path) => NeuralCheckpoint.Save(path, Parameters, Optimizer);

    /// <summary>Loads parameters and Adam state saved by <see cref="Save"/>.</summary>
    public void Load(string path) => NeuralCheckpoint.Load(path, Parameters, Optimizer);
}
