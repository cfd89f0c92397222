using Workbench.Training;

namespace Workbench.Agents;

/// <summary>Sizes and optimizer settings of seed 001's Q networks (the seed: 64, 64, Adam lr 1e-3).</summary>
public sealed record SongNetworkOptions
{
    /// <summary>Width of the first hidden layer (seed: 64).</summary>
    public int Hidden1 { get; init; } = 64;

    /// <summary>Width of the second hidden layer (seed: 64).</summary>
    public int Hidden2 { get; init; } = 64;

    /// <summary>Adam learning rate (seed: 1e-3).</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Adam beta1 (PyTorch default 0.9).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam beta2 (PyTorch default 0.999).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam epsilon (PyTorch default 1e-8).</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Training slots: the largest batch forwarded before one step (seed: 32).</summary>
    public int Slots { get; init; } = 32;

    internal void Validate()
    {
        if (Hidden1 <= 0) throw new WorkbenchException($"Hidden1 must be positive, got {Hidden1}");
        if (Hidden2 <= 0) throw new WorkbenchException($"Hidden2 must be positive, got {Hidden2}");
        if (!(LearningRate > 0)) throw new WorkbenchException($"LearningRate must be positive, got {LearningRate}");
        if (Slots <= 0) throw new WorkbenchException($"Slots must be positive, got {Slots}");
    }
}

/// <summary>
/// Shared machinery of the two song Q networks: one flat parameter vector (so Adam is one vectorised pass),
/// its gradient and Adam moments, and PyTorch's default <c>nn.Linear</c> initialisation
/// <c>U(-1/sqrt(fan_in), 1/sqrt(fan_in))</c> for weights and biases.
/// </summary>
public abstract class SongQNetworkBase : ISongQNetwork
{
    /// <summary>Parameters (layout defined by the subclass).</summary>
    protected readonly float[] Theta;

    /// <summary>Gradient of the loss with respect to <see cref="Theta"/>.</summary>
    protected readonly float[] Grad;

    /// <summary>Cached inputs and activations of the training rows, per slot.</summary>
    protected readonly float[] SlotState, SlotH1, SlotH2;

    /// <summary>The song of each training slot.</summary>
    protected readonly int[] SlotSong;

    /// <summary>Backward scratch: gradients at the first and second pre-activations.</summary>
    protected readonly float[] D1, D2;

    private readonly float[] _m;
    private readonly float[] _v;
    private long _step;

    /// <summary>Allocates <paramref name="parameterCount"/> parameters with their gradient and Adam moments.</summary>
    protected SongQNetworkBase(SongNetworkKind kind, int stateSize, int songCount, int parameterCount, SongNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Kind = kind;
        StateSize = stateSize;
        SongCount = songCount;
        Options = options;
        Theta = new float[parameterCount];
        Grad = new float[parameterCount];
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        var slots = options.Slots;
        SlotState = new float[slots * stateSize];
        SlotH1 = new float[slots * options.Hidden1];
        SlotH2 = new float[slots * options.Hidden2];
        SlotSong = new int[slots];
        D1 = new float[options.Hidden1];
        D2 = new float[options.Hidden2];
    }

    /// <inheritdoc />
    public SongNetworkKind Kind { get; }

    /// <inheritdoc />
    public int StateSize { get; }

    /// <inheritdoc />
    public int SongCount { get; }

    /// <inheritdoc />
    public int ParameterCount => Theta.Length;

    /// <inheritdoc />
    public int SlotCount => Options.Slots;

    /// <summary>The sizes and optimizer settings.</summary>
    public SongNetworkOptions Options { get; }

    /// <summary>Adam steps taken so far.</summary>
    public long StepCount => _step;

    /// <inheritdoc />
    public ReadOnlySpan<float> Parameters => Theta;

    /// <summary>The accumulated gradient (same layout as <see cref="Parameters"/>).</summary>
    public ReadOnlySpan<float> Gradients => Grad;

