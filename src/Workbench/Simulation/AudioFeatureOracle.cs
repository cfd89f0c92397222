namespace Workbench.Simulation;

/// <summary>
/// Reference policies for seed 003's environment that know its reward (they are not learners): the
/// greedy-cosine oracle, a = argmax_a cos(s, x_a), which is the best one-step choice, and uniform random.
/// They bound what a learner can reach: replaying the state's own song gives cosine 1, so in the seed's
/// environment the oracle scores exactly 20 x 0.5 = 10, below the seed's "solved" 15.
/// </summary>
public static class AudioFeatureOracle
{
    /// <summary>
    /// The track with the largest cosine to <paramref name="state"/> (the first on ties); with
    /// <paramref name="environment"/> given, tracks already played in its episode are skipped.
    /// </summary>
    public static int GreedyCosine(AudioFeatureMatrix catalog, ReadOnlySpan<float> state, AudioFeatureEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (state.Length != catalog.Dimensions)
            throw new ArgumentException($"state has length {state.Length}; the catalog has {catalog.Dimensions} features", nameof(state));
        var d = catalog.Dimensions;
        var features = catalog.Features;
        var norms = catalog.RowNorms;
        var best = -1;
        var bestCos = double.NegativeInfinity;
        for (var i = 0; i < catalog.Count; i++)
        {
            if (environment is not null && environment.WasPlayed(i)) continue;
            double dot = 0;
            for (var j = 0; j < d; j++) dot += (double)state[j] * features[i * d + j];
            var cos = norms[i] > 0 ? dot / norms[i] : 0; // |s| is common to all tracks: it does not change the argmax
            if (cos > bestCos)
            {
                bestCos = cos;
                best = i;
            }
        }
        if (best < 0) throw new InvalidOperationException("every track was already played in this episode");
        return best;
    }

    /// <summary>
    /// The mean score (sum of rewards) of <paramref name="episodes"/> episodes played by the greedy-cosine
    /// oracle (skipping played tracks when <paramref name="avoidRepeats"/>) on a copy of the environment's
    /// options, with start tracks from <paramref name="rng"/>.
    /// </summary>
    public static double MeanGreedyScore(AudioFeatureMatrix catalog, AudioFeatureEnvironmentOptions options, int episodes, bool avoidRepeats, Training.Rng rng)
    {
        var env = new AudioFeatureEnvironment(catalog, options, rng);
        double total = 0;
        for (var e = 0; e < episodes; e++)
        {
            env.Reset();
            while (!env.Done)
                total += env.Step(GreedyCosine(catalog, env.State, avoidRepeats ? env : null)).Reward;
        }
        return episodes > 0 ? total / episodes : 0;
    }
}
