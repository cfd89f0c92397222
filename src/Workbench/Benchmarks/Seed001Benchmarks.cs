using Workbench.Agents;
using Workbench.Data;
using Workbench.Experiments;
using Workbench.Training;

namespace Workbench.Benchmarks;

/// <summary>
/// Seed 001's faithful training loop as <c>workbench train ah-dqn|dqn --mode faithful</c> runs it (the same
/// <see cref="AhDqnFaithfulLoop"/>): per episode a random song, the target copy, and 32 single-sample replays each
/// bootstrapping over all 1,000 songs. Compare with <c>ah_dqn_torch.py songs.csv N --mode seed</c> (about 12.9
/// episodes/s here). Runs on the real songs.csv when found (WORKBENCH_DATA or data/), else the synthetic catalog,
/// after 100 untimed warm-up episodes.
/// </summary>
public sealed class Seed001Benchmarks : IBenchmarkProvider
{
    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> Cases()
    {
        yield return new("ah-dqn-faithful-loop", "episodes/s",
            "seed 001 AH-DQN faithful episode as trained (42-64-64-1, target max cached per episode over 251 distinct tag rows, 32 single-row Adam steps)",
            () => Loop(SongNetworkKind.ActionHead));
        yield return new("dqn-faithful-loop", "episodes/s",
            "seed 001 plain DQN faithful episode as trained (21-64-64-1000, target max cached per episode, 32 single-output Adam steps)",
            () => Loop(SongNetworkKind.Plain));
    }

    private static BenchmarkBody Loop(SongNetworkKind kind)
    {
        var rng = new Rng(0);
        var catalog = AhDqnTraining.LoadSongs(null, 1000, rng.Derive("synthetic-songs"));
        var tags = catalog.Features.ToArray();
        var o = new AhDqnExperiment().DefaultOptionsFor(RunMode.Faithful);
        var online = AhDqnTraining.CreateNetwork(kind, tags, SongCatalog.TagCount, o, rng.Derive("init"), 1);
        var target = AhDqnTraining.CreateNetwork(kind, tags, SongCatalog.TagCount, o, rng.Derive("init-target"), 1);
        var agent = new DqnAgent(online, target, SongCandidates.All(tags, SongCatalog.TagCount));
        var loop = new AhDqnFaithfulLoop(agent, tags, SongCatalog.TagCount, o, rng);
        for (var i = 0; i < 100; i++) loop.Episode();
        return new BenchmarkBody(() => loop.Episode(), 1);
    }
}
