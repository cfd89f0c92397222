using System.Diagnostics;
using System.Globalization;
using Workbench.Agents;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// Seed 003 (<c>workbench train audio-dqn</c>): a DQN recommends one of all tracks in 20-step sessions whose
/// state is the mean audio features of the last five songs (SEEDS.md, section 003).
/// <para>Faithful: the seed's network with one output per track, the target network initialised
/// independently, repeats rewarded like new songs, "solved" at a 100-episode average of 15 (unreachable: the
/// maximum score is 10).</para>
/// <para>Corrected: the target network starts as a copy, a repeated song earns no reward and the agent
/// chooses among unplayed tracks, an action-head network scores the tracks' features, and "solved" is a
/// 100-episode average of 9 (90% of the maximum, reached by the greedy-cosine oracle).</para>
/// Tables: "episodes" (per training episode: score, its 100-episode average, repeat fraction, cumulative
/// coverage, mean cosine, epsilon, mean loss) and "eval" (greedy episodes of the trained agent beside the
/// greedy-cosine oracle and the uniform random policy).
/// </summary>
public sealed class AudioDqnExperiment : Experiment<AudioDqnOptions>
{
    /// <inheritdoc />
    public override string Name => "audio-dqn";

    /// <inheritdoc />
    public override string Description => "Seed 003: DQN over 114,000 tracks with the history-averaged audio-feature state.";

    /// <inheritdoc />
    protected override AudioDqnOptions Defaults(RunMode mode) => mode == RunMode.Faithful
        ? new AudioDqnOptions { Mode = mode, Episodes = 2000 }
        : new AudioDqnOptions
        {
            Mode = mode,
            Episodes = 2000,
            Repeats = AudioRepeatHandling.NoReward,
            SolvedThreshold = AudioFeatureEnvironmentOptions.Corrected.SolvedThreshold,
            Network = AudioQNetworkKind.ActionHead,
            TargetStartsAsCopy = true,
            MaskPlayed = true,
        };

    /// <summary>
    /// The quick options of <paramref name="mode"/> (for <c>reproduce --quick</c>, CI and the notebook's quick
    /// mode): a 2,000-track catalog (the first 2,000 of the shuffled catalog, so the track-output layer has
    /// 2,000 outputs), 60 episodes with epsilon decaying 0.95 per episode, 20 evaluation episodes; everything
    /// else as in the full run.
    /// </summary>
    public AudioDqnOptions QuickOptions(RunMode mode) => DefaultOptionsFor(mode) with
    {
        CatalogSize = 2000,
        Episodes = 60,
        EpsilonDecay = 0.95,
        EvalEpisodes = 20,
    };

