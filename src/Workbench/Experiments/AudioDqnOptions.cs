using Workbench.Agents;
using Workbench.Simulation;

namespace Workbench.Experiments;

/// <summary>Which tracks seed 003's experiment recommends from.</summary>
public enum AudioCatalogSource
{
    /// <summary>The real Spotify Tracks Dataset (<c>003-spotify-rl-dqn/dataset.csv</c>) when present, else the synthetic catalog.</summary>
    Auto,

    /// <summary>The real Spotify Tracks Dataset; an error when the file is missing.</summary>
    Spotify,

    /// <summary>The seeded synthetic catalog of 114,000 tracks with the dataset's shape.</summary>
    Synthetic,

    /// <summary>Seed 000's real Deezer tracks, with the three features they have: danceability, loudness (Gain) and tempo (BPM).</summary>
    Deezer,
}

/// <summary>
/// Options of seed 003's experiment (SEEDS.md, section 003): a DQN recommends one of all tracks; the state is
/// the mean min-max scaled audio features of the last five songs. Defaults are the seed's (faithful);
/// <see cref="AudioDqnExperiment"/> gives the corrected defaults.
/// </summary>
public sealed record AudioDqnOptions : ExperimentOptions
{
    /// <summary>Where the tracks come from.</summary>
    public AudioCatalogSource Catalog { get; init; } = AudioCatalogSource.Auto;

    /// <summary>Use only the first this many tracks (0: all of them). Quick runs use 2,000.</summary>
    public int CatalogSize { get; init; }

    /// <summary>Seed of the synthetic catalog (fixed across the runs' seeds: it plays the role of a dataset).</summary>
    public int CatalogSeed { get; init; } = 3;

    /// <summary>Songs in the history whose mean is the state (the seed: 5).</summary>
    public int HistoryLength { get; init; } = 5;

    /// <summary>Recommendations per episode (the seed: 20).</summary>
    public int StepsPerEpisode { get; init; } = 20;

    /// <summary>reward = cos(state, song) - offset (the seed: 0.5).</summary>
    public float RewardOffset { get; init; } = 0.5f;

    /// <summary>How a repeated track is rewarded (faithful: rewarded; corrected: no reward).</summary>
    public AudioRepeatHandling Repeats { get; init; } = AudioRepeatHandling.Rewarded;

    /// <summary>The 100-episode average at which the run counts as solved (faithful: 15, unreachable; corrected: 9 of at most 10).</summary>
    public double SolvedThreshold { get; init; } = 15.0;

    /// <summary>Episodes in the running average score (the seed: 100).</summary>
    public int ScoreWindow { get; init; } = 100;

    /// <summary>The Q network: one output per track (faithful) or an action head scoring track features (corrected).</summary>
    public AudioQNetworkKind Network { get; init; } = AudioQNetworkKind.TrackOutputs;

    /// <summary>Hidden units of both hidden layers of the track-output network (the seed: 128).</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Hidden units of the action-head scorer's hidden layer.</summary>
    public int ActionHeadHidden { get; init; } = 64;

    /// <summary>Adam's learning rate (the seed: 5e-4).</summary>
    public float LearningRate { get; init; } = 5e-4f;

    /// <summary>Discount factor (the seed: 0.99).</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Replay capacity (the seed: 1e5).</summary>
    public int BufferCapacity { get; init; } = 100_000;

    /// <summary>Minibatch size (the seed: 64); learning starts once the buffer holds more transitions.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Soft target update rate, theta' = tau theta + (1 - tau) theta', after every update (the seed: 1e-3).</summary>
    public float Tau { get; init; } = 1e-3f;

    /// <summary>Whether the target network starts as a copy of the online one (faithful: false, the seed's quirk).</summary>
    public bool TargetStartsAsCopy { get; init; }

    /// <summary>
    /// Whether the agent chooses only among tracks not yet played in the episode (corrected: true). Only acting is
    /// masked: the bootstrap max of the target still ranges over all tracks, since the replay buffer does not keep
    /// each transition's played set.
    /// </summary>
    public bool MaskPlayed { get; init; }

    /// <summary>Exploration rate of the first episode (the seed: 1.0).</summary>
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>Multiplies the exploration rate after every episode (the seed: 0.995).</summary>
    public double EpsilonDecay { get; init; } = 0.995;

    /// <summary>Lower bound of the exploration rate (the seed: 0.01).</summary>
    public double EpsilonMin { get; init; } = 0.01;

    /// <summary>Greedy evaluation episodes after training (not in the seed), also played by the oracle and the random policy.</summary>
    public int EvalEpisodes { get; init; } = 100;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Enum.IsDefined(Catalog), nameof(Catalog), Catalog, "auto, spotify, synthetic, deezer");
        Require(CatalogSize >= 0, nameof(CatalogSize), CatalogSize, ">= 0 (0: all tracks)");
        Require(HistoryLength >= 1, nameof(HistoryLength), HistoryLength, ">= 1");
        Require(StepsPerEpisode >= 1, nameof(StepsPerEpisode), StepsPerEpisode, ">= 1");
        Require(float.IsFinite(RewardOffset), nameof(RewardOffset), RewardOffset, "a finite number");
        Require(Enum.IsDefined(Repeats), nameof(Repeats), Repeats, "rewarded, no-reward, excluded");
        Require(double.IsFinite(SolvedThreshold), nameof(SolvedThreshold), SolvedThreshold, "a finite number");
        Require(ScoreWindow >= 1, nameof(ScoreWindow), ScoreWindow, ">= 1");
        Require(Enum.IsDefined(Network), nameof(Network), Network, "track-outputs, action-head");
        Require(Hidden >= 1, nameof(Hidden), Hidden, ">= 1");
        Require(ActionHeadHidden >= 1, nameof(ActionHeadHidden), ActionHeadHidden, ">= 1");
        Require(LearningRate > 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "> 0");
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "[0, 1]");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, ">= 1");
        Require(BufferCapacity >= BatchSize, nameof(BufferCapacity), BufferCapacity, $">= batch-size ({BatchSize})");
        Require(Tau is > 0 and <= 1, nameof(Tau), Tau, "(0, 1]");
        Require(EpsilonStart is >= 0 and <= 1, nameof(EpsilonStart), EpsilonStart, "[0, 1]");
        Require(EpsilonDecay is > 0 and <= 1, nameof(EpsilonDecay), EpsilonDecay, "(0, 1]");
        Require(EpsilonMin is >= 0 and <= 1, nameof(EpsilonMin), EpsilonMin, "[0, 1]");
        Require(EvalEpisodes >= 0, nameof(EvalEpisodes), EvalEpisodes, ">= 0");
        Require(!(Repeats == AudioRepeatHandling.Excluded && !MaskPlayed), nameof(MaskPlayed), MaskPlayed, "true when repeats = excluded");
    }

    /// <summary>The environment's options.</summary>
    public AudioFeatureEnvironmentOptions EnvironmentOptions => new()
    {
        HistoryLength = HistoryLength,
        StepsPerEpisode = StepsPerEpisode,
        RewardOffset = RewardOffset,
        Repeats = Repeats,
        SolvedThreshold = SolvedThreshold,
    };
}
