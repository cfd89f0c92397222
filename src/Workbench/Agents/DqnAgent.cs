using Workbench.Training;

namespace Workbench.Agents;

/// <summary>Settings of <see cref="DqnAgent"/> (defaults: seed 001's).</summary>
public sealed record DqnAgentOptions
{
    /// <summary>Discount factor <c>gamma</c> (seed: 0.95).</summary>
    public float Gamma { get; init; } = 0.95f;

    /// <summary>
    /// Double DQN (van Hasselt, Guez and Silver 2016): bootstrap with <c>Q_target(s', argmax_a Q_online(s', a))</c>
    /// instead of <c>max_a Q_target(s', a)</c>. Only matters for non-terminal transitions.
    /// </summary>
    public bool DoubleDqn { get; init; }
}

/// <summary>Loss and mean TD target of one replay (the seed's per-episode "loss" and "average Q-value").</summary>
/// <param name="Loss">Mean loss over the replayed samples.</param>
/// <param name="MeanTarget">Mean TD target <c>r + gamma max Q_target(s', .)</c> over the samples.</param>
public readonly record struct ReplayStats(float Loss, float MeanTarget);

/// <summary>
/// One DQN agent for seed 001 with two network choices (<see cref="SongNetworkKind"/>): the action head of AH-DQN
/// or a plain one-output-per-song network (Mnih et al. 2015). It owns the online and target networks and the two
/// update rules; the experiment owns the loop, the environment and the replay buffer.
/// </summary>
public sealed class DqnAgent
{
    private readonly float[] _scores;
    private readonly float[] _cachedState;
    private long _targetVersion;
    private long _cachedVersion = -1;
    private float _cachedMax;

    /// <summary>Creates the agent; <paramref name="target"/> is overwritten with <paramref name="online"/>'s parameters.</summary>
    /// <param name="online">The trained network.</param>
    /// <param name="target">The target network (same architecture).</param>
    /// <param name="actions">The songs the agent may recommend during training (and bootstrap over).</param>
    /// <param name="options">Discount and Double DQN.</param>
    public DqnAgent(ISongQNetwork online, ISongQNetwork target, SongCandidates actions, DqnAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(online);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(actions);
        if (ReferenceEquals(online, target)) throw new ArgumentException("online and target must be different networks", nameof(target));
        Online = online;
        Target = target;
        Actions = actions;
        Options = options ?? new DqnAgentOptions();
        if (!(Options.Gamma >= 0 && Options.Gamma <= 1)) throw new WorkbenchException($"Gamma must be in [0, 1], got {Options.Gamma}");
        _scores = new float[Math.Max(online.SongCount, actions.Count)];
        _cachedState = new float[online.StateSize];
        SyncTarget();
    }

    /// <summary>The trained network.</summary>
    public ISongQNetwork Online { get; }

    /// <summary>The target network.</summary>
    public ISongQNetwork Target { get; }

    /// <summary>The training action set.</summary>
    public SongCandidates Actions { get; }

    /// <summary>Discount and Double DQN.</summary>
    public DqnAgentOptions Options { get; }

    /// <summary>Hard target update <c>theta_target = theta_online</c> (the seed calls it every episode).</summary>
    public void SyncTarget()
    {
        Target.CopyParametersFrom(Online);
        _targetVersion++;
    }

    /// <summary>The song of <paramref name="candidates"/> with the highest online Q (first on ties).</summary>
    public int Greedy(ReadOnlySpan<float> state, SongCandidates candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var q = _scores.AsSpan(0, candidates.Count);
        Online.Score(state, candidates, q);
        var best = 0;
        for (var i = 1; i < q.Length; i++) if (q[i] > q[best]) best = i;
        return candidates.Songs[best];
    }

    /// <summary>With probability <paramref name="epsilon"/> a uniform song of <see cref="Actions"/>, else <see cref="Greedy"/>.</summary>
    public int EpsilonGreedy(ReadOnlySpan<float> state, double epsilon, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (rng.NextDouble() < epsilon) return Actions.Songs[rng.NextInt(Actions.Count)];
        return Greedy(state, Actions);
    }

    /// <summary>
    /// <c>max over the action set of Q_target(s', a)</c>. The target network changes only in <see cref="SyncTarget"/>,
    /// so the value is cached for the last next-state: in the seed's loop every replay of an episode bootstraps from
    /// the same user, and 32 evaluations of 1,000 rows become one.
    /// </summary>
    public float TargetMax(ReadOnlySpan<float> nextState)
    {
        if (_cachedVersion == _targetVersion && nextState.SequenceEqual(_cachedState)) return _cachedMax;
        _cachedMax = Target.MaxScore(nextState, Actions);
        nextState.CopyTo(_cachedState);
        _cachedVersion = _targetVersion;
        return _cachedMax;
    }

