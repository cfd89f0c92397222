using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>Options of <see cref="DuelingDqnAgent"/> (seed 000's values as defaults).</summary>
public sealed record DuelingDqnOptions
{
    /// <summary>Width of the first hidden layer (on the sparse input).</summary>
    public int Hidden1 { get; init; } = 128;

    /// <summary>Width of the second hidden layer.</summary>
    public int Hidden2 { get; init; } = 128;

    /// <summary>Number of actions.</summary>
    public int Actions { get; init; } = 2;

    /// <summary>Largest minibatch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Fixed exploration probability.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Discount of non-terminal targets.</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Regression loss on Q(s, a): MSE (the seed) or Huber (smooth L1, beta 1).</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>
    /// Double DQN targets (van Hasselt et al. 2016): y = r + gamma * Q_target(s', argmax_a Q_online(s', a)) instead
    /// of r + gamma * max_a Q_target(s', a). No effect on terminal transitions.
    /// </summary>
    public bool DoubleDqn { get; init; }

    /// <summary>Updates between hard copies of the online network into the target network.</summary>
    public int TargetUpdateInterval { get; init; } = 100;

    /// <summary>Throws <see cref="WorkbenchException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Hidden1 < 1 || Hidden2 < 1) throw new WorkbenchException($"dueling-dqn hidden sizes must be >= 1 (got {Hidden1}, {Hidden2})");
        if (Actions < 1) throw new WorkbenchException($"dueling-dqn actions must be >= 1 (got {Actions})");
        if (BatchSize < 1) throw new WorkbenchException($"dueling-dqn batch size must be >= 1 (got {BatchSize})");
        if (!(LearningRate > 0)) throw new WorkbenchException($"dueling-dqn learning rate must be > 0 (got {LearningRate})");
        if (!(Epsilon >= 0 && Epsilon <= 1)) throw new WorkbenchException($"dueling-dqn epsilon must be in [0, 1] (got {Epsilon})");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new WorkbenchException($"dueling-dqn gamma must be in [0, 1] (got {Gamma})");
        if (!Enum.IsDefined(Loss)) throw new WorkbenchException($"dueling-dqn loss {Loss} is unknown; allowed: mse, huber");
        if (TargetUpdateInterval < 1) throw new WorkbenchException($"dueling-dqn target update interval must be >= 1 (got {TargetUpdateInterval})");
    }
}

/// <summary>
/// The Dueling DQN of seed 000 (Wang et al. 2016): sparse input (one-hot categoricals plus standardised numerics,
/// as CSR rows) -> Linear(width, h1) -> ReLU -> Linear(h1, h2) -> ReLU -> dueling head, Q = V + (A - mean A);
/// epsilon-greedy; Adam; MSE or Huber on the Q-value of the action taken; optional Double DQN targets from a
/// target network that is hard-copied every <see cref="DuelingDqnOptions.TargetUpdateInterval"/> updates
/// (built only when a non-terminal transition needs it).
/// </summary>
public sealed class DuelingDqnAgent
{
    private readonly SparseDuelingNetwork _online;
    private readonly Adam _adam;
    private readonly Rng _explore;
    private readonly Rng _init;
    private SparseDuelingNetwork? _target;
    private readonly float[] _q;
    private readonly float[] _qNext;
    private readonly float[] _qNextOnline;
    private readonly float[] _gathered;
    private readonly float[] _targets;
    private readonly float[] _lossGrad;
    private readonly float[] _dq;

    /// <summary>Creates the agent; the network is initialised from the "init" stream of <paramref name="rng"/>, exploration uses its "explore" stream.</summary>
    public DuelingDqnAgent(DuelingDqnOptions options, int inputWidth, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        InputWidth = inputWidth;
        _init = rng.Derive("init");
        _explore = rng.Derive("explore");
        _online = new SparseDuelingNetwork(inputWidth, options, _init);
        _adam = new Adam(_online.Parameters, new AdamOptions { LearningRate = options.LearningRate });
        var b = options.BatchSize;
        _q = new float[b * options.Actions];
        _qNext = new float[b * options.Actions];
        _qNextOnline = new float[b * options.Actions];
        _gathered = new float[b];
        _targets = new float[b];
        _lossGrad = new float[b];
        _dq = new float[b * options.Actions];
    }

