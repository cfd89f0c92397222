using Workbench.Agents;
using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Benchmarks;

/// <summary>
/// Seed 003's end-to-end benchmarks (<c>workbench bench --filter audio-dqn</c>): updates per second of the whole
/// agent step on the 114,000-track synthetic catalog, act (epsilon-greedy over all tracks) + environment step +
/// replay store and sample + DQN update + soft target update, beside the neural engine's raw network update
/// (<c>spotify-003-update</c>). Compare with <c>python3 shared/peers/dqn_torch.py spotify003 30 --threads 1|2</c>,
/// which times the network update alone.
/// </summary>
public sealed class AudioDqnBenchmarks : IBenchmarkProvider
{
    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> Cases()
    {
        yield return new("audio-dqn-faithful", "updates/s",
            "seed 003 faithful agent step, 114000 tracks: greedy act over all outputs + env + replay + fused update + soft update",
            () => Body(RunMode.Faithful, epsilon: 0));
        yield return new("audio-dqn-faithful-explore", "updates/s",
            "seed 003 faithful agent step, 114000 tracks, epsilon 1 (random act, as in the first episodes)",
            () => Body(RunMode.Faithful, epsilon: 1));
        yield return new("audio-dqn-corrected", "updates/s",
            "seed 003 corrected agent step, 114000 tracks: action-head scorer, masked greedy act, target max over the whole catalog",
            () => Body(RunMode.Corrected, epsilon: 0));
    }

    private static BenchmarkBody Body(RunMode mode, double epsilon)
    {
        var options = new AudioDqnExperiment().DefaultOptionsFor(mode) with { Catalog = AudioCatalogSource.Synthetic };
        var catalog = AudioDqnCatalog.Load(options, dataDirectory: null);
        var rng = new Rng(1);
        var env = new AudioFeatureEnvironment(catalog, options.EnvironmentOptions, rng.Derive("env"));
        var agent = new AudioDqnAgent(catalog, options, rng.Derive("agent"));
        Predicate<int>? mask = options.MaskPlayed ? env.WasPlayed : null;
        var state = new float[catalog.Dimensions];
        // Fill the buffer with 1,000 random transitions (not timed), so every timed step samples and updates.
        env.Reset();
        for (var i = 0; i < 1000; i++)
        {
            if (env.Done) env.Reset();
            env.State.CopyTo(state);
            var a = agent.Act(state, 1.0, mask);
            var s = env.Step(a);
            agent.Store(state, a, s.Reward, env.State, s.Done);
        }
        return new BenchmarkBody(() =>
        {
            if (env.Done) env.Reset();
            AudioDqnExperiment.PlayStep(env, agent, epsilon, mask, state, out _, out _);
        }, 1);
    }
}
