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
/// The Dueling DQN agent of seed 000 (Wang et al. 2016) over the neural engine's <see cref="DuelingQNetwork"/>
/// (sparse CSR input -> 128 ReLU -> 128 ReLU -> V + (A - mean A)): epsilon-greedy acting, targets for terminal
/// and non-terminal transitions (DQN or Double DQN, van Hasselt et al. 2016) and one Adam step per update on the
/// MSE or Huber loss of the taken actions' Q-values. A target network, hard-copied every
/// <see cref="DuelingDqnOptions.TargetUpdateInterval"/> updates, is built only when a non-terminal transition needs it.
/// </summary>
public sealed class DuelingDqnAgent
{
    private readonly DuelingQNetwork _online;
    private readonly Rng _explore;
    private readonly Rng _init;
    private DuelingQNetwork? _target;
    private readonly float[] _qNext;
    private readonly float[] _qNextOnline;
    private readonly float[] _targets;

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
        _online = new DuelingQNetwork(NetworkOptions(), _init);
        var b = options.BatchSize;
        _qNext = new float[b * options.Actions];
        _qNextOnline = new float[b * options.Actions];
        _targets = new float[b];
    }

    /// <summary>The options.</summary>
    public DuelingDqnOptions Options { get; }

    /// <summary>Input width (6,038 on the real file).</summary>
    public int InputWidth { get; }

    /// <summary>Gradient updates so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The online network.</summary>
    public DuelingQNetwork Network => _online;

    /// <summary>Writes Q(s, .) of every row of <paramref name="states"/> (at most BatchSize rows) into <paramref name="q"/> [rows, Actions].</summary>
    public void QValues(CsrBatch states, Span<float> q) => _online.Forward(states).CopyTo(q);

    /// <summary>Writes the target network's Q(s, .) (the target is created, as a copy of the online network, on first use).</summary>
    internal void TargetQValues(CsrBatch states, Span<float> q) => Target().Forward(states).CopyTo(q);

    /// <summary>Epsilon-greedy on a one-row batch: with probability epsilon a uniform action, else argmax_a Q(s, a) (first on ties).</summary>
    public int Act(CsrBatch state)
    {
        if (state.Rows != 1) throw new ArgumentException($"Act takes one state, got {state.Rows}", nameof(state));
        if (_explore.NextDouble() < Options.Epsilon) return _explore.NextInt(Options.Actions);
        return ArgMax(_online.Forward(state));
    }

    /// <summary>
    /// One gradient step on a minibatch, read top to bottom:
    /// (1) targets y_i = r_i for terminal transitions, else r_i + gamma * Q_target(s'_i, a*) with a* = argmax of
    /// Q_target (DQN) or of Q_online (Double DQN);
    /// (2) L = mean_i loss(Q_online(s_i, a_i) - y_i) (MSE or Huber), zero gradients, backpropagate, one Adam step
    /// (<see cref="DuelingQNetwork.Update"/>);
    /// (3) every TargetUpdateInterval updates, copy online -> target.
    /// Returns L (before the step).
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
            Target().Forward(nextStates).CopyTo(_qNext);
            if (Options.DoubleDqn) _online.Forward(nextStates).CopyTo(_qNextOnline);
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

        // (2) loss, backward, Adam
        var loss = _online.Update(states, actions[..n], _targets.AsSpan(0, n));
        Updates++;

        // (3) target network
        if (_target is not null && Updates % Options.TargetUpdateInterval == 0) TargetUpdate.Copy(_target.Parameters, _online.Parameters);
        return loss;
    }

    private DuelingQNetworkOptions NetworkOptions() => new()
    {
        InputWidth = InputWidth, Hidden1 = Options.Hidden1, Hidden2 = Options.Hidden2, Actions = Options.Actions, MaxBatch = Options.BatchSize,
        Adam = new AdamOptions { LearningRate = Options.LearningRate }, Loss = Options.Loss,
    };

    private DuelingQNetwork Target()
    {
        if (_target is null)
        {
            _target = new DuelingQNetwork(NetworkOptions(), _init.Derive("target"));
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
