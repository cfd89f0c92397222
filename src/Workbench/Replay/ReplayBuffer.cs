using Workbench.Training;

namespace Workbench.Replay;

/// <summary>
/// A fixed-capacity experience replay ring buffer stored as struct-of-arrays: states, actions (one int
/// per transition, or a float vector when <see cref="ActionDim"/> &gt; 0), rewards, next states and
/// done flags each live in one flat array. When full, the oldest transition is overwritten (Python's
/// <c>deque(maxlen=capacity)</c>). Sampling writes into caller-owned spans or a reusable
/// <see cref="ReplayBatch"/>: nothing allocates per sample. Not thread-safe (one buffer per agent).
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _states;
    private readonly float[] _nextStates;
    private readonly int[] _actions;
    private readonly float[] _actionVectors;
    private readonly float[] _rewards;
    private readonly float[] _dones;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">Maximum number of transitions kept.</param>
    /// <param name="stateDim">Length of a state (and of a next state).</param>
    /// <param name="actionDim">0 for discrete actions (one int each), else the length of a continuous action vector.</param>
    public ReplayBuffer(int capacity, int stateDim, int actionDim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateDim, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(actionDim);
        Capacity = capacity;
        StateDim = stateDim;
        ActionDim = actionDim;
        _states = new float[checked(capacity * stateDim)];
        _nextStates = new float[checked(capacity * stateDim)];
        _actions = actionDim == 0 ? new int[capacity] : [];
        _actionVectors = actionDim > 0 ? new float[checked(capacity * actionDim)] : [];
        _rewards = new float[capacity];
        _dones = new float[capacity];
    }

    /// <summary>Maximum number of transitions kept.</summary>
    public int Capacity { get; }

    /// <summary>Length of a state.</summary>
    public int StateDim { get; }

    /// <summary>0 for discrete actions, else the length of an action vector.</summary>
    public int ActionDim { get; }

    /// <summary>Whether actions are ints (<see cref="ActionDim"/> == 0).</summary>
    public bool IsDiscrete => ActionDim == 0;

    /// <summary>Number of transitions held (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The slot the next transition goes to.</summary>
    public int Position { get; private set; }

    /// <summary>Transitions added since creation (or <see cref="Clear"/>), overwritten ones included.</summary>
    public long TotalAdded { get; private set; }

    /// <summary>Stores a transition with a discrete action; returns its slot.</summary>
    public int Add(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        if (!IsDiscrete) throw new InvalidOperationException($"this buffer stores action vectors of length {ActionDim}; pass a span");
        var slot = Store(state, reward, nextState, done);
        _actions[slot] = action;
        return Advance(slot);
    }

    /// <summary>Stores a transition with a continuous action vector; returns its slot.</summary>
    public int Add(ReadOnlySpan<float> state, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        if (IsDiscrete) throw new InvalidOperationException("this buffer stores discrete actions; pass an int");
        if (action.Length != ActionDim) throw new ArgumentException($"action has length {action.Length}, expected {ActionDim}", nameof(action));
        var slot = Store(state, reward, nextState, done);
        action.CopyTo(_actionVectors.AsSpan(slot * ActionDim, ActionDim));
        return Advance(slot);
    }

    /// <summary>The slot of the <paramref name="age"/>-th oldest transition (0 = oldest), as a deque index.</summary>
    public int Slot(int age)
    {
        if ((uint)age >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(age), age, $"buffer holds {Count}");
        var start = Count < Capacity ? 0 : Position;
        var s = start + age;
        return s >= Capacity ? s - Capacity : s;
    }

    /// <summary>The state stored in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> State(int slot) => _states.AsSpan(CheckSlot(slot) * StateDim, StateDim);

    /// <summary>The next state stored in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> NextState(int slot) => _nextStates.AsSpan(CheckSlot(slot) * StateDim, StateDim);

    /// <summary>The discrete action stored in <paramref name="slot"/>.</summary>
    public int Action(int slot) => IsDiscrete ? _actions[CheckSlot(slot)] : throw new InvalidOperationException("actions are vectors; use ActionVector");

    /// <summary>The action vector stored in <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> ActionVector(int slot) =>
        IsDiscrete ? throw new InvalidOperationException("actions are ints; use Action") : _actionVectors.AsSpan(CheckSlot(slot) * ActionDim, ActionDim);

    /// <summary>The reward stored in <paramref name="slot"/>.</summary>
    public float Reward(int slot) => _rewards[CheckSlot(slot)];

    /// <summary>Whether the transition in <paramref name="slot"/> was terminal.</summary>
    public bool Done(int slot) => _dones[CheckSlot(slot)] != 0;

    /// <summary>Writes uniform slots in [0, Count), with replacement, into <paramref name="slots"/>.</summary>
    public void SampleIndices(Rng rng, Span<int> slots)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        for (var i = 0; i < slots.Length; i++) slots[i] = rng.NextInt(Count);
    }

    /// <summary>
    /// Writes distinct uniform slots (sampling without replacement, as Python's <c>random.sample</c>) into
    /// <paramref name="slots"/>, by rejection: O(k^2) for k = slots.Length, meant for batch sizes.
    /// </summary>
    public void SampleDistinct(Rng rng, Span<int> slots)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (slots.Length > Count) throw new InvalidOperationException($"cannot draw {slots.Length} distinct transitions from {Count}");
        for (var i = 0; i < slots.Length; i++)
        {
            int s;
            do s = rng.NextInt(Count);
            while (slots[..i].Contains(s));
            slots[i] = s;
        }
    }

    /// <summary>Samples <see cref="ReplayBatch.Size"/> transitions into <paramref name="batch"/> (distinct when <paramref name="distinct"/>); weights are 1.</summary>
    public void Sample(Rng rng, ReplayBatch batch, bool distinct = false)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (distinct) SampleDistinct(rng, batch.Indices);
        else SampleIndices(rng, batch.Indices);
        Gather(batch.Indices, batch);
        batch.Weights.AsSpan().Fill(1f);
    }

    /// <summary>Copies the transitions in <paramref name="slots"/> into the first rows of <paramref name="batch"/>.</summary>
    public void Gather(ReadOnlySpan<int> slots, ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.StateDim != StateDim || batch.ActionDim != ActionDim)
            throw new ArgumentException($"batch has state {batch.StateDim} / action {batch.ActionDim}, buffer {StateDim} / {ActionDim}", nameof(batch));
        if (slots.Length > batch.Size) throw new ArgumentException($"{slots.Length} slots exceed the batch size {batch.Size}", nameof(slots));
        for (var i = 0; i < slots.Length; i++)
        {
            var s = CheckSlot(slots[i]);
            batch.Indices[i] = s; // same value when slots is batch.Indices
            _states.AsSpan(s * StateDim, StateDim).CopyTo(batch.States.AsSpan(i * StateDim, StateDim));
            _nextStates.AsSpan(s * StateDim, StateDim).CopyTo(batch.NextStates.AsSpan(i * StateDim, StateDim));
            if (IsDiscrete) batch.Actions[i] = _actions[s];
            else _actionVectors.AsSpan(s * ActionDim, ActionDim).CopyTo(batch.ActionVectors.AsSpan(i * ActionDim, ActionDim));
            batch.Rewards[i] = _rewards[s];
            batch.Dones[i] = _dones[s];
        }
    }

    /// <summary>Forgets every transition.</summary>
    public void Clear()
    {
        Count = 0;
        Position = 0;
        TotalAdded = 0;
    }

    private int Store(ReadOnlySpan<float> state, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        if (state.Length != StateDim) throw new ArgumentException($"state has length {state.Length}, expected {StateDim}", nameof(state));
        if (nextState.Length != StateDim) throw new ArgumentException($"next state has length {nextState.Length}, expected {StateDim}", nameof(nextState));
        var slot = Position;
        state.CopyTo(_states.AsSpan(slot * StateDim, StateDim));
        nextState.CopyTo(_nextStates.AsSpan(slot * StateDim, StateDim));
        _rewards[slot] = reward;
        _dones[slot] = done ? 1f : 0f;
        return slot;
    }

    private int Advance(int slot)
    {
        Position = slot + 1 == Capacity ? 0 : slot + 1;
        if (Count < Capacity) Count++;
        TotalAdded++;
        return slot;
    }

    private int CheckSlot(int slot) =>
        (uint)slot < (uint)Count ? slot : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"buffer holds {Count} transitions");
}

