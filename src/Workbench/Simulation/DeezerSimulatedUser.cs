using Workbench.Training;

namespace Workbench.Simulation;

/// <summary>Which songs a simulated seed-000 user likes.</summary>
public enum DeezerLikeRule
{
    /// <summary>Likes a song only when artist, genre and danceability all match (the seed's session filter).</summary>
    AllThree,

    /// <summary>Likes a song when at least two of the three match (the sign of the seed's Dueling DQN reward for "like").</summary>
    Majority,
}

/// <summary>Which reward a simulated user returns.</summary>
public enum DeezerRewardKind
{
    /// <summary><see cref="DeezerRewards.FaithfulQLearning"/>: 1 on the preferred artist, whatever the action.</summary>
    FaithfulQLearning,

    /// <summary><see cref="DeezerRewards.FaithfulDqn"/>: the signed sum of three matches, negated for dislike.</summary>
    FaithfulDqn,

    /// <summary><see cref="DeezerRewards.Corrected"/>: +1 when the predicted like/dislike is the user's answer, else -1.</summary>
    Corrected,
}

/// <summary>
/// A simulated seed-000 user, composed RecSim-style: a hidden preference (<see cref="Preference"/>), the song it
/// observes (artist, genre, danceability of one catalog row) and a reward function (<see cref="RewardKind"/>).
/// </summary>
public sealed class DeezerSimulatedUser
{
    /// <summary>Creates the user.</summary>
    public DeezerSimulatedUser(DeezerPreference preference, DeezerRewardKind rewardKind, DeezerLikeRule likeRule = DeezerLikeRule.AllThree)
    {
        Preference = preference ?? throw new ArgumentNullException(nameof(preference));
        RewardKind = rewardKind;
        LikeRule = likeRule;
    }

    /// <summary>The hidden preference.</summary>
    public DeezerPreference Preference { get; }

    /// <summary>The reward function.</summary>
    public DeezerRewardKind RewardKind { get; }

    /// <summary>Which songs the user likes (the ground truth of the corrected reward and of the evaluation).</summary>
    public DeezerLikeRule LikeRule { get; }

    /// <summary>Whether the user likes a song with these attributes under <see cref="LikeRule"/>.</summary>
    public bool Likes(string artist, string genre, float danceability)
    {
        var matches = (Preference.ArtistMatches(artist) ? 1 : 0)
                    + (Preference.GenreMatches(genre) ? 1 : 0)
                    + (Preference.DanceabilityMatches(danceability) ? 1 : 0);
        return LikeRule == DeezerLikeRule.AllThree ? matches == 3 : matches >= 2;
    }

    /// <summary>The reward for taking <paramref name="action"/> on a song with these attributes.</summary>
    public float Reward(string artist, string genre, float danceability, DeezerAction action) => RewardKind switch
    {
        DeezerRewardKind.FaithfulQLearning => DeezerRewards.FaithfulQLearning(Preference, artist),
        DeezerRewardKind.FaithfulDqn => DeezerRewards.FaithfulDqn(Preference, artist, genre, danceability, action),
        _ => DeezerRewards.Corrected(Likes(artist, genre, danceability), action),
    };

    /// <summary>
    /// A random, satisfiable preference: the artist and genre of a uniformly drawn row, and a danceability range
    /// [d - u1, d + u2] around that row's danceability d (u1, u2 ~ U(<paramref name="minHalfWidth"/>,
    /// <paramref name="maxHalfWidth"/>), clipped to [0, 1]), so at least that row matches.
    /// </summary>
    public static DeezerPreference RandomPreference(
        IReadOnlyList<string> artists, IReadOnlyList<string> genres, ReadOnlySpan<float> danceability, Rng rng,
        float minHalfWidth = 0.1f, float maxHalfWidth = 0.3f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (artists.Count == 0 || artists.Count != genres.Count || artists.Count != danceability.Length)
            throw new ArgumentException("artists, genres and danceability must be non-empty and of equal length");
        var row = rng.NextInt(artists.Count);
        var d = danceability[row];
        var lo = Math.Max(0f, d - rng.NextSingle(minHalfWidth, maxHalfWidth));
        var hi = Math.Min(1f, d + rng.NextSingle(minHalfWidth, maxHalfWidth));
        return new DeezerPreference(artists[row], genres[row], lo, hi);
    }
}
