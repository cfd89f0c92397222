using Workbench.Agents;

namespace Workbench.Experiments;

/// <summary>
/// Seed 001's experiments share one loop (<see cref="AhDqnTraining"/>) and one options record; the network is the
/// only difference (<see cref="Network"/>).
/// </summary>
public abstract class SongDqnExperiment : Experiment<AhDqnOptions>
{
    /// <summary>The network choice of the DQN agent.</summary>
    public abstract SongNetworkKind Network { get; }

    /// <summary>Faithful: the seed's settings, 1,000 episodes; corrected: the same network with 10% of songs held out.</summary>
    protected override AhDqnOptions Defaults(RunMode mode) => mode == RunMode.Faithful
        ? new AhDqnOptions { Mode = mode, Episodes = 1000 }
        : new AhDqnOptions { Mode = mode, Episodes = 1000, HeldOutFraction = 0.1 };

    /// <inheritdoc />
    protected override ExperimentResult Run(AhDqnOptions options, ExperimentContext context) => AhDqnTraining.Run(Network, options, context);
}

/// <summary>
/// <c>workbench train ah-dqn</c>: seed 001's Action-Head DQN, <c>Q(s, a) = f([s; tags(a)])</c> (42 -> 64 -> 64 -> 1).
/// Faithful: the seed's loop exactly (its average target Q climbs towards 60-130 because nothing is terminal).
/// Corrected: epsilon-greedy over a new virtual user each episode, terminal one-step episodes, batched replay,
/// 10% of the songs held out for the cold-start evaluation.
/// </summary>
public sealed class AhDqnExperiment : SongDqnExperiment
{
    /// <inheritdoc />
    public override string Name => "ah-dqn";

    /// <inheritdoc />
    public override string Description => "Seed 001: Action-Head DQN playlist recommender (faithful: the seed's loop; corrected: exploits, terminal, new user per episode, cold start).";

    /// <inheritdoc />
    public override SongNetworkKind Network => SongNetworkKind.ActionHead;
}
