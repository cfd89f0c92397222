using System.Globalization;
using System.Numerics.Tensors;
using Workbench.Data;
using Workbench.Training;

namespace Workbench.Embeddings;

/// <summary>
/// Options of the track-embedding trainer: the seed's own (disabled) recipe, "predict a track from the other
/// tracks of its session with a linear layer and a softmax over all tracks", trained with negative sampling
/// instead of the full softmax (Mikolov et al. 2013, arXiv 1310.4546).
/// </summary>
public sealed record TrackEmbeddingOptions
{
    /// <summary>Embedding dimension d (the seed's hidden layer had 300 units).</summary>
    public int Dimension { get; init; } = 64;

    /// <summary>Passes over the corpus (every track of every corpus session is a target once per pass).</summary>
    public int Epochs { get; init; } = 80;

    /// <summary>Negative tracks drawn per target from the unigram distribution raised to <see cref="UnigramPower"/>.</summary>
    public int Negatives { get; init; } = 5;

    /// <summary>Exponent of the negative-sampling distribution (word2vec's 0.75).</summary>
    public double UnigramPower { get; init; } = 0.75;

    /// <summary>Initial SGD learning rate, decayed linearly to <c>1e-4</c> of itself over training.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>
    /// Subtract the mean vector from every track after training. CBOW vectors share a large common component
    /// (random pairs of tracks have cosine about 0.75 on the real sample without it), which would make every
    /// cosine, the simulator's and the diversity's, close to 1; removing the mean (Mu and Viswanath 2018,
    /// arXiv 1702.01417) keeps the co-occurrence structure and makes cosines informative.
    /// </summary>
    public bool Center { get; init; } = true;

    /// <summary>Seed of the initialisation, the corpus order and the negative draws.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (Dimension < 1 || Dimension > 4096) throw new WorkbenchException($"option embedding-dim: {Dimension} must be in [1, 4096]");
        if (Epochs < 0) throw new WorkbenchException($"option embedding-epochs: {Epochs} must be non-negative");
        if (Negatives < 1) throw new WorkbenchException($"option embedding-negatives: {Negatives} must be at least 1");
        if (!(LearningRate > 0)) throw new WorkbenchException($"option embedding-lr: {LearningRate} must be positive");
    }

    /// <summary>A canonical text of every option (part of the cache key).</summary>
    public string CacheKeyText() => string.Create(CultureInfo.InvariantCulture,
        $"cbow-ns/v1;dim={Dimension};epochs={Epochs};neg={Negatives};pow={UnigramPower:R};lr={LearningRate:R};center={Center};seed={Seed}");
}

/// <summary>Progress of the embedding trainer: the epoch just finished and its mean loss per target.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Loss">Mean negative-sampling loss <c>-log s(h.u_t) - sum_n log s(-h.u_n)</c> per target over the epoch.</param>
public readonly record struct EmbeddingEpoch(int Epoch, int Epochs, double Loss);

/// <summary>
/// Learns track embeddings from session co-occurrence (no skip label is used): for every track <c>t</c> of a
/// corpus session with tracks <c>C</c>, the context is <c>h = mean_{c in C, c != t} E[c]</c> and the loss is
/// <c>-log s(h . U[t]) - sum_{n ~ P^0.75} log s(-h . U[n])</c> (CBOW with negative sampling), minimised by
/// SGD. The track's embedding is its input row <c>E[t]</c>, as the seed read its first dense layer's output for a
/// one-hot input (we drop that layer's bias, which only shifts every vector by the same amount, and average
/// the context instead of summing it, which rescales the step).
/// </summary>
public static class TrackEmbeddingTrainer
{
    /// <summary>Trains embeddings for the <see cref="SkipSessionSet.TrackCount"/> tracks of <paramref name="set"/> on its corpus.</summary>
    public static TrackEmbeddings Train(SkipSessionSet set, TrackEmbeddingOptions options, IProgress<EmbeddingEpoch>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Train(set.TrackCount, set.CorpusOffsets.ToArray(), set.CorpusTracks.ToArray(), options, progress, cancellationToken);
    }

