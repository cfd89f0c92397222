using Workbench.Agents;

namespace Workbench.Experiments;

/// <summary>
/// <c>workbench train ah-dqn</c>: seed 001's Action-Head DQN, <c>Q(s, a) = f([s; tags(a)])</c> (42 -> 64 -> 64 -> 1).
/// Faithful: the seed's loop exactly (its average target Q climbs towards 60-130 because nothing is terminal).
/// Corrected: epsilon-greedy over a new virtual user each episode, terminal one-step episodes, batched replay,
/// 10% of the songs held out for the cold-start evaluation.
/// </summary>
public sealed class AhDqnExperiment : Experiment<AhDqnOptions>
{
    /// <inheritdoc />
    public override string Name => "ah-dqn";

    /// <inheritdoc />
    public override string Description => "Seed 001: Action-Head DQN playlist recommender (faithful: the seed's loop; corrected: exploits, terminal, new user per episode, cold start).";

    /// <inheritdoc />
    protected override AhDqnOptions Defaults(RunMode mode) => SongDqnDefaults.For(mode);

    /// <inheritdoc />
    protected override ExperimentResult Run(AhDqnOptions options, ExperimentContext context) =>
        AhDqnTraining.Run(SongNetworkKind.ActionHead, options, context);
}

/// <summary>Default options of seed 001's experiments per mode.</summary>
public static class SongDqnDefaults
{
    /// <summary>Faithful: the seed's settings, 1,000 episodes; corrected: the same network with 10% of songs held out.</summary>
    public static AhDqnOptions For(RunMode mode) => mode == RunMode.Faithful
        ? new AhDqnOptions { Mode = mode, Episodes = 1000 }
        : new AhDqnOptions { Mode = mode, Episodes = 1000, HeldOutFraction = 0.1 };
}
