using Workbench.Agents;

namespace Workbench.Experiments;

/// <summary>
/// <c>workbench train dqn</c>: the plain DQN seed 001's README compares against but never built: state 21 ->
/// 64 -> 64 -> one output per song. Same loops and options as <see cref="AhDqnExperiment"/>; it cannot score a
/// song it never trained on (the cold-start evaluation shows it).
/// </summary>
public sealed class PlainDqnExperiment : SongDqnExperiment
{
    /// <inheritdoc />
    public override string Name => "dqn";

    /// <inheritdoc />
    public override string Description => "Seed 001: plain DQN (one output per song) beside AH-DQN, same faithful and corrected loops.";

    /// <inheritdoc />
    public override SongNetworkKind Network => SongNetworkKind.Plain;
}