    private float Bootstrap(ReadOnlySpan<float> nextState)
    {
        if (!Options.DoubleDqn) return TargetMax(nextState);
        // Double DQN: the online network picks, the target network evaluates (one row).
        return Target.Forward(0, nextState, Greedy(nextState, Actions));
    }

    /// <summary>
    /// Seed 001's replay, sample by sample (faithful mode). For each transition, one Adam step on
    /// <c>L = (1/W) sum_j (Q(s, j) - target_f_j)^2</c> where <c>target_f = Q(s, .)</c> except
    /// <c>target_f[a] = r + gamma max_a' Q_target(s', a')</c> (no bootstrap when <c>done = 1</c>) and <c>W</c> =
    /// <paramref name="lossWidth"/> (the seed: all 1,000 songs). Every term but <c>a</c>'s is exactly zero, so
    /// <c>L = (Q(s, a) - target)^2 / W</c> and <c>dL/dQ(s, a) = 2 (Q(s, a) - target) / W</c>: one row forward and back.
    /// </summary>
    /// <returns>The mean loss and mean target over the samples (the seed's episode loss and "average Q-value").</returns>
    public ReplayStats ReplaySequential(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> nextStates, ReadOnlySpan<float> dones, int lossWidth)
    {
        var n = CheckBatch(states, actions, rewards, nextStates, dones);
        if (lossWidth <= 0) throw new ArgumentOutOfRangeException(nameof(lossWidth), lossWidth, "must be positive");
        var s = Online.StateSize;
        double lossSum = 0, targetSum = 0;
        for (var i = 0; i < n; i++)
        {
            var target = rewards[i];
            if (dones[i] == 0) target += Options.Gamma * Bootstrap(nextStates.Slice(i * s, s));
            var q = Online.Forward(0, states.Slice(i * s, s), actions[i]);
            var diff = q - target;
            Online.ZeroGradients();
            Online.Backward(0, 2f * diff / lossWidth);
            Online.Step();
            lossSum += diff * diff / lossWidth;
            targetSum += target;
        }
        return new ReplayStats((float)(lossSum / n), (float)(targetSum / n));
    }

    /// <summary>
    /// A minibatch DQN step (corrected mode): targets <c>y_i = r_i + gamma (1 - done_i) V(s'_i)</c> computed before the
    /// update (<c>V</c> = target max, or the Double DQN estimate), then one Adam step on
    /// <c>L = (1/B) sum_i (Q(s_i, a_i) - y_i)^2</c>.
    /// </summary>
    public ReplayStats ReplayBatched(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> nextStates, ReadOnlySpan<float> dones)
    {
        var n = CheckBatch(states, actions, rewards, nextStates, dones);
        if (n > Online.SlotCount) throw new ArgumentException($"batch of {n} exceeds the network's {Online.SlotCount} slots");
        var s = Online.StateSize;
        Span<float> targets = n <= 256 ? stackalloc float[n] : new float[n];
        double targetSum = 0;
        for (var i = 0; i < n; i++)
        {
            targets[i] = rewards[i];
            if (dones[i] == 0) targets[i] += Options.Gamma * Bootstrap(nextStates.Slice(i * s, s));
            targetSum += targets[i];
        }
        Online.ZeroGradients();
        double lossSum = 0;
        for (var i = 0; i < n; i++)
        {
            var diff = Online.Forward(i, states.Slice(i * s, s), actions[i]) - targets[i];
            lossSum += diff * diff;
            Online.Backward(i, 2f * diff / n);
        }
        Online.Step();
        return new ReplayStats((float)(lossSum / n), (float)(targetSum / n));
    }

    private int CheckBatch(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> nextStates, ReadOnlySpan<float> dones)
    {
        var n = actions.Length;
        var s = Online.StateSize;
        if (n == 0) throw new ArgumentException("empty batch", nameof(actions));
        if (states.Length != n * s || nextStates.Length != n * s || rewards.Length != n || dones.Length != n)
            throw new ArgumentException($"batch of {n}: states need {n * s} values (got {states.Length}), next states {nextStates.Length}, rewards {rewards.Length}, dones {dones.Length}");
        return n;
    }
}
