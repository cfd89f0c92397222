namespace Workbench.Experiments;

/// <summary>
/// Options of seed 001's two experiments, <c>ah-dqn</c> and <c>dqn</c> (the network is the only difference).
/// Defaults are the seed's (SEEDS.md, section 001). Options marked "corrected" are ignored by the faithful loop,
/// which is always the seed's: one fixed user, random actions, <c>done = False</c>, target copied every episode,
/// 32 single-sample replays once the memory holds more than 32, epsilon decayed twice per episode.
/// </summary>
public sealed record AhDqnOptions : ExperimentOptions
{
    /// <summary>Width of the first hidden layer (seed: 64).</summary>
    public int Hidden1 { get; init; } = 64;

    /// <summary>Width of the second hidden layer (seed: 64).</summary>
    public int Hidden2 { get; init; } = 64;

    /// <summary>Adam learning rate (seed: 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discount factor (seed: 0.95).</summary>
    public double Gamma { get; init; } = 0.95;

    /// <summary>Replay minibatch size (seed: 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Replay memory capacity (seed: 10,000).</summary>
    public int ReplayCapacity { get; init; } = 10_000;

    /// <summary>Initial exploration rate (seed: 1.0).</summary>
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>Exploration floor (seed: 0.01).</summary>
    public double EpsilonMin { get; init; } = 0.01;

    /// <summary>Multiplicative decay (seed: 0.995, applied twice per episode; corrected: once per episode).</summary>
    public double EpsilonDecay { get; init; } = 0.995;

    /// <summary>Corrected: Double DQN targets (van Hasselt et al. 2016); only matters when <see cref="StepsPerEpisode"/> &gt; 1.</summary>
    public bool DoubleDqn { get; init; }

    /// <summary>Corrected: recommendations per episode, the last one terminal (1 = a contextual bandit, as the task is).</summary>
    public int StepsPerEpisode { get; init; } = 1;

    /// <summary>Corrected: minibatch updates per environment step (the seed makes 32 single-sample updates per episode).</summary>
    public int UpdatesPerStep { get; init; } = 8;

    /// <summary>Corrected: hard target update every this many environment steps.</summary>
    public int TargetUpdateEvery { get; init; } = 100;

    /// <summary>
    /// Corrected: fraction of training users drawn like actual users (1 to 4 liked tags at 1/k each) instead of
    /// <c>U(0,1)^21</c> (0 = the seed's virtual users only; the playlist command trains with 0.5).
    /// </summary>
    public double LikedUserFraction { get; init; }

    /// <summary>Fraction of songs hidden from training for the cold-start evaluation (corrected default 0.1; faithful 0).</summary>
    public double HeldOutFraction { get; init; }

    /// <summary>Held-out virtual users of the evaluation (never seen in training).</summary>
    public int EvalUsers { get; init; } = 100;

    /// <summary>Evaluation points along training for the learning curve (0 = only at the end).</summary>
    public int EvalPoints { get; init; } = 20;

    /// <summary>Cut-off of the cold-start hit rate: a hit when the user's best held-out song is in the agent's top K held-out songs.</summary>
    public int HitRateK { get; init; } = 10;

    /// <summary>Songs of the synthetic catalog used when songs.csv is absent (the real file has 1,000).</summary>
    public int SyntheticSongs { get; init; } = 1000;

    /// <summary>When set, the trained online network is saved to this file (for <c>workbench recommend playlist --model</c>).</summary>
    public string? SaveModel { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Hidden1 >= 1, nameof(Hidden1), Hidden1, ">= 1");
        Require(Hidden2 >= 1, nameof(Hidden2), Hidden2, ">= 1");
        Require(LearningRate > 0, nameof(LearningRate), LearningRate, "> 0");
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "[0, 1]");
        Require(BatchSize is >= 1 and <= 4096, nameof(BatchSize), BatchSize, "[1, 4096]");
        Require(ReplayCapacity >= BatchSize + 1, nameof(ReplayCapacity), ReplayCapacity, "> batch-size");
        Require(EpsilonStart is >= 0 and <= 1, nameof(EpsilonStart), EpsilonStart, "[0, 1]");
        Require(EpsilonMin is >= 0 and <= 1, nameof(EpsilonMin), EpsilonMin, "[0, 1]");
        Require(EpsilonDecay is > 0 and <= 1, nameof(EpsilonDecay), EpsilonDecay, "(0, 1]");
        Require(StepsPerEpisode >= 1, nameof(StepsPerEpisode), StepsPerEpisode, ">= 1");
        Require(UpdatesPerStep >= 0, nameof(UpdatesPerStep), UpdatesPerStep, ">= 0");
        Require(TargetUpdateEvery >= 1, nameof(TargetUpdateEvery), TargetUpdateEvery, ">= 1");
        Require(HeldOutFraction is >= 0 and < 0.9, nameof(HeldOutFraction), HeldOutFraction, "[0, 0.9)");
        Require(LikedUserFraction is >= 0 and <= 1, nameof(LikedUserFraction), LikedUserFraction, "[0, 1]");
        Require(EvalUsers >= 1, nameof(EvalUsers), EvalUsers, ">= 1");
        Require(EvalPoints >= 0, nameof(EvalPoints), EvalPoints, ">= 0");
        Require(HitRateK >= 1, nameof(HitRateK), HitRateK, ">= 1");
        Require(SyntheticSongs >= 2, nameof(SyntheticSongs), SyntheticSongs, ">= 2");
        if (Mode == RunMode.Faithful)
            Require(!DoubleDqn, nameof(DoubleDqn), DoubleDqn, "false in faithful mode (the seed has no Double DQN; use --mode corrected)");
    }
}