    /// <summary>The options.</summary>
    public DuelingDqnOptions Options { get; }

    /// <summary>Input width (6,038 on the real file).</summary>
    public int InputWidth { get; }

    /// <summary>Gradient updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The online network's parameters (first-layer weight stored input-major).</summary>
    public ParameterSet Parameters => _online.Parameters;

    /// <summary>The online network (for identity checks: V and A of the last forward).</summary>
    internal SparseDuelingNetwork Network => _online;

    /// <summary>Writes Q(s, .) of every row of <paramref name="states"/> (at most BatchSize rows) into <paramref name="q"/> [rows, Actions].</summary>
    public void QValues(CsrBatch states, Span<float> q) => _online.Forward(states, q);

    /// <summary>Writes the target network's Q(s, .) (the target is created, as a copy of the online network, on first use).</summary>
    internal void TargetQValues(CsrBatch states, Span<float> q) => Target().Forward(states, q);

    /// <summary>Epsilon-greedy on a one-row batch: with probability epsilon a uniform action, else argmax_a Q(s, a) (first on ties).</summary>
    public int Act(CsrBatch state)
    {
        if (state.Rows != 1) throw new ArgumentException($"Act takes one state, got {state.Rows}", nameof(state));
        if (_explore.NextDouble() < Options.Epsilon) return _explore.NextInt(Options.Actions);
        Span<float> q = stackalloc float[Options.Actions];
        _online.Forward(state, q);
        return ArgMax(q);
    }

    /// <summary>
    /// One gradient step on a minibatch, read top to bottom:
    /// (1) targets y_i = r_i for terminal transitions, else r_i + gamma * Q_target(s'_i, a*) with a* = argmax of
    /// Q_target (DQN) or of Q_online (Double DQN);
    /// (2) forward the online network on s, gather q_i = Q(s_i, a_i);
    /// (3) loss L = mean_i loss(q_i - y_i) (MSE or Huber) and dL/dq_i, zero on the other actions;
    /// (4) zero the gradients, backpropagate, one Adam step;
    /// (5) every TargetUpdateInterval updates, copy online -> target.
    /// Returns L.
    /// </summary>
    public float Update(CsrBatch states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards, CsrBatch nextStates, ReadOnlySpan<float> dones)
    {
        var n = states.Rows;
        var na = Options.Actions;
        if (n < 1 || n > Options.BatchSize) throw new ArgumentException($"batch of {n} rows; allowed 1..{Options.BatchSize}", nameof(states));
        if (actions.Length < n || rewards.Length < n || dones.Length < n || nextStates.Rows < n)
            throw new ArgumentException("actions, rewards, dones and next states need one entry per state");

        // (1) targets
        var anyLive = false;
        for (var i = 0; i < n; i++) anyLive |= dones[i] == 0f;
        if (anyLive)
        {
            var target = Target();
            target.Forward(nextStates, _qNext);
            if (Options.DoubleDqn) _online.Forward(nextStates, _qNextOnline);
        }
        for (var i = 0; i < n; i++)
        {
            if (dones[i] != 0f)
            {
                _targets[i] = rewards[i];
                continue;
            }
            var next = _qNext.AsSpan(i * na, na);
            var best = Options.DoubleDqn ? ArgMax(_qNextOnline.AsSpan(i * na, na)) : ArgMax(next);
            _targets[i] = rewards[i] + (float)Options.Gamma * next[best];
        }

        // (2) forward and gather
        _online.Forward(states, _q);
        for (var i = 0; i < n; i++)
        {
            if ((uint)actions[i] >= (uint)na) throw new ArgumentOutOfRangeException(nameof(actions), actions[i], $"must be in [0, {na})");
            _gathered[i] = _q[i * na + actions[i]];
        }

        // (3) loss and its gradient on the taken actions only
        var loss = Losses.Compute(Options.Loss, _gathered.AsSpan(0, n), _targets.AsSpan(0, n), _lossGrad.AsSpan(0, n));
        var dq = _dq.AsSpan(0, n * na);
        dq.Clear();
        for (var i = 0; i < n; i++) dq[i * na + actions[i]] = _lossGrad[i];

        // (4) backward and Adam
        _online.Parameters.ZeroGrad();
        _online.Backward(states, dq);
        _adam.Step();
        Updates++;

        // (5) target network
        if (_target is not null && Updates % Options.TargetUpdateInterval == 0) TargetUpdate.Copy(_target.Parameters, _online.Parameters);
        return loss;
    }