    /// <summary>Trains embeddings for <paramref name="trackCount"/> tracks on a CSR corpus (<paramref name="offsets"/> into <paramref name="tracks"/>).</summary>
    public static TrackEmbeddings Train(int trackCount, int[] offsets, int[] tracks, TrackEmbeddingOptions options,
        IProgress<EmbeddingEpoch>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (trackCount < 1) throw new WorkbenchException("the embedding corpus has no tracks (the filters kept no session)");
        foreach (var t in tracks)
            if ((uint)t >= (uint)trackCount) throw new ArgumentException($"corpus track {t} is outside [0, {trackCount})", nameof(tracks));
        var d = options.Dimension;
        var rng = new Rng(options.Seed);
        var init = rng.Derive("init");
        var input = new float[trackCount * d];
        for (var i = 0; i < input.Length; i++) input[i] = (init.NextSingle() - 0.5f) / d;
        var output = new float[trackCount * d];

        // Negative-sampling distribution: cumulative unigram^power over the corpus counts.
        var counts = new double[trackCount];
        foreach (var t in tracks) counts[t]++;
        var cumulative = new double[trackCount];
        double acc = 0;
        for (var i = 0; i < trackCount; i++)
        {
            acc += Math.Pow(counts[i], options.UnigramPower);
            cumulative[i] = acc;
        }

        var sessions = offsets.Length - 1;
        var order = new int[sessions];
        for (var i = 0; i < sessions; i++) order[i] = i;
        var h = new float[d];
        var gradH = new float[d];
        var shuffle = rng.Derive("order");
        var negatives = rng.Derive("negatives");
        long totalTargets = (long)tracks.Length * options.Epochs, seen = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            shuffle.Shuffle(order.AsSpan());
            double lossSum = 0;
            long targets = 0;
            foreach (var s in order)
            {
                var session = tracks.AsSpan(offsets[s], offsets[s + 1] - offsets[s]);
                if (session.Length < 2) continue;
                var inv = 1f / (session.Length - 1);
                for (var t = 0; t < session.Length; t++)
                {
                    var lr = options.LearningRate * (float)Math.Max(1e-4, 1 - (double)seen / totalTargets);
                    seen++;
                    // h = mean of the other tracks' input vectors.
                    h.AsSpan().Clear();
                    for (var c = 0; c < session.Length; c++)
                        if (c != t) TensorPrimitives.Add(h, input.AsSpan(session[c] * d, d), h);
                    TensorPrimitives.Multiply(h, inv, h);
                    gradH.AsSpan().Clear();
                    var target = session[t];
                    lossSum += Step(output.AsSpan(target * d, d), h, gradH, 1f, lr);
                    for (var n = 0; n < options.Negatives; n++)
                    {
                        var neg = Draw(cumulative, negatives);
                        if (neg == target) continue;
                        lossSum += Step(output.AsSpan(neg * d, d), h, gradH, 0f, lr);
                    }
                    // dL/dE[c] = dL/dh / (|C| - 1) for every context track.
                    TensorPrimitives.Multiply(gradH, inv, gradH);
                    for (var c = 0; c < session.Length; c++)
                        if (c != t) TensorPrimitives.Add(input.AsSpan(session[c] * d, d), gradH, input.AsSpan(session[c] * d, d));
                    targets++;
                }
            }
            progress?.Report(new EmbeddingEpoch(epoch + 1, options.Epochs, targets == 0 ? double.NaN : lossSum / targets));
        }
        if (options.Center)
        {
            var mean = new float[d];
            for (var t = 0; t < trackCount; t++) TensorPrimitives.Add(mean, input.AsSpan(t * d, d), mean);
            TensorPrimitives.Multiply(mean, 1f / trackCount, mean);
            for (var t = 0; t < trackCount; t++) TensorPrimitives.Subtract(input.AsSpan(t * d, d), mean, input.AsSpan(t * d, d));
        }
        return new TrackEmbeddings(d, input);
    }

    // One logistic term: score = h.u, g = lr * (label - s(score)); gradH += g * u; u += g * h. Returns its loss.
    private static double Step(Span<float> u, ReadOnlySpan<float> h, Span<float> gradH, float label, float lr)
    {
        var score = TensorPrimitives.Dot(h, u);
        var sig = 1.0 / (1.0 + Math.Exp(-score));
        var g = lr * (float)(label - sig);
        TensorPrimitives.MultiplyAdd(u, g, gradH, gradH);
        TensorPrimitives.MultiplyAdd(h, g, u, u);
        var p = label > 0 ? sig : 1 - sig;
        return -Math.Log(Math.Max(p, 1e-12));
    }

    private static int Draw(double[] cumulative, Rng rng)
    {
        var x = rng.NextDouble() * cumulative[^1];
        // Track i owns [cumulative[i-1], cumulative[i]): find the first cumulative value strictly above x.
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
