namespace Workbench.Agents;

/// <summary>The two network choices of <see cref="DqnAgent"/> for seed 001.</summary>
public enum SongNetworkKind
{
    /// <summary>AH-DQN: <c>Q(s, a) = f([s; tags(a)])</c>, 42 -> 64 -> 64 -> 1, one row per candidate song.</summary>
    ActionHead,

    /// <summary>Plain DQN: <c>Q(s, .) = f(s)</c>, 21 -> 64 -> 64 -> songs, one output per song.</summary>
    Plain,
}

/// <summary>
/// A Q network over a fixed song catalog, as <see cref="DqnAgent"/> uses it: score candidates for a state, take
/// a fast max, and train on single (state, song) rows whose loss gradient sits on one Q value (the seed's
/// <c>target_f</c> trick makes every other output's gradient exactly zero). Training rows live in numbered
/// slots so a batch can be forwarded, then back-propagated row by row, then stepped once.
/// </summary>
public interface ISongQNetwork
{
    /// <summary>Which architecture this is.</summary>
    SongNetworkKind Kind { get; }

    /// <summary>State width (tags per user).</summary>
    int StateSize { get; }

    /// <summary>Number of songs of the catalog the network knows.</summary>
    int SongCount { get; }

    /// <summary>Number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Number of training slots (the largest batch).</summary>
    int SlotCount { get; }

    /// <summary>Writes <c>Q(state, song)</c> for every song of <paramref name="candidates"/> into <paramref name="q"/> (same order).</summary>
    void Score(ReadOnlySpan<float> state, SongCandidates candidates, Span<float> q);

    /// <summary>
    /// <c>max over candidates of Q(state, song)</c>, equal to the max of <see cref="Score"/> (the action head
    /// evaluates one row per distinct tag vector only).
    /// </summary>
    float MaxScore(ReadOnlySpan<float> state, SongCandidates candidates);

    /// <summary>Forward pass of one training row <c>Q(state, song)</c>, caching its activations in <paramref name="slot"/>.</summary>
    float Forward(int slot, ReadOnlySpan<float> state, int song);

    /// <summary>Sets all parameter gradients to zero.</summary>
    void ZeroGradients();

    /// <summary>Adds <c>dLoss/dQ * dQ/dtheta</c> of the row cached in <paramref name="slot"/> to the gradients.</summary>
    void Backward(int slot, float dLossDq);

    /// <summary>One optimizer step (Adam, PyTorch semantics) on the accumulated gradients.</summary>
    void Step();

    /// <summary>Copies the parameters of <paramref name="source"/> (same architecture and sizes) into this network (a hard target update).</summary>
    void CopyParametersFrom(ISongQNetwork source);

    /// <summary>The parameters as one flat span (layer by layer: weights then bias).</summary>
    ReadOnlySpan<float> Parameters { get; }

    /// <summary>Overwrites the parameters (same layout as <see cref="Parameters"/>).</summary>
    void SetParameters(ReadOnlySpan<float> parameters);
}