    /// <inheritdoc />
    protected override ExperimentResult Run(AudioDqnOptions o, ExperimentContext context)
    {
        o.Validate();
        var catalog = AudioDqnCatalog.Load(o, context.DataDirectory);
        var envOptions = o.EnvironmentOptions;
        var env = new AudioFeatureEnvironment(catalog, envOptions, context.Rng.Derive("env"));
        var agent = new AudioDqnAgent(catalog, o, context.Rng.Derive("agent"));
        Predicate<int>? mask = o.MaskPlayed ? env.WasPlayed : null;
        var log = new AudioDqnEpisodeLog(catalog.Count, o.ScoreWindow);
        var progress = context.CreateProgress(o.Episodes);
        var state = new float[catalog.Dimensions];
        var losses = new List<double>(o.Episodes);
        // The template's eps = max(eps_end, eps_decay * eps) after every episode.
        var exploration = EpsilonSchedule.Exponential(o.EpsilonStart, o.EpsilonDecay, o.EpsilonMin);
        var clock = Stopwatch.StartNew();
        for (var e = 0; e < o.Episodes; e++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var epsilon = exploration.Value;
            env.Reset();
            double lossSum = 0;
            var lossCount = 0;
            while (!env.Done)
            {
                var step = PlayStep(env, agent, epsilon, mask, state, out var action, out var updated);
                if (updated)
                {
                    lossSum += agent.LastLoss;
                    lossCount++;
                }
                log.Step(action, step.Reward, step.Cosine, step.Repeated);
            }
            log.EndEpisode(epsilon);
            exploration.Decay();
            losses.Add(lossCount > 0 ? lossSum / lossCount : double.NaN);
            if (progress.Due(e + 1))
                progress.Report(e + 1, metrics: new Dictionary<string, double>
                {
                    ["avg_score"] = log.AverageScores[^1],
                    ["repeats"] = log.RepeatFractions[^1],
                    ["epsilon"] = epsilon,
                });
        }
        var seconds = clock.Elapsed.TotalSeconds;

        var result = new ExperimentResult { TrainingSeconds = seconds };
        var episodes = result.AddTable("episodes");
        var n = log.Scores.Count;
        var index = new double[n];
        for (var i = 0; i < n; i++) index[i] = i + 1;
        episodes.AddColumn("episode", index, ColumnKind.Integer);
        episodes.AddColumn("score", log.Scores.ToArray());
        episodes.AddColumn("avg_score", log.AverageScores.ToArray());
        episodes.AddColumn("repeat_fraction", log.RepeatFractions.ToArray());
        episodes.AddColumn("coverage", log.Coverage.ToArray());
        episodes.AddColumn("mean_cosine", log.MeanCosines.ToArray());
        episodes.AddColumn("epsilon", log.Epsilons.ToArray());
        episodes.AddColumn("loss", losses.ToArray());

        // Greedy evaluation of the trained agent and the two reference policies on the same start songs.
        var eval = result.AddTable("eval");
        var policy = eval.AddColumn("policy", ColumnKind.Integer);
        var evalScore = eval.AddColumn("score");
        var evalRepeats = eval.AddColumn("repeat_fraction");
        var evalCoverage = eval.AddColumn("coverage");
        var evalCosine = eval.AddColumn("mean_cosine");
        var evalRng = context.Rng.Derive("eval");
        var refRng = context.Rng.Derive("reference");
        var policies = new (string Name, Func<AudioFeatureEnvironment, int> Choose)[]
        {
            ("agent", en => agent.Greedy(en.State, mask is null ? null : en.WasPlayed)),
            ("oracle", en => AudioFeatureOracle.GreedyCosine(catalog, en.State, o.MaskPlayed ? en : null)),
            ("random", en => RandomAllowed(en, refRng, o.MaskPlayed)),
        };
        var evalSummary = new List<(string Key, double Value)>();
        for (var p = 0; p < policies.Length; p++)
        {
            var evalEnv = new AudioFeatureEnvironment(catalog, envOptions, evalRng.Derive("starts"));
            var evalLog = new AudioDqnEpisodeLog(catalog.Count, Math.Max(1, o.EvalEpisodes));
            for (var e = 0; e < o.EvalEpisodes; e++)
            {
                evalEnv.Reset();
                while (!evalEnv.Done)
                {
                    var a = policies[p].Choose(evalEnv);
                    var s = evalEnv.Step(a);
                    evalLog.Step(a, s.Reward, s.Cosine, s.Repeated);
                }
                evalLog.EndEpisode(0);
            }
            if (o.EvalEpisodes == 0) continue;
            policy.Add(p);
            evalScore.Add(evalLog.Scores.Average());
            evalRepeats.Add(evalLog.RepeatFractions.Average());
            evalCoverage.Add(evalLog.Coverage[^1]);
            evalCosine.Add(evalLog.MeanCosines.Average());
            evalSummary.Add(($"eval_score_{policies[p].Name}", evalLog.Scores.Average()));
            evalSummary.Add(($"eval_repeat_fraction_{policies[p].Name}", evalLog.RepeatFractions.Average()));
            evalSummary.Add(($"eval_coverage_{policies[p].Name}", evalLog.Coverage[^1]));
        }

        var solvedAt = log.SolvedAt(o.SolvedThreshold);
        var last = Math.Min(o.ScoreWindow, n);
        result.Summary["updates"] = agent.Updates;
        result.Summary["avg_score"] = n > 0 ? log.AverageScores[^1] : double.NaN;
        result.Summary["best_avg_score"] = n > 0 ? log.AverageScores.Max() : double.NaN;
        result.Summary["repeat_fraction"] = n > 0 ? log.RepeatFractions.Skip(n - last).Average() : double.NaN;
        result.Summary["coverage"] = n > 0 ? log.Coverage[^1] : 0;
        result.Summary["solved"] = solvedAt is null ? 0 : 1;
        result.Summary["solved_episode"] = solvedAt ?? 0;
        result.Summary["solved_threshold"] = o.SolvedThreshold;
        result.Summary["max_score"] = envOptions.MaxEpisodeScore;
        result.Summary["catalog_tracks"] = catalog.Count;
        foreach (var (key, value) in evalSummary) result.Summary[key] = value;

        result.Notes["data"] = catalog.Source;
        result.Notes["features"] = string.Join(", ", catalog.FeatureNames);
        result.Notes["network"] = o.Network == AudioQNetworkKind.TrackOutputs
            ? $"{catalog.Dimensions} -> {o.Hidden} -> {o.Hidden} -> {catalog.Count} (one output per track)"
            : $"action head [{catalog.Dimensions} state; {catalog.Dimensions} track] -> {o.ActionHeadHidden} -> 1";
        result.Notes["target_init"] = o.TargetStartsAsCopy ? "copy of the online network" : "independent initialisation (the seed's quirk)";
        result.Notes["repeats"] = o.Repeats switch
        {
            AudioRepeatHandling.Rewarded => "rewarded like new songs (the seed's quirk)",
            AudioRepeatHandling.NoReward => "no reward" + (o.MaskPlayed ? "; the agent chooses among unplayed tracks" : ""),
            _ => "excluded from the action set",
        };
        result.Notes["solved"] = string.Create(CultureInfo.InvariantCulture,
            $"100-episode average >= {o.SolvedThreshold} (maximum {envOptions.MaxEpisodeScore}): {(solvedAt is null ? "not reached" : $"reached at episode {solvedAt}")}");
        result.Notes["eval_policies"] = "0 = trained agent (greedy), 1 = greedy-cosine oracle, 2 = uniform random";
        if (o.CatalogSize > 0)
            result.Notes["catalog_size"] = string.Create(CultureInfo.InvariantCulture, $"first {catalog.Count} tracks of the shuffled catalog (quick or reduced run)");
        var changed = ChangedOptions(o);
        result.Notes["changed_options"] = changed.Length == 0 ? $"none: the {(o.Mode == RunMode.Faithful ? "seed's" : "corrected")} defaults" : changed;
        foreach (var (k, v) in AudioDqnCatalog.Datasets(o, context.DataDirectory)) result.Datasets[k] = v;
        return result;
    }

