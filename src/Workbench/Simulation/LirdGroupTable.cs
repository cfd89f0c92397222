using System.Numerics.Tensors;
using Workbench.Data;
using Workbench.Embeddings;

namespace Workbench.Simulation;

/// <summary>How member states and actions are normalised before they are averaged into a group's mean.</summary>
public enum GroupNormalization
{
    /// <summary>
    /// The seed's <c>states / np.linalg.norm(states, 2, axis=1)[:, np.newaxis]</c> on an (n, N, d) array: each
    /// embedding dimension is divided by its norm across the N items of the member, not by the member's norm.
    /// </summary>
    PerDimensionAcrossItems,

    /// <summary>Each member's flattened state (or action) is scaled to unit length, as LIRD's <c>s_x / |s_x|</c> intends.</summary>
    PerMember,
}

/// <summary>
/// LIRD's grouped simulator memory (Zhao et al. 2018, arXiv 1801.00209, section 4.1; the seed's
/// <c>Environment.get_groups</c>): the training samples grouped by their reward tuple, each group with its size,
/// its tuple <c>r_g</c> and the mean of its members' normalised embedded states <c>s_g</c> (N x d) and actions
/// <c>a_g</c> (K x d). Groups are in ascending lexicographic order of their tuples (pandas' groupby order).
/// </summary>
public sealed class LirdGroupTable
{
    private readonly float[] _rewards;
    private readonly float[] _states;
    private readonly float[] _actions;
    private readonly int[] _sizes;

    private LirdGroupTable(int stateWidth, int actionWidth, int k, float[] rewards, float[] states, float[] actions, int[] sizes)
    {
        StateWidth = stateWidth;
        ActionWidth = actionWidth;
        ActionLength = k;
        _rewards = rewards;
        _states = states;
        _actions = actions;
        _sizes = sizes;
    }

    /// <summary>Number of groups.</summary>
    public int Count => _sizes.Length;

    /// <summary>Floats per embedded state (N x d).</summary>
    public int StateWidth { get; }

    /// <summary>Floats per embedded action (K x d).</summary>
    public int ActionWidth { get; }

    /// <summary>Items per action (K).</summary>
    public int ActionLength { get; }

    /// <summary>The reward tuple of group <paramref name="g"/>.</summary>
    public ReadOnlySpan<float> Rewards(int g) => _rewards.AsSpan(g * ActionLength, ActionLength);

    /// <summary>The mean normalised state of group <paramref name="g"/>.</summary>
    public ReadOnlySpan<float> MeanState(int g) => _states.AsSpan(g * StateWidth, StateWidth);

    /// <summary>The mean normalised action of group <paramref name="g"/>.</summary>
    public ReadOnlySpan<float> MeanAction(int g) => _actions.AsSpan(g * ActionWidth, ActionWidth);

    /// <summary>Number of samples in group <paramref name="g"/>.</summary>
    public int Size(int g) => _sizes[g];

