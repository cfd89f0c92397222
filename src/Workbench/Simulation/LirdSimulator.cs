using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Training;

namespace Workbench.Simulation;

/// <summary>Options of the LIRD simulator (the seed's <c>Environment(data, embeddings, alpha, gamma, fixed_length)</c>).</summary>
public sealed record LirdSimulatorOptions
{
    /// <summary>Weight of the state cosine in <c>p_g</c> (the seed's 0.2); the action cosine gets <c>1 - alpha</c>.</summary>
    public double Alpha { get; init; } = 0.2;

    /// <summary>Discount along the recommended list in the reward <c>sum_k gamma^k r_{g,k}</c> (the seed's 0.9).</summary>
    public double ListDiscount { get; init; } = 0.9;

    /// <summary>Normalisation of the group means (the seed's per-dimension quirk or per member).</summary>
    public GroupNormalization Normalization { get; init; } = GroupNormalization.PerDimensionAcrossItems;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && Alpha <= 1)) throw new WorkbenchException($"option alpha: {Alpha} must be in [0, 1]");
        if (!(ListDiscount >= 0 && ListDiscount <= 1)) throw new WorkbenchException($"option list-discount: {ListDiscount} must be in [0, 1]");
    }
}

/// <summary>
/// The LIRD user simulator over the training samples (Zhao et al. 2018, arXiv 1801.00209): the state is the last
/// N listened tracks; recommending K tracks returns the grouped-cosine reward of <see cref="LirdGroupTable"/>,
/// and every track whose entry in the most probable group's reward tuple is positive is pushed into the state,
/// the oldest dropped (the seed's <c>fixed_length = True</c>). <see cref="Reset"/> starts from the state of a
/// random training sample.
/// </summary>
public sealed class LirdSimulator
{
    private readonly LirdSamples _samples;
    private readonly LirdSimulatorOptions _options;
    private readonly Rng _rng;
    private readonly int[] _state;
    private readonly float[] _embeddedState;
    private readonly float[] _embeddedAction;
    private readonly double[] _probabilities;

    /// <summary>Creates the simulator; <paramref name="rng"/> draws the start states.</summary>
    public LirdSimulator(LirdSamples samples, TrackEmbeddings embeddings, LirdSimulatorOptions options, Rng rng)
        : this(samples, embeddings, LirdGroupTable.Build(samples, embeddings, options.Normalization), options, rng) { }

    /// <summary>Creates the simulator over a given group table (hand-made tables in tests).</summary>
    public LirdSimulator(LirdSamples samples, TrackEmbeddings embeddings, LirdGroupTable groups, LirdSimulatorOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        if (groups.StateWidth != samples.StateLength * embeddings.Dimension || groups.ActionWidth != samples.ActionLength * embeddings.Dimension)
            throw new ArgumentException("the group table's widths do not match the samples and the embeddings", nameof(groups));
        _samples = samples;
        Embeddings = embeddings;
        Groups = groups;
        _options = options;
        _rng = rng;
        _state = new int[samples.StateLength];
        _embeddedState = new float[groups.StateWidth];
        _embeddedAction = new float[groups.ActionWidth];
        _probabilities = new double[groups.Count];
        Reset();
    }

    /// <summary>The track vectors.</summary>
    public TrackEmbeddings Embeddings { get; }

    /// <summary>The grouped memory behind the rewards.</summary>
    public LirdGroupTable Groups { get; }

    /// <summary>Tracks in the state (N).</summary>
    public int StateLength => _state.Length;

    /// <summary>Tracks per recommendation (K).</summary>
    public int ActionLength => _samples.ActionLength;

    /// <summary>The current state: N track indices, oldest first.</summary>
    public ReadOnlySpan<int> State => _state;

    /// <summary>The probabilities <c>p_g</c> of the last <see cref="Step"/>.</summary>
    public ReadOnlySpan<double> LastProbabilities => _probabilities;

    /// <summary>Starts an episode from the state of a uniformly drawn training sample (the seed's <c>reset</c>).</summary>
    public void Reset()
    {
        var i = _rng.NextInt(_samples.Count);
        _samples.State(i).CopyTo(_state);
    }

    /// <summary>Sets the state explicitly (tests, evaluation).</summary>
    public void SetState(ReadOnlySpan<int> state)
    {
        if (state.Length != _state.Length) throw new ArgumentException($"state has {state.Length} tracks, the simulator's has {_state.Length}", nameof(state));
        state.CopyTo(_state);
    }

    /// <summary>
    /// Recommends <paramref name="action"/> (K track indices): returns <c>sum_g p_g sum_k gamma^k r_{g,k}</c> and pushes
    /// the tracks that the most probable group rates positively into the state.
    /// </summary>
    public double Step(ReadOnlySpan<int> action)
    {
        if (action.Length != ActionLength) throw new ArgumentException($"action has {action.Length} tracks, expected {ActionLength}", nameof(action));
        Embeddings.Gather(_state, _embeddedState);
        Embeddings.Gather(action, _embeddedAction);
        var reward = Groups.Reward(_embeddedState, _embeddedAction, _options.Alpha, _options.ListDiscount, _probabilities, out var best);
        var tuple = Groups.Rewards(best);
        for (var k = 0; k < action.Length; k++)
        {
            if (!(tuple[k] > 0)) continue;
            Array.Copy(_state, 1, _state, 0, _state.Length - 1);
            _state[^1] = action[k];
        }
        return reward;
    }
}
