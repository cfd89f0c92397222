using Workbench.Simulation;

namespace Workbench.Experiments;

/// <summary>
/// The training user of seed 000's experiments (Q-learning and Dueling DQN): preference (artist, genre,
/// danceability range) and the rule deciding which songs that user likes. Shared by their options records.
/// </summary>
public abstract record DeezerUserOptions : ExperimentOptions
{
    /// <summary>The training user's artist; empty = the catalog's most frequent (artist, genre) pair ("Cesária Evora", "acoustic" on the real file).</summary>
    public string Artist { get; init; } = "";

    /// <summary>The training user's genre (<c>track_genre</c>); empty = the default pair's genre, or the given artist's most frequent genre.</summary>
    public string Genre { get; init; } = "";

    /// <summary>Lower end of the training user's danceability range.</summary>
    public float DanceabilityLow { get; init; } = 0f;

    /// <summary>Upper end of the training user's danceability range.</summary>
    public float DanceabilityHigh { get; init; } = 1f;

    /// <summary>Which songs the simulated user likes (the corrected reward's ground truth and the reported metrics').</summary>
    public DeezerLikeRule LikeRule { get; init; } = DeezerLikeRule.AllThree;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(DanceabilityLow >= 0 && DanceabilityHigh <= 1 && DanceabilityLow <= DanceabilityHigh, nameof(DanceabilityLow), DanceabilityLow,
            "0 <= danceability-low <= danceability-high <= 1");
        Require(Enum.IsDefined(LikeRule), nameof(LikeRule), LikeRule, "all-three, majority");
    }

    /// <summary>The training user's preference on <paramref name="env"/> (defaults filled in, names resolved).</summary>
    public DeezerPreference Preference(DeezerEnvironment env) => DeezerExperimentSupport.Preference(env, Artist, Genre, DanceabilityLow, DanceabilityHigh);
}