    /// <summary>A table from explicit groups (for tests and hand-made simulators): tuples, mean states and mean actions, group after group.</summary>
    public static LirdGroupTable FromMeans(int actionLength, float[] rewards, float[] meanStates, float[] meanActions, int[]? sizes = null)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(meanStates);
        ArgumentNullException.ThrowIfNull(meanActions);
        var g = rewards.Length / actionLength;
        if (g < 1 || rewards.Length != g * actionLength || meanStates.Length % g != 0 || meanActions.Length % g != 0)
            throw new ArgumentException("rewards, mean states and mean actions must describe the same number of groups");
        return new LirdGroupTable(meanStates.Length / g, meanActions.Length / g, actionLength, rewards, meanStates, meanActions,
            sizes ?? Enumerable.Repeat(1, g).ToArray());
    }

    /// <summary>Groups <paramref name="samples"/> by reward tuple and averages their normalised embedded states and actions.</summary>
    public static LirdGroupTable Build(LirdSamples samples, TrackEmbeddings embeddings, GroupNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(embeddings);
        if (samples.Count == 0) throw new WorkbenchException("the LIRD simulator needs at least one training sample");
        int n = samples.StateLength, k = samples.ActionLength, d = embeddings.Dimension;
        var byTuple = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
        {
            var key = string.Join(",", samples.Reward(i).ToArray().Select(r => r.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            if (!byTuple.TryGetValue(key, out var list)) byTuple[key] = list = [];
            list.Add(i);
        }
        // Order groups by their tuples numerically (lexicographic over floats), like pandas' sorted groupby keys.
        var groups = byTuple.Values.OrderBy(l => l[0], Comparer<int>.Create((a, b) => CompareTuples(samples.Reward(a), samples.Reward(b)))).ToList();
        var rewards = new float[groups.Count * k];
        var states = new float[groups.Count * n * d];
        var actions = new float[groups.Count * k * d];
        var sizes = new int[groups.Count];
        var scratchS = new float[n * d];
        var scratchA = new float[k * d];
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g];
            sizes[g] = members.Count;
            samples.Reward(members[0]).CopyTo(rewards.AsSpan(g * k, k));
            var ms = states.AsSpan(g * n * d, n * d);
            var ma = actions.AsSpan(g * k * d, k * d);
            foreach (var m in members)
            {
                embeddings.Gather(samples.State(m), scratchS);
                Normalize(scratchS, n, d, normalization);
                TensorPrimitives.Add(ms, scratchS, ms);
                embeddings.Gather(samples.Action(m), scratchA);
                Normalize(scratchA, k, d, normalization);
                TensorPrimitives.Add(ma, scratchA, ma);
            }
            TensorPrimitives.Multiply(ms, 1f / members.Count, ms);
            TensorPrimitives.Multiply(ma, 1f / members.Count, ma);
        }
        return new LirdGroupTable(n * d, k * d, k, rewards, states, actions, sizes);
    }

    private static int CompareTuples(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>Normalises one member (rows x d, row-major) in place; a zero norm leaves its entries at zero.</summary>
    internal static void Normalize(Span<float> x, int rows, int d, GroupNormalization normalization)
    {
        if (normalization == GroupNormalization.PerMember)
        {
            var norm = TensorPrimitives.Norm(x);
            if (norm > 0) TensorPrimitives.Multiply(x, 1f / norm, x);
            return;
        }
        for (var j = 0; j < d; j++)
        {
            double ss = 0;
            for (var i = 0; i < rows; i++) ss += (double)x[i * d + j] * x[i * d + j];
            var inv = ss > 0 ? (float)(1 / Math.Sqrt(ss)) : 0f;
            for (var i = 0; i < rows; i++) x[i * d + j] *= inv;
        }
    }

    /// <summary>
    /// LIRD's grouped-cosine probabilities: <c>p_g = (alpha cos(s, s_g) + (1 - alpha) cos(a, a_g)) / sum_h (...)</c>
    /// for an embedded state <paramref name="state"/> (N x d) and action <paramref name="action"/> (K x d). Written into
    /// <paramref name="probabilities"/> (length <see cref="Count"/>); returns the index of the most probable group
    /// (the first on ties, like <c>np.argmax</c>). As in the seed, the normaliser is a plain sum, so negative cosines
    /// give negative "probabilities".
    /// </summary>
    public int Probabilities(ReadOnlySpan<float> state, ReadOnlySpan<float> action, double alpha, Span<double> probabilities)
    {
        if (state.Length != StateWidth) throw new ArgumentException($"state has {state.Length} floats, the table's states have {StateWidth}", nameof(state));
        if (action.Length != ActionWidth) throw new ArgumentException($"action has {action.Length} floats, the table's actions have {ActionWidth}", nameof(action));
        if (probabilities.Length != Count) throw new ArgumentException($"probabilities holds {probabilities.Length} values, the table has {Count} groups", nameof(probabilities));
        double sum = 0;
        for (var g = 0; g < Count; g++)
        {
            var p = alpha * Cosine(state, MeanState(g)) + (1 - alpha) * Cosine(action, MeanAction(g));
            probabilities[g] = p;
            sum += p;
        }
        var best = 0;
        for (var g = 0; g < Count; g++)
        {
            probabilities[g] = sum == 0 ? 1.0 / Count : probabilities[g] / sum;
            if (probabilities[g] > probabilities[best]) best = g;
        }
        return best;
    }

    /// <summary>
    /// The simulated reward <c>sum_g p_g sum_k gamma^k r_{g,k}</c> (the seed's "grouped cosine" reward), with the
    /// probabilities of <see cref="Probabilities"/>; <paramref name="mostProbable"/> is the group whose tuple the
    /// environment uses to push items into the state.
    /// </summary>
    public double Reward(ReadOnlySpan<float> state, ReadOnlySpan<float> action, double alpha, double gamma, Span<double> probabilities, out int mostProbable)
    {
        mostProbable = Probabilities(state, action, alpha, probabilities);
        double total = 0;
        for (var g = 0; g < Count; g++)
        {
            var r = Rewards(g);
            double discounted = 0, w = 1;
            for (var k = 0; k < r.Length; k++)
            {
                discounted += w * r[k];
                w *= gamma;
            }
            total += probabilities[g] * discounted;
        }
        return total;
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var na = TensorPrimitives.Norm(a);
        var nb = TensorPrimitives.Norm(b);
        return na == 0 || nb == 0 ? 0 : TensorPrimitives.Dot(a, b) / ((double)na * nb);
    }
}