    private SparseDuelingNetwork Target()
    {
        if (_target is null)
        {
            _target = new SparseDuelingNetwork(InputWidth, Options, _init.Derive("target"));
            TargetUpdate.Copy(_target.Parameters, _online.Parameters);
        }
        return _target;
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}

/// <summary>
/// The network of <see cref="DuelingDqnAgent"/>, composed from the neural engine's layers: a
/// <see cref="SparseLinear"/> on CSR input, ReLU, then a <see cref="Sequential"/> of Linear, ReLU and a
/// <see cref="DuelingHead"/>. Buffers are preallocated for <see cref="DuelingDqnOptions.BatchSize"/> rows.
/// </summary>
internal sealed class SparseDuelingNetwork
{
    private readonly SparseLinear _first;
    private readonly Sequential _tail;
    private readonly float[] _h1;
    private readonly float[] _dh1;
    private int _rows;

    public SparseDuelingNetwork(int inputWidth, DuelingDqnOptions o, Rng rng)
    {
        _first = new SparseLinear(inputWidth, o.Hidden1, rng, "fc1");
        Head = new DuelingHead(o.Hidden2, o.Actions, o.BatchSize, rng, "head");
        _tail = new Sequential(o.BatchSize, new Linear(o.Hidden1, o.Hidden2, rng, "fc2"), new Activation(ActivationKind.ReLU, o.Hidden2), Head);
        _h1 = new float[o.BatchSize * o.Hidden1];
        _dh1 = new float[o.BatchSize * o.Hidden1];
        Parameters = new ParameterSet([.. _first.Parameters, .. _tail.Parameters]);
        Hidden1 = o.Hidden1;
        Actions = o.Actions;
    }

    public ParameterSet Parameters { get; }

    public DuelingHead Head { get; }

    public int Hidden1 { get; }

    public int Actions { get; }

    /// <summary>q [rows, Actions] = head(relu(fc2(relu(fc1(x))))).</summary>
    public void Forward(CsrBatch x, Span<float> q)
    {
        _rows = x.Rows;
        var h1 = _h1.AsSpan(0, _rows * Hidden1);
        _first.Forward(x, h1);
        Activation.Apply(ActivationKind.ReLU, h1, h1);
        _tail.Forward(h1, _rows).CopyTo(q);
    }

    /// <summary>Accumulates the parameter gradients of dL/dq [rows, Actions] for the last <see cref="Forward"/> on <paramref name="x"/>.</summary>
    public void Backward(CsrBatch x, ReadOnlySpan<float> dq)
    {
        var h1 = _h1.AsSpan(0, _rows * Hidden1);
        var dh1 = _dh1.AsSpan(0, _rows * Hidden1);
        _tail.Backward(h1, dq, dh1);
        Activation.Derivative(ActivationKind.ReLU, h1, dh1, dh1);
        _first.Backward(x, dh1);
    }
}
