using Workbench.Training;

namespace Workbench.Replay;

/// <summary>
/// Proportional prioritized experience replay (Schaul, Quan, Antonoglou and Silver 2016): transition i
/// is sampled with probability P(i) = p_i^alpha / sum_k p_k^alpha, where p_i = |delta_i| + epsilon is
/// its last TD error; new transitions get the largest priority seen so far. Sampling is stratified
/// (one draw per equal slice of the total mass) and returns importance weights
/// w_i = (N * P(i))^-beta / max_j w_j, the maximum taken over the buffer's smallest priority.
/// Storage is a <see cref="ReplayBuffer"/>; the priorities live in a <see cref="SumTree"/>.
/// </summary>
public sealed class PrioritizedReplayBuffer
{
    private readonly SumTree _tree;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">Maximum number of transitions kept.</param>
    /// <param name="stateDim">Length of a state.</param>
    /// <param name="actionDim">0 for discrete actions, else the action vector length.</param>
    /// <param name="alpha">Priority exponent (0 = uniform; the paper's 0.6 for proportional).</param>
    /// <param name="priorityEpsilon">Added to |delta| so no transition has probability 0.</param>
    public PrioritizedReplayBuffer(int capacity, int stateDim, int actionDim = 0, double alpha = 0.6, double priorityEpsilon = 1e-6)
    {
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must be >= 0");
        if (!(priorityEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(priorityEpsilon), priorityEpsilon, "must be > 0");
        Storage = new ReplayBuffer(capacity, stateDim, actionDim);
        _tree = new SumTree(capacity);
        Alpha = alpha;
        PriorityEpsilon = priorityEpsilon;
    }

    /// <summary>The transitions.</summary>
    public ReplayBuffer Storage { get; }

    /// <summary>Priority exponent alpha.</summary>
    public double Alpha { get; }

    /// <summary>The epsilon added to |delta|.</summary>
    public double PriorityEpsilon { get; }

    /// <summary>The largest priority p (before the exponent) seen so far; new transitions get it (1 at first).</summary>
    public double MaxPriority { get; private set; } = 1;

    /// <summary>Number of transitions held.</summary>
    public int Count => Storage.Count;

    /// <summary>The sampling probability P(slot).</summary>
    public double Probability(int slot) => _tree[slot] / _tree.Total;

    /// <summary>Stores a discrete-action transition with the maximum priority; returns its slot.</summary>
    public int Add(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        var slot = Storage.Add(state, action, reward, nextState, done);
        _tree.Set(slot, Math.Pow(MaxPriority, Alpha));
        return slot;
    }

    /// <summary>Stores a vector-action transition with the maximum priority; returns its slot.</summary>
    public int Add(ReadOnlySpan<float> state, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        var slot = Storage.Add(state, action, reward, nextState, done);
        _tree.Set(slot, Math.Pow(MaxPriority, Alpha));
        return slot;
    }

    /// <summary>Samples <see cref="ReplayBatch.Size"/> transitions proportionally to priority, with importance weights for exponent <paramref name="beta"/> (annealed from about 0.4 to 1 in the paper).</summary>
    public void Sample(Rng rng, ReplayBatch batch, double beta)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(batch);
        if (Count == 0) throw new InvalidOperationException("cannot sample from an empty replay buffer");
        if (!(beta >= 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "must be >= 0");
        var total = _tree.Total;
        var segment = total / batch.Size;
        for (var i = 0; i < batch.Size; i++)
        {
            var mass = (i + rng.NextDouble()) * segment;
            batch.Indices[i] = Math.Min(_tree.Find(Math.Min(mass, total)), Count - 1);
        }
        Storage.Gather(batch.Indices, batch);
        // w_i = (N P_i)^-beta / max_j (N P_j)^-beta, with max_j at the smallest priority.
        var maxWeight = Math.Pow(Count * (_tree.Min / total), -beta);
        for (var i = 0; i < batch.Size; i++)
            batch.Weights[i] = (float)(Math.Pow(Count * (_tree[batch.Indices[i]] / total), -beta) / maxWeight);
    }

    /// <summary>Sets the priorities of <paramref name="slots"/> from their new TD errors: p = |delta| + epsilon, stored as p^alpha.</summary>
    public void UpdatePriorities(ReadOnlySpan<int> slots, ReadOnlySpan<float> tdErrors)
    {
        if (slots.Length != tdErrors.Length) throw new ArgumentException($"{slots.Length} slots but {tdErrors.Length} TD errors");
        for (var i = 0; i < slots.Length; i++)
        {
            if (!float.IsFinite(tdErrors[i])) throw new ArgumentException($"TD error {i} is {tdErrors[i]}", nameof(tdErrors));
            if ((uint)slots[i] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(slots), slots[i], $"buffer holds {Count}");
            var p = Math.Abs((double)tdErrors[i]) + PriorityEpsilon;
            MaxPriority = Math.Max(MaxPriority, p);
            _tree.Set(slots[i], Math.Pow(p, Alpha));
        }
    }
}