/// <summary>
/// A reusable minibatch filled by <see cref="ReplayBuffer.Sample"/> or
/// <see cref="PrioritizedReplayBuffer.Sample"/>: row-major states and next states
/// (<see cref="Size"/> x <see cref="StateDim"/>), actions, rewards, done flags as 1/0 floats (so a
/// target reads r + gamma * (1 - done) * max Q), the sampled slots and importance weights.
/// </summary>
public sealed class ReplayBatch
{
    /// <summary>Allocates a batch of <paramref name="size"/> rows.</summary>
    public ReplayBatch(int size, int stateDim, int actionDim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateDim, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(actionDim);
        Size = size;
        StateDim = stateDim;
        ActionDim = actionDim;
        Indices = new int[size];
        States = new float[size * stateDim];
        NextStates = new float[size * stateDim];
        Actions = actionDim == 0 ? new int[size] : [];
        ActionVectors = actionDim > 0 ? new float[size * actionDim] : [];
        Rewards = new float[size];
        Dones = new float[size];
        Weights = new float[size];
    }

    /// <summary>Rows in the batch.</summary>
    public int Size { get; }

    /// <summary>Length of a state.</summary>
    public int StateDim { get; }

    /// <summary>0 for discrete actions, else the action vector length.</summary>
    public int ActionDim { get; }

    /// <summary>The buffer slots sampled (for <see cref="PrioritizedReplayBuffer.UpdatePriorities"/>).</summary>
    public int[] Indices { get; }

    /// <summary>States, row-major Size x StateDim.</summary>
    public float[] States { get; }

    /// <summary>Next states, row-major Size x StateDim.</summary>
    public float[] NextStates { get; }

    /// <summary>Discrete actions (empty for vector actions).</summary>
    public int[] Actions { get; }

    /// <summary>Action vectors, row-major Size x ActionDim (empty for discrete actions).</summary>
    public float[] ActionVectors { get; }

    /// <summary>Rewards.</summary>
    public float[] Rewards { get; }

    /// <summary>1 for terminal transitions, 0 otherwise.</summary>
    public float[] Dones { get; }

    /// <summary>Importance-sampling weights (1 for uniform sampling).</summary>
    public float[] Weights { get; }

    /// <summary>Row <paramref name="i"/>'s state.</summary>
    public Span<float> State(int i) => States.AsSpan(i * StateDim, StateDim);

    /// <summary>Row <paramref name="i"/>'s next state.</summary>
    public Span<float> NextState(int i) => NextStates.AsSpan(i * StateDim, StateDim);

    /// <summary>Row <paramref name="i"/>'s action vector.</summary>
    public Span<float> ActionVector(int i) => ActionVectors.AsSpan(i * ActionDim, ActionDim);
}
