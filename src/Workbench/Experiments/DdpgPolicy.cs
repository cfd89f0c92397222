using System.Numerics.Tensors;
using Workbench.Agents;
using Workbench.Embeddings;

namespace Workbench.Experiments;

/// <summary>
/// A trained LIRD actor used for evaluation: as a list recommender (the K weight vectors pick tracks, optionally
/// de-duplicated and never repeating the history) and as a track scorer, <c>score(i) = max_k w_k . e_i</c>, for the
/// skip predictor. The history's track vectors are the actor's state (no labels).
/// </summary>
public sealed class DdpgPolicy : IListRecommender, ITrackScorer
{
    private readonly DdpgActor _actor;
    private readonly TrackEmbeddings _embeddings;
    private readonly ItemActionMapper _mapper;
    private readonly bool _excludeHistory;
    private readonly float[] _state;
    private readonly float[] _weights;

    /// <summary>Wraps <paramref name="actor"/> (used with batch 1) over <paramref name="embeddings"/>.</summary>
    /// <param name="actor">The online actor.</param>
    /// <param name="embeddings">The track vectors.</param>
    /// <param name="listLength">K.</param>
    /// <param name="deduplicate">Whether a list holds each track at most once (the seed's lists do not).</param>
    /// <param name="excludeHistory">Whether tracks of the history are never recommended (needs <paramref name="deduplicate"/>).</param>
    public DdpgPolicy(DdpgActor actor, TrackEmbeddings embeddings, int listLength, bool deduplicate, bool excludeHistory)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(embeddings);
        _actor = actor;
        _embeddings = embeddings;
        _mapper = new ItemActionMapper(embeddings, listLength, 1, deduplicate);
        _excludeHistory = excludeHistory && deduplicate;
        _state = new float[actor.StateSize];
        _weights = new float[actor.ActionSize];
        StateLength = actor.StateSize / embeddings.Dimension;
    }

    /// <summary>Tracks the actor reads (N); a longer history is cut to its last N tracks.</summary>
    public int StateLength { get; }

    /// <summary>The actor's K weight vectors for <paramref name="history"/> (a view valid until the next call).</summary>
    public ReadOnlySpan<float> Weights(ReadOnlySpan<int> history)
    {
        if (history.Length < StateLength) throw new ArgumentException($"the history has {history.Length} tracks, the actor reads {StateLength}", nameof(history));
        _embeddings.Gather(history[^StateLength..], _state);
        _actor.Forward(_state, 1).CopyTo(_weights);
        return _weights;
    }

    /// <inheritdoc />
    public void Recommend(ReadOnlySpan<int> history, Span<int> list)
    {
        var w = Weights(history);
        _mapper.Pick(w, 1, list, _excludeHistory ? history : default);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> history, ReadOnlySpan<int> candidates, Span<float> scores)
    {
        var w = Weights(history);
        var d = _embeddings.Dimension;
        var k = w.Length / d;
        for (var c = 0; c < candidates.Length; c++)
        {
            var e = _embeddings.Vector(candidates[c]);
            var best = float.NegativeInfinity;
            for (var j = 0; j < k; j++) best = Math.Max(best, TensorPrimitives.Dot(w.Slice(j * d, d), e));
            scores[c] = best;
        }
    }
}
