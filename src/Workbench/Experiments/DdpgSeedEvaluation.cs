using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>Recommends a list of tracks for a listening history.</summary>
public interface IListRecommender
{
    /// <summary>Writes <paramref name="list"/>.Length recommended track indices for the tracks of <paramref name="history"/>.</summary>
    void Recommend(ReadOnlySpan<int> history, Span<int> list);
}

/// <summary>How the seed-style evaluation builds its histories and which recommended tracks count.</summary>
public enum SeedEvaluationProtocol
{
    /// <summary>
    /// The seed's <c>test_actor</c>: per held-out session and round, the history is 10 random tracks of the whole
    /// session (so the tracks to be "found" are in the state), and a recommended track counts when it is anywhere
    /// in the session.
    /// </summary>
    Seed,

    /// <summary>
    /// The history is the session's first half in order; a recommended track counts when it is in the second half.
    /// </summary>
    HeldOutHalf,
}

/// <summary>Results of the seed's evaluation: skip rate of the recommended tracks found in the session, and list diversity.</summary>
/// <param name="SkipRateAgent">1 - mean rating of the recommended tracks that appear in the held-out session (the seed's "RL" bar).</param>
/// <param name="SkipRateData">The data's skip rate, 1 - mean rating over all kept rows (the seed's "traditional methods" bar).</param>
/// <param name="Diversity">Mean over lists of <c>1 - mean pairwise cosine</c> of the recommended tracks' embeddings.</param>
/// <param name="Known">Recommended tracks found in their session.</param>
/// <param name="Unknown">Recommended tracks not in their session (no rating).</param>
public sealed record SeedEvaluationResult(double SkipRateAgent, double SkipRateData, double Diversity, int Known, int Unknown)
{
    /// <summary>Fraction of recommended tracks without a rating (the seed prints it as "% unknown").</summary>
    public double UnknownFraction => Known + Unknown == 0 ? double.NaN : (double)Unknown / (Known + Unknown);
}

/// <summary>The seed's offline evaluation (notebook <c>test_actor</c>), with the protocol as an option.</summary>
public static class DdpgSeedEvaluation
{
    /// <summary>Runs <paramref name="rounds"/> rounds over <paramref name="sessions"/> with lists of <paramref name="listLength"/>.</summary>
    public static SeedEvaluationResult Run(SkipSessionSet set, IReadOnlyList<int> sessions, IListRecommender recommender, TrackEmbeddings embeddings,
        SeedEvaluationProtocol protocol, int historyLength, int listLength, int rounds, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(rng);
        var L = set.SessionLength;
        var half = SkipPrediction.FirstHalfLength(L);
        if (historyLength > (protocol == SeedEvaluationProtocol.Seed ? L : half))
            throw new WorkbenchException($"option state-length: {historyLength} tracks do not fit the evaluation's history");
        var history = new int[historyLength];
        var list = new int[listLength];
        var pick = new int[L];
        var scratch = new int[L];
        double ratingSum = 0, diversitySum = 0;
        int known = 0, unknown = 0, lists = 0;
        for (var round = 0; round < rounds; round++)
            foreach (var s in sessions)
            {
                var tracks = set.Tracks(s);
                int from, to;
                if (protocol == SeedEvaluationProtocol.Seed)
                {
                    rng.SampleWithoutReplacement(L, pick.AsSpan(0, historyLength), scratch);
                    for (var i = 0; i < historyLength; i++) history[i] = tracks[pick[i]];
                    (from, to) = (0, L);
                }
                else
                {
                    tracks.Slice(half - historyLength, historyLength).CopyTo(history);
                    (from, to) = (half, L);
                }
                recommender.Recommend(history, list);
                foreach (var item in list)
                {
                    var at = tracks[from..to].IndexOf(item);
                    if (at < 0) unknown++;
                    else
                    {
                        known++;
                        ratingSum += set.Rating(s, from + at); // the first occurrence, like the seed's l[0]
                    }
                }
                var d = embeddings.Diversity(list);
                if (!double.IsNaN(d))
                {
                    diversitySum += d;
                    lists++;
                }
            }
        return new SeedEvaluationResult(known == 0 ? double.NaN : 1 - ratingSum / known, set.SkipRate(),
            lists == 0 ? double.NaN : diversitySum / lists, known, unknown);
    }
}
