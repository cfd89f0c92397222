namespace Workbench.Training;

/// <summary>The shape of an <see cref="EpsilonSchedule"/>.</summary>
public enum EpsilonScheduleKind
{
    /// <summary>epsilon = start, always (seed 000: 0.1).</summary>
    Constant,

    /// <summary>epsilon_k = start + (end - start) * min(k, steps) / steps after k calls (DQN, Mnih et al. 2015).</summary>
    Linear,

    /// <summary>epsilon_k = max(min, epsilon_{k-1} * decay) (seeds 001 and 003: 1.0, x 0.995, floor 0.01).</summary>
    Exponential,

    /// <summary>if epsilon_{k-1} &gt; min then epsilon_k = epsilon_{k-1} * decay (the Keras-tutorial form: may end one step below min).</summary>
    ExponentialWhileAbove,
}

/// <summary>
/// An exploration-rate schedule advanced by explicit calls to <see cref="Decay"/> (per episode, per
/// step, or twice per episode as seed 001 does). The exponential forms multiply repeatedly in double
/// precision, exactly as the seeds' Python code does (not <c>Math.Pow</c>).
/// </summary>
public sealed class EpsilonSchedule
{
    private EpsilonSchedule(EpsilonScheduleKind kind, double start, double end, double decay, long steps)
    {
        if (!(start is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(start), start, "epsilon must be in [0, 1]");
        if (!(end is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(end), end, "epsilon must be in [0, 1]");
        if (!(decay is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must be in (0, 1]");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "must be >= 1");
        Kind = kind;
        Start = start;
        End = end;
        DecayFactor = decay;
        Steps = steps;
        Value = start;
    }

    /// <summary>A constant epsilon.</summary>
    public static EpsilonSchedule Constant(double epsilon) => new(EpsilonScheduleKind.Constant, epsilon, epsilon, 1, 1);

    /// <summary>Linear from <paramref name="start"/> to <paramref name="end"/> over <paramref name="steps"/> calls, then constant.</summary>
    public static EpsilonSchedule Linear(double start, double end, long steps) => new(EpsilonScheduleKind.Linear, start, end, 1, steps);

    /// <summary>epsilon = max(<paramref name="min"/>, epsilon * <paramref name="decay"/>) per call, from <paramref name="start"/>.</summary>
    public static EpsilonSchedule Exponential(double start, double decay, double min) => new(EpsilonScheduleKind.Exponential, start, min, decay, 1);

    /// <summary>if epsilon &gt; <paramref name="min"/>: epsilon *= <paramref name="decay"/> per call, from <paramref name="start"/>.</summary>
    public static EpsilonSchedule ExponentialWhileAbove(double start, double decay, double min) => new(EpsilonScheduleKind.ExponentialWhileAbove, start, min, decay, 1);

    /// <summary>The shape.</summary>
    public EpsilonScheduleKind Kind { get; }

    /// <summary>The initial value.</summary>
    public double Start { get; }

    /// <summary>The final value (linear) or the floor (exponential).</summary>
    public double End { get; }

    /// <summary>The per-call factor (exponential forms; 1 otherwise).</summary>
    public double DecayFactor { get; }

    /// <summary>The number of calls of the linear ramp (1 otherwise).</summary>
    public long Steps { get; }

    /// <summary>The current epsilon.</summary>
    public double Value { get; private set; }

    /// <summary>How many times <see cref="Decay"/> was called.</summary>
    public long Calls { get; private set; }

    /// <summary>Advances one call and returns the new epsilon.</summary>
    public double Decay()
    {
        Calls++;
        Value = Kind switch
        {
            EpsilonScheduleKind.Constant => Start,
            EpsilonScheduleKind.Linear => Start + (End - Start) * Math.Min(Calls, Steps) / Steps,
            EpsilonScheduleKind.Exponential => Math.Max(End, Value * DecayFactor),
            _ => Value > End ? Value * DecayFactor : Value,
        };
        return Value;
    }

    /// <summary>Back to the start.</summary>
    public void Reset()
    {
        Calls = 0;
        Value = Start;
    }

    /// <summary>A fresh copy at the start (the same parameters).</summary>
    public EpsilonSchedule Fresh() => new(Kind, Start, End, DecayFactor, Steps);
}

/// <summary>Epsilon-greedy action selection over action values.</summary>
public static class EpsilonGreedy
{
    /// <summary>
    /// With probability <paramref name="epsilon"/> a uniform action, else the first argmax of
    /// <paramref name="values"/>. Draws one double, plus one int when exploring, from <paramref name="rng"/>.
    /// </summary>
    public static int Select(Rng rng, double epsilon, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (values.IsEmpty) throw new ArgumentException("no actions", nameof(values));
        return rng.NextDouble() < epsilon ? rng.NextInt(values.Length) : ArgMax(values);
    }

    /// <summary>The index of the first maximum (NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("empty", nameof(values));
        var best = 0;
        var bv = float.NegativeInfinity;
        for (var i = 0; i < values.Length; i++)
            if (values[i] > bv)
            {
                bv = values[i];
                best = i;
            }
        return best;
    }
}
