using Workbench.Training;

namespace Workbench.Agents;

/// <summary>Options of the tabular Q-learning agent (seed 000's values as defaults).</summary>
public sealed record QLearningOptions
{
    /// <summary>Number of states (rows of the Q-table); the seed hashed tracks into 10,000.</summary>
    public int States { get; init; } = 10_000;

    /// <summary>Number of actions (columns of the Q-table); like and dislike.</summary>
    public int Actions { get; init; } = 2;

    /// <summary>Learning rate alpha of the update Q(s,a) += alpha * delta.</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>Discount gamma in the target r + gamma * max_a' Q(s', a').</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Probability of a uniformly random action (fixed, no decay, as in the seed).</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Throws <see cref="WorkbenchException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (States <= 0) throw new WorkbenchException($"q-learning states must be positive (got {States})");
        if (Actions <= 0) throw new WorkbenchException($"q-learning actions must be positive (got {Actions})");
        if (!(Alpha > 0 && Alpha <= 1)) throw new WorkbenchException($"q-learning alpha must be in (0, 1] (got {Alpha})");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new WorkbenchException($"q-learning gamma must be in [0, 1] (got {Gamma})");
        if (!(Epsilon >= 0 && Epsilon <= 1)) throw new WorkbenchException($"q-learning epsilon must be in [0, 1] (got {Epsilon})");
    }
}

/// <summary>
/// Tabular Q-learning (Watkins and Dayan 1992) with epsilon-greedy exploration, over a dense row-major
/// Q-table of doubles (NumPy's float64, as in the seed).
/// </summary>
public sealed class QLearningAgent
{
    private readonly double[] _q;
    private readonly Rng _rng;

    /// <summary>Creates an agent with an all-zero Q-table; <paramref name="rng"/> drives exploration only.</summary>
    public QLearningAgent(QLearningOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
        _q = new double[options.States * options.Actions];
    }

    /// <summary>The agent's options.</summary>
    public QLearningOptions Options { get; }

    /// <summary>The Q-table, row-major: Q(s, a) = Table[s * Actions + a].</summary>
    public ReadOnlySpan<double> Table => _q;

    /// <summary>The Q-values of one state.</summary>
    public ReadOnlySpan<double> Values(int state) => _q.AsSpan(CheckState(state) * Options.Actions, Options.Actions);

    /// <summary>Q(s, a).</summary>
    public double Value(int state, int action) => Values(state)[action];

    /// <summary>argmax_a Q(s, a), the first on ties (NumPy's argmax).</summary>
    public int Greedy(int state) => ArgMax(Values(state));

    /// <summary>Epsilon-greedy: with probability epsilon a uniform action, else <see cref="Greedy"/>.</summary>
    public int Act(int state)
    {
        CheckState(state);
        return _rng.NextDouble() < Options.Epsilon ? _rng.NextInt(Options.Actions) : Greedy(state);
    }

    /// <summary>
    /// One Q-learning step, read top to bottom:
    /// target = r + gamma * max_a' Q(s', a') (just r when <paramref name="terminal"/>),
    /// delta = target - Q(s, a), Q(s, a) += alpha * delta. Returns the TD error delta (before the update).
    /// </summary>
    public double Update(int state, int action, double reward, int nextState, bool terminal)
    {
        if ((uint)action >= (uint)Options.Actions) throw new ArgumentOutOfRangeException(nameof(action), action, $"must be in [0, {Options.Actions})");
        var bootstrap = terminal ? 0.0 : Max(Values(nextState));
        var target = reward + Options.Gamma * bootstrap;
        ref var q = ref _q[CheckState(state) * Options.Actions + action];
        var delta = target - q;
        q += Options.Alpha * delta;
        return delta;
    }

    private int CheckState(int state)
    {
        if ((uint)state >= (uint)Options.States) throw new ArgumentOutOfRangeException(nameof(state), state, $"must be in [0, {Options.States})");
        return state;
    }

    private static int ArgMax(ReadOnlySpan<double> v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double Max(ReadOnlySpan<double> v) => v[ArgMax(v)];
}