    /// <summary>
    /// The options that differ from the mode's defaults, as "key=value (default D)" (what a quick or reduced run
    /// changes, for the result notes).
    /// </summary>
    public string ChangedOptions(AudioDqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = OptionsBinder.Describe(DefaultOptionsFor(options.Mode)).ToDictionary(d => d.Key, d => d.Value);
        return string.Join(", ", OptionsBinder.Describe(options)
            .Where(d => defaults.TryGetValue(d.Key, out var v) && v != d.Value)
            .Select(d => $"{d.Key}={d.Value} (default {defaults[d.Key]})"));
    }

    /// <summary>
    /// One step of the runner loop: the agent acts on the current state (copied into <paramref name="state"/>),
    /// the environment answers, the agent stores the transition and learns (<paramref name="updated"/>).
    /// </summary>
    internal static AudioStep PlayStep(AudioFeatureEnvironment env, AudioDqnAgent agent, double epsilon, Predicate<int>? mask, float[] state,
        out int action, out bool updated)
    {
        env.State.CopyTo(state);
        action = agent.Act(state, epsilon, mask);
        var step = env.Step(action);
        updated = agent.Observe(state, action, step.Reward, env.State, step.Done);
        return step;
    }

    private static int RandomAllowed(AudioFeatureEnvironment env, Rng rng, bool mask)
    {
        int a;
        do a = rng.NextInt(env.Catalog.Count);
        while (mask && env.WasPlayed(a));
        return a;
    }
}