    /// <inheritdoc />
    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != Theta.Length) throw new ArgumentException($"expected {Theta.Length} parameters, got {parameters.Length}", nameof(parameters));
        parameters.CopyTo(Theta);
    }

    /// <inheritdoc />
    public void CopyParametersFrom(ISongQNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kind != Kind || source.ParameterCount != ParameterCount || source.StateSize != StateSize || source.SongCount != SongCount)
            throw new ArgumentException("source network has a different architecture", nameof(source));
        source.Parameters.CopyTo(Theta);
    }

    /// <inheritdoc />
    public virtual void ZeroGradients() => Array.Clear(Grad);

    /// <inheritdoc />
    public void Step()
    {
        _step++;
        SongQKernels.AdamStep(Theta, Grad, _m, _v, _step, Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon);
    }

    /// <summary>Fills <c>Theta[offset .. offset+count)</c> with <c>U(-1/sqrt(fanIn), 1/sqrt(fanIn))</c>.</summary>
    protected void InitUniform(int offset, int count, int fanIn, Rng rng)
    {
        var bound = 1f / MathF.Sqrt(fanIn);
        for (var i = 0; i < count; i++) Theta[offset + i] = rng.NextSingle(-bound, bound);
    }

    /// <inheritdoc />
    public abstract void Score(ReadOnlySpan<float> state, SongCandidates candidates, Span<float> q);

    /// <inheritdoc />
    public abstract float MaxScore(ReadOnlySpan<float> state, SongCandidates candidates);

    /// <inheritdoc />
    public abstract float Forward(int slot, ReadOnlySpan<float> state, int song);

    /// <inheritdoc />
    public abstract void Backward(int slot, float dLossDq);

    /// <summary>
    /// Back-propagates <c>dL/dQ</c> of one row from the output weights <paramref name="w3"/> through
    /// <c>h2 = relu(W2 h1 + b2)</c> and <c>h1 = relu(W1 x + b1)</c> into the gradients of <c>b2</c>, <c>W2</c>,
    /// <c>b1</c> and the state rows of <c>W1</c> (input-major layouts); leaves <c>dL/d(pre-activation 1)</c> in
    /// <paramref name="d1"/> for the caller's remaining inputs.
    /// </summary>
    protected void BackwardHidden(float dLossDq, ReadOnlySpan<float> w3, ReadOnlySpan<float> h1, ReadOnlySpan<float> h2,
        ReadOnlySpan<float> state, int oW1, int oB1, int oW2, int oB2, Span<float> d1, Span<float> d2)
    {
        var g = Grad.AsSpan();
        var nh1 = h1.Length;
        var nh2 = h2.Length;
        for (var j = 0; j < nh2; j++) d2[j] = h2[j] > 0 ? dLossDq * w3[j] : 0f;
        SongQKernels.Axpy(1f, d2, g.Slice(oB2, nh2));
        for (var k = 0; k < nh1; k++)
        {
            if (!(h1[k] > 0)) { d1[k] = 0; continue; }
            SongQKernels.Axpy(h1[k], d2, g.Slice(oW2 + k * nh2, nh2));
            d1[k] = SongQKernels.Dot(Theta.AsSpan(oW2 + k * nh2, nh2), d2);
        }
        SongQKernels.Axpy(1f, d1, g.Slice(oB1, nh1));
        for (var i = 0; i < state.Length; i++)
            if (state[i] != 0) SongQKernels.Axpy(state[i], d1, g.Slice(oW1 + i * nh1, nh1));
    }

    /// <summary>The cached row of one training slot.</summary>
    protected readonly ref struct SlotRow
    {
        /// <summary>Views the cached state, activations and song of a slot.</summary>
        public SlotRow(ReadOnlySpan<float> state, ReadOnlySpan<float> h1, ReadOnlySpan<float> h2, int song)
        {
            State = state;
            H1 = h1;
            H2 = h2;
            Song = song;
        }

        /// <summary>The state.</summary>
        public ReadOnlySpan<float> State { get; }

        /// <summary>First hidden activations.</summary>
        public ReadOnlySpan<float> H1 { get; }

        /// <summary>Second hidden activations.</summary>
        public ReadOnlySpan<float> H2 { get; }

        /// <summary>The song.</summary>
        public int Song { get; }
    }

    /// <summary>The cached row of <paramref name="slot"/> (validated).</summary>
    protected SlotRow Slot(int slot)
    {
        if ((uint)slot >= (uint)SlotCount) throw new ArgumentOutOfRangeException(nameof(slot), slot, $"must be in [0, {SlotCount})");
        int h1 = Options.Hidden1, h2 = Options.Hidden2;
        return new SlotRow(SlotState.AsSpan(slot * StateSize, StateSize), SlotH1.AsSpan(slot * h1, h1), SlotH2.AsSpan(slot * h2, h2), SlotSong[slot]);
    }

    /// <summary>Validates a state length and a slot index.</summary>
    protected void CheckRow(int slot, ReadOnlySpan<float> state, int song)
    {
        if ((uint)slot >= (uint)SlotCount) throw new ArgumentOutOfRangeException(nameof(slot), slot, $"must be in [0, {SlotCount})");
        CheckState(state);
        if ((uint)song >= (uint)SongCount) throw new ArgumentOutOfRangeException(nameof(song), song, $"must be in [0, {SongCount})");
    }

    /// <summary>Validates a state length.</summary>
    protected void CheckState(ReadOnlySpan<float> state)
    {
        if (state.Length != StateSize) throw new ArgumentException($"state has {state.Length} values, network expects {StateSize}", nameof(state));
    }
}
