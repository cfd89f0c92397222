using Workbench.Embeddings;
using Workbench.Neural;

namespace Workbench.Agents;

/// <summary>Maps a batch of actor outputs ("proto-actions") to the actions the critic and the environment see.</summary>
public interface IDdpgActionMapper
{
    /// <summary>Writes the actions [batch, ActionSize] for <paramref name="proto"/> [batch, ActionSize].</summary>
    void Map(ReadOnlySpan<float> proto, int batch, Span<float> actions);
}

/// <summary>The identity map: the actor's output is the action (continuous-control DDPG; used by the toy tests).</summary>
public sealed class IdentityActionMapper : IDdpgActionMapper
{
    /// <inheritdoc />
    public void Map(ReadOnlySpan<float> proto, int batch, Span<float> actions) => proto.CopyTo(actions);
}

/// <summary>
/// LIRD's list mapping (the seed's <c>get_recommendation_list</c>): each of the K weight vectors <c>w_k</c> picks
/// <c>argmax_i w_k . e_i</c> over all tracks, and the action is the picked tracks' embeddings concatenated. With
/// <see cref="Deduplicate"/> a track already picked for an earlier slot of the same list (or excluded) is skipped;
/// the seed does not deduplicate, so one track can fill several slots. Scores for the whole batch are one SGEMM.
/// </summary>
public sealed class ItemActionMapper : IDdpgActionMapper
{
    private readonly TrackEmbeddings _embeddings;
    private readonly float[] _scores;
    private readonly int[] _items;

    /// <summary>Creates the mapper for lists of <paramref name="listLength"/> tracks and batches up to <paramref name="maxBatch"/>.</summary>
    public ItemActionMapper(TrackEmbeddings embeddings, int listLength, int maxBatch, bool deduplicate)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        _embeddings = embeddings;
        ListLength = listLength;
        Deduplicate = deduplicate;
        _scores = new float[maxBatch * listLength * embeddings.Count];
        _items = new int[maxBatch * listLength];
        MaxBatch = maxBatch;
    }

    /// <summary>K.</summary>
    public int ListLength { get; }

    /// <summary>Whether a list holds each track at most once.</summary>
    public bool Deduplicate { get; }

    /// <summary>Largest batch.</summary>
    public int MaxBatch { get; }

    /// <summary>The tracks picked by the last <see cref="Map"/> or <see cref="Pick"/>, K per row.</summary>
    public ReadOnlySpan<int> LastItems => _items;

    /// <inheritdoc />
    public void Map(ReadOnlySpan<float> proto, int batch, Span<float> actions)
    {
        var items = _items.AsSpan(0, batch * ListLength);
        Pick(proto, batch, items, default);
        _embeddings.Gather(items, actions[..(batch * ListLength * _embeddings.Dimension)]);
    }

    /// <summary>
    /// Picks K tracks per row of <paramref name="proto"/> into <paramref name="items"/>; <paramref name="exclude"/> (used
    /// with <see cref="Deduplicate"/>, for batch 1) lists tracks that may not be picked, e.g. the listening history.
    /// </summary>
    public void Pick(ReadOnlySpan<float> proto, int batch, Span<int> items, ReadOnlySpan<int> exclude)
    {
        if ((uint)batch > (uint)MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be in [0, {MaxBatch}]");
        int d = _embeddings.Dimension, v = _embeddings.Count, k = ListLength;
        if (proto.Length < batch * k * d) throw new ArgumentException($"proto-actions hold {proto.Length} floats, {batch} x {k} x {d} needed", nameof(proto));
        if (items.Length < batch * k) throw new ArgumentException($"items holds {items.Length}, {batch * k} needed", nameof(items));
        // scores[(b*K + k), i] = w_{b,k} . e_i
        var scores = _scores.AsSpan(0, batch * k * v);
        Sgemm.NT(batch * k, v, d, proto[..(batch * k * d)], _embeddings.Vectors, scores);
        for (var b = 0; b < batch; b++)
            for (var slot = 0; slot < k; slot++)
            {
                var row = scores.Slice((b * k + slot) * v, v);
                var best = -1;
                var bestScore = float.NegativeInfinity;
                for (var i = 0; i < v; i++)
                {
                    var s = row[i];
                    if (!(s > bestScore)) continue;
                    if (Deduplicate && (items.Slice(b * k, slot).Contains(i) || exclude.Contains(i))) continue;
                    best = i;
                    bestScore = s;
                }
                items[b * k + slot] = best < 0 ? 0 : best;
            }
        if (!items.Overlaps(_items)) items[..(batch * k)].CopyTo(_items);
    }
}
