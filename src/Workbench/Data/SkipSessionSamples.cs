using Workbench.Training;

namespace Workbench.Data;

/// <summary>Order of the state's tracks in a LIRD sample.</summary>
public enum StateOrder
{
    /// <summary>The order pandas' <c>sample()</c> returns them in: random (the seed's).</summary>
    Sampled,

    /// <summary>Session order, so a GRU over the state reads the listening history forwards.</summary>
    Chronological,
}

/// <summary>Options of the seed's sampling (<c>write_csv(..., nb_states=[10], nb_actions=[3])</c>, <c>action_ratio = 0.8</c>).</summary>
public sealed record LirdSampleOptions
{
    /// <summary>Tracks in the state (the seed's <c>history_length</c> N = 10).</summary>
    public int StateLength { get; init; } = 10;

    /// <summary>Tracks in the action (the seed's <c>ra_length</c> K = 3).</summary>
    public int ActionLength { get; init; } = 3;

    /// <summary>The state is drawn from the first <c>floor(ActionRatio * length)</c> tracks (16 of 20), the action from the rest (4).</summary>
    public double ActionRatio { get; init; } = 0.8;

    /// <summary>Order of the state's tracks.</summary>
    public StateOrder StateOrder { get; init; } = StateOrder.Sampled;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the option when the sizes do not fit a session of <paramref name="sessionLength"/>.</summary>
    public void Validate(int sessionLength)
    {
        var sep = (int)(ActionRatio * sessionLength);
        if (StateLength < 1 || StateLength > sep)
            throw new WorkbenchException($"option state-length: {StateLength} must be in [1, {sep}] (the first floor({ActionRatio} * {sessionLength}) tracks)");
        if (ActionLength < 1 || ActionLength > sessionLength - sep)
            throw new WorkbenchException($"option action-length: {ActionLength} must be in [1, {sessionLength - sep}] (the last {sessionLength - sep} tracks)");
    }
}

/// <summary>
/// LIRD training samples, one per session, struct-of-arrays: sample <c>i</c>'s state is
/// <c>States[i*N .. i*N+N)</c> (track indices), its action <c>Actions[i*K .. i*K+K)</c> and its reward tuple
/// <c>Rewards[i*K .. i*K+K)</c> = the action tracks' ratings <c>1 - skip_2</c>.
/// </summary>
public sealed class LirdSamples
{
    private LirdSamples(int n, int k, int[] sessions, int[] states, int[] actions, float[] rewards)
    {
        StateLength = n;
        ActionLength = k;
        Sessions = sessions;
        States = states;
        Actions = actions;
        Rewards = rewards;
    }

    /// <summary>Tracks per state (N).</summary>
    public int StateLength { get; }

    /// <summary>Tracks per action (K).</summary>
    public int ActionLength { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Sessions.Length;

    /// <summary>The session each sample was drawn from.</summary>
    public int[] Sessions { get; }

    /// <summary>State track indices, N per sample.</summary>
    public int[] States { get; }

    /// <summary>Action track indices, K per sample.</summary>
    public int[] Actions { get; }

    /// <summary>Reward tuples (ratings 0 or 1), K per sample.</summary>
    public float[] Rewards { get; }

    /// <summary>The state of sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> State(int i) => States.AsSpan(i * StateLength, StateLength);

    /// <summary>The action of sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Action(int i) => Actions.AsSpan(i * ActionLength, ActionLength);

    /// <summary>The reward tuple of sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Reward(int i) => Rewards.AsSpan(i * ActionLength, ActionLength);

    /// <summary>Builds from explicit arrays (tests, hand-made tables).</summary>
    public static LirdSamples FromArrays(int stateLength, int actionLength, int[] states, int[] actions, float[] rewards)
    {
        var n = actions.Length / actionLength;
        if (states.Length != n * stateLength || rewards.Length != n * actionLength)
            throw new ArgumentException($"arrays do not describe {n} samples of {stateLength} state and {actionLength} action tracks");
        return new LirdSamples(stateLength, actionLength, Enumerable.Range(0, n).ToArray(), states, actions, rewards);
    }

    /// <summary>
    /// Draws one sample per session of <paramref name="sessions"/>: N distinct tracks from the first
    /// <c>floor(ratio * L)</c> and K distinct tracks from the rest, uniformly without replacement.
    /// </summary>
    public static LirdSamples Draw(SkipSessionSet set, IReadOnlyList<int> sessions, LirdSampleOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        var L = set.SessionLength;
        options.Validate(L);
        int n = options.StateLength, k = options.ActionLength, sep = (int)(options.ActionRatio * L);
        var states = new int[sessions.Count * n];
        var actions = new int[sessions.Count * k];
        var rewards = new float[sessions.Count * k];
        Span<int> pick = stackalloc int[L];
        Span<int> scratch = stackalloc int[L];
        for (var i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            var tracks = set.Tracks(s);
            var sp = pick[..n];
            rng.SampleWithoutReplacement(sep, sp, scratch);
            if (options.StateOrder == StateOrder.Chronological) sp.Sort();
            for (var j = 0; j < n; j++) states[i * n + j] = tracks[sp[j]];
            var ap = pick[..k];
            rng.SampleWithoutReplacement(L - sep, ap, scratch);
            for (var j = 0; j < k; j++)
            {
                actions[i * k + j] = tracks[sep + ap[j]];
                rewards[i * k + j] = set.Rating(s, sep + ap[j]);
            }
        }
        return new LirdSamples(n, k, sessions.ToArray(), states, actions, rewards);
    }
}
