namespace Workbench.Simulation;

/// <summary>One song a like/dislike session can recommend.</summary>
/// <param name="Row">The song's row in its catalog.</param>
/// <param name="Title">Title.</param>
/// <param name="Artist">Artist name.</param>
/// <param name="Genre">Genre.</param>
/// <param name="Danceability">Danceability in [0, 1].</param>
/// <param name="PreviewUrl">Link to the song's 30-second preview.</param>
public sealed record SessionSong(int Row, string Title, string Artist, string Genre, float Danceability, string PreviewUrl);

/// <summary>The user's answer to a recommendation.</summary>
public enum SessionFeedback
{
    /// <summary>The user likes the song: the session stops.</summary>
    Like,

    /// <summary>The user dislikes the song: the session recommends the next one.</summary>
    Dislike,
}

/// <summary>Where a like/dislike session stands.</summary>
public enum SessionState
{
    /// <summary>A song is recommended (<see cref="LikeDislikeSession.Current"/>) and awaits feedback.</summary>
    Recommending,

    /// <summary>The user liked <see cref="LikeDislikeSession.Current"/>; the session is over.</summary>
    Liked,

    /// <summary>Every matching song was disliked; the user should change the preference.</summary>
    Exhausted,

    /// <summary>No song matched the preference at all; the user should change the preference.</summary>
    NoMatch,
}

/// <summary>
/// The like/dislike flow of seed 000: recommend the best-ranked matching song with its preview link; on dislike
/// recommend the next; stop on like; when none are left, ask the user to change the preference.
/// The candidates come ranked (best first) from a model; the session itself is deterministic.
/// </summary>
public sealed class LikeDislikeSession
{
    private readonly IReadOnlyList<SessionSong> _candidates;
    private readonly List<SessionSong> _disliked = [];
    private int _position;

    /// <summary>Starts a session over <paramref name="candidates"/> (ranked, best first) for <paramref name="preference"/>.</summary>
    public LikeDislikeSession(DeezerPreference preference, IReadOnlyList<SessionSong> candidates)
    {
        Preference = preference ?? throw new ArgumentNullException(nameof(preference));
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        State = candidates.Count == 0 ? SessionState.NoMatch : SessionState.Recommending;
    }

    /// <summary>The preference the songs match.</summary>
    public DeezerPreference Preference { get; }

    /// <summary>The current state.</summary>
    public SessionState State { get; private set; }

    /// <summary>Whether the session is over (liked, exhausted or no match).</summary>
    public bool IsOver => State != SessionState.Recommending;

    /// <summary>The song on the table (recommended, or liked when <see cref="State"/> is <see cref="SessionState.Liked"/>); null otherwise.</summary>
    public SessionSong? Current => State is SessionState.Recommending or SessionState.Liked ? _candidates[_position] : null;

    /// <summary>The songs disliked so far, in order.</summary>
    public IReadOnlyList<SessionSong> Disliked => _disliked;

    /// <summary>How many songs were recommended so far (including the current one).</summary>
    public int Recommended => State == SessionState.NoMatch ? 0 : Math.Min(_position + 1, _candidates.Count);

    /// <summary>The text to show the user for the current state.</summary>
    public string Message => State switch
    {
        SessionState.Recommending => $"Recommended: \"{Current!.Title}\" by {Current.Artist} ({Current.Genre}, danceability {Current.Danceability:0.###}). Preview: {Current.PreviewUrl}",
        SessionState.Liked => $"Enjoy \"{Current!.Title}\" by {Current.Artist}. Preview: {Current.PreviewUrl}",
        SessionState.Exhausted => $"No more songs match {Preference} ({_disliked.Count} disliked). Please change your preference.",
        _ => $"No songs match {Preference}. Please change your preference.",
    };

    /// <summary>Applies the user's answer; throws <see cref="InvalidOperationException"/> when the session is over.</summary>
    public void Respond(SessionFeedback feedback)
    {
        if (IsOver) throw new InvalidOperationException($"the session is over ({State})");
        if (feedback == SessionFeedback.Like)
        {
            State = SessionState.Liked;
            return;
        }
        _disliked.Add(_candidates[_position]);
        if (_position + 1 < _candidates.Count) _position++;
        else State = SessionState.Exhausted;
    }

    /// <summary>
    /// Parses one line of user input: "like", "l", "y", "yes" are <see cref="SessionFeedback.Like"/>; "dislike",
    /// "d", "n", "no" are <see cref="SessionFeedback.Dislike"/> (case-insensitive, trimmed). Returns null for anything else.
    /// </summary>
    public static SessionFeedback? ParseFeedback(string? line) => line?.Trim().ToLowerInvariant() switch
    {
        "like" or "l" or "y" or "yes" => SessionFeedback.Like,
        "dislike" or "d" or "n" or "no" => SessionFeedback.Dislike,
        _ => null,
    };
}
