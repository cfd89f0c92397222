namespace Workbench.Simulation;

/// <summary>The two actions of seed 000's agents: predict that the user likes, or dislikes, a song.</summary>
public enum DeezerAction
{
    /// <summary>Predict "like" (index 0, the seed's first action).</summary>
    Like = 0,

    /// <summary>Predict "dislike" (index 1).</summary>
    Dislike = 1,
}

/// <summary>
/// Seed 000's reward functions (faithful) beside the corrected, action-dependent reward.
/// </summary>
public static class DeezerRewards
{
    /// <summary>Number of actions (like, dislike).</summary>
    public const int ActionCount = 2;

    /// <summary>
    /// Faithful Q-learning reward: r = 1 if the row's artist is the preferred artist, else 0, whatever the action.
    /// The seed's episodes only walk rows already filtered on artist, so this is always 1 there and teaches
    /// the agent nothing about like versus dislike.
    /// </summary>
    public static float FaithfulQLearning(DeezerPreference preference, string rowArtist) =>
        preference.ArtistMatches(rowArtist) ? 1f : 0f;

    /// <summary>
    /// Faithful Dueling DQN reward: s = (artist matches ? 1 : -1) + (genre matches ? 1 : -1) + (danceability in
    /// range ? 1 : -1), returned as r = s for <see cref="DeezerAction.Like"/> and r = -s for
    /// <see cref="DeezerAction.Dislike"/>; values lie in {-3, -1, 1, 3}.
    /// </summary>
    public static float FaithfulDqn(DeezerPreference preference, string rowArtist, string rowGenre, float rowDanceability, DeezerAction action)
    {
        var s = (preference.ArtistMatches(rowArtist) ? 1 : -1)
              + (preference.GenreMatches(rowGenre) ? 1 : -1)
              + (preference.DanceabilityMatches(rowDanceability) ? 1 : -1);
        return action == DeezerAction.Like ? s : -s;
    }

    /// <summary>
    /// Corrected reward: r = +1 when the action agrees with what the user would answer (like on a song the user
    /// likes, dislike on the others), r = -1 otherwise. Defined on every catalog row, not only the pre-filtered ones.
    /// </summary>
    public static float Corrected(bool userLikes, DeezerAction action) =>
        (action == DeezerAction.Like) == userLikes ? 1f : -1f;
}
