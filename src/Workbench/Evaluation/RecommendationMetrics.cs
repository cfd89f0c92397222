namespace Workbench.Evaluation;

/// <summary>
/// Metrics of recommended lists and sequences: list precision and recall, hit rate, NDCG, list
/// diversity, catalog coverage, fraction of repeats and the mean reward ratio. Items are catalog
/// indices; lists are spans.
/// </summary>
public static class RecommendationMetrics
{
    /// <summary>|recommended ∩ relevant| / |recommended| (precision at k = the list's length).</summary>
    public static double Precision(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant)
    {
        if (recommended.IsEmpty) throw new ArgumentException("empty recommendation list", nameof(recommended));
        return (double)Hits(recommended, relevant) / recommended.Length;
    }

    /// <summary>|recommended ∩ relevant| / |relevant| (NaN when nothing is relevant).</summary>
    public static double Recall(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant) =>
        relevant.IsEmpty ? double.NaN : (double)Hits(recommended, relevant) / Distinct(relevant);

    /// <summary>Whether any recommended item is relevant.</summary>
    public static bool IsHit(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant) => Hits(recommended, relevant) > 0;

    /// <summary>The fraction of users (or sessions) whose recommendation was a hit: mean of <paramref name="hits"/>.</summary>
    public static double HitRate(ReadOnlySpan<bool> hits)
    {
        if (hits.IsEmpty) throw new ArgumentException("no users", nameof(hits));
        var n = 0;
        foreach (var h in hits) if (h) n++;
        return (double)n / hits.Length;
    }

    /// <summary>
    /// Binary NDCG of a ranked list: DCG = sum over hit positions i (0-based) of 1 / log2(i + 2), divided
    /// by the ideal DCG with min(k, |relevant|) hits at the top (Järvelin and Kekäläinen 2002). 0 when nothing is relevant.
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> ranked, ReadOnlySpan<int> relevant)
    {
        if (ranked.IsEmpty) throw new ArgumentException("empty ranking", nameof(ranked));
        double dcg = 0, ideal = 0;
        for (var i = 0; i < ranked.Length; i++)
            if (relevant.Contains(ranked[i]) && ranked[..i].IndexOf(ranked[i]) < 0)
                dcg += 1 / Math.Log2(i + 2);
        var best = Math.Min(ranked.Length, Distinct(relevant));
        for (var i = 0; i < best; i++) ideal += 1 / Math.Log2(i + 2);
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>
    /// Intra-list diversity: 1 - the mean cosine similarity over all pairs i &lt; j of the list's item
    /// vectors, <paramref name="vectors"/> being the list's n rows of <paramref name="dim"/> floats
    /// (row-major). A pair with a zero vector has cosine 0. Seed 002's "diversity".
    /// </summary>
    public static double Diversity(ReadOnlySpan<float> vectors, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if (vectors.Length % dim != 0) throw new ArgumentException($"{vectors.Length} floats are not rows of {dim}", nameof(vectors));
        var n = vectors.Length / dim;
        if (n < 2) throw new ArgumentException("diversity needs at least 2 items", nameof(vectors));
        double sum = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                sum += Cosine(vectors.Slice(i * dim, dim), vectors.Slice(j * dim, dim));
        return 1 - sum / (n * (n - 1) / 2.0);
    }

    /// <summary>Intra-list diversity of <paramref name="items"/>, looking their vectors up in <paramref name="embeddings"/> (catalog rows of <paramref name="dim"/> floats).</summary>
    public static double Diversity(ReadOnlySpan<int> items, ReadOnlySpan<float> embeddings, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if (items.Length < 2) throw new ArgumentException("diversity needs at least 2 items", nameof(items));
        var rows = embeddings.Length / dim;
        foreach (var it in items)
            if ((uint)it >= (uint)rows) throw new ArgumentOutOfRangeException(nameof(items), it, $"catalog has {rows} items");
        double sum = 0;
        for (var i = 0; i < items.Length; i++)
            for (var j = i + 1; j < items.Length; j++)
                sum += Cosine(embeddings.Slice(items[i] * dim, dim), embeddings.Slice(items[j] * dim, dim));
        return 1 - sum / (items.Length * (items.Length - 1) / 2.0);
    }

    /// <summary>Cosine similarity a.b / (|a| |b|), computed in double; 0 when either vector is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of length {a.Length} and {b.Length}");
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>Catalog coverage: the number of distinct items in <paramref name="recommended"/> / <paramref name="catalogSize"/>.</summary>
    public static double CatalogCoverage(ReadOnlySpan<int> recommended, int catalogSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(catalogSize, 1);
        var seen = new bool[catalogSize];
        var distinct = 0;
        foreach (var it in recommended)
        {
            if ((uint)it >= (uint)catalogSize) throw new ArgumentOutOfRangeException(nameof(recommended), it, $"catalog has {catalogSize} items");
            if (seen[it]) continue;
            seen[it] = true;
            distinct++;
        }
        return (double)distinct / catalogSize;
    }

    /// <summary>
    /// The fraction of positions of <paramref name="sequence"/> whose item already appeared earlier in it
    /// (<paramref name="window"/> = 0), or among the <paramref name="window"/> items just before it. Seed 003
    /// earns reward by repeating one song; this measures it.
    /// </summary>
    public static double RepeatFraction(ReadOnlySpan<int> sequence, int window = 0)
    {
        if (sequence.IsEmpty) throw new ArgumentException("empty sequence", nameof(sequence));
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        var repeats = 0;
        for (var i = 1; i < sequence.Length; i++)
        {
            var from = window == 0 ? 0 : Math.Max(0, i - window);
            if (sequence[from..i].Contains(sequence[i])) repeats++;
        }
        return (double)repeats / sequence.Length;
    }

    /// <summary>
    /// Mean reward ratio: mean(achieved) / mean(optimal) = sum(achieved) / sum(optimal), for example the
    /// greedy recommendation's reward over the best song's reward per held-out user (seed 001's
    /// <c>eval_reward_ratio</c>). 1 = oracle.
    /// </summary>
    public static double MeanRewardRatio(ReadOnlySpan<double> achieved, ReadOnlySpan<double> optimal)
    {
        if (achieved.Length != optimal.Length) throw new ArgumentException($"{achieved.Length} achieved but {optimal.Length} optimal rewards");
        if (achieved.IsEmpty) throw new ArgumentException("no users", nameof(achieved));
        double a = 0, o = 0;
        for (var i = 0; i < achieved.Length; i++)
        {
            a += achieved[i];
            o += optimal[i];
        }
        if (o == 0) throw new ArgumentException("the optimal rewards sum to 0; the ratio is undefined", nameof(optimal));
        return a / o;
    }

    private static int Hits(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant)
    {
        // Distinct recommended items that are relevant (a duplicate in the list does not count twice).
        var hits = 0;
        for (var i = 0; i < recommended.Length; i++)
            if (relevant.Contains(recommended[i]) && recommended[..i].IndexOf(recommended[i]) < 0) hits++;
        return hits;
    }

    private static int Distinct(ReadOnlySpan<int> items)
    {
        var n = 0;
        for (var i = 0; i < items.Length; i++)
            if (items[..i].IndexOf(items[i]) < 0) n++;
        return n;
    }
}
