namespace Workbench.Agents;

/// <summary>
/// Seed 001's online playlist: 10 songs chosen greedily by a trained Q network for the user's preferences, never
/// repeating any of the last 50 songs recommended (the seed's novelty deque, <c>deque(maxlen=50)</c>, which lives
/// across playlists). The seed's <c>act</c> takes <c>argmax Q</c> and, while the song is in the deque, sets its Q to
/// minus infinity and takes the argmax again; the first maximum wins ties (<c>np.argmax</c>).
/// </summary>
public sealed class PlaylistGenerator
{
    private readonly ISongQNetwork _network;
    private readonly SongCandidates _candidates;
    private readonly Queue<int> _recent = new();
    private readonly HashSet<int> _recentSet = [];
    private readonly float[] _q;

    /// <summary>Creates a generator over <paramref name="candidates"/> (all songs of the catalog, usually).</summary>
    /// <param name="network">A trained network (either kind).</param>
    /// <param name="candidates">The songs that may be recommended.</param>
    /// <param name="noveltyWindow">How many of the most recent recommendations are excluded (seed: 50).</param>
    public PlaylistGenerator(ISongQNetwork network, SongCandidates candidates, int noveltyWindow = 50)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(candidates);
        if (noveltyWindow < 0) throw new ArgumentOutOfRangeException(nameof(noveltyWindow), noveltyWindow, "must be >= 0");
        _network = network;
        _candidates = candidates;
        NoveltyWindow = noveltyWindow;
        _q = new float[candidates.Count];
    }

    /// <summary>How many recent recommendations are excluded.</summary>
    public int NoveltyWindow { get; }

    /// <summary>The recent recommendations, oldest first (at most <see cref="NoveltyWindow"/>).</summary>
    public IReadOnlyCollection<int> Recent => _recent;

    /// <summary>
    /// The next <paramref name="length"/> songs for <paramref name="preferences"/>: the highest-Q songs not among the
    /// recent ones, each appended to the recent window as it is chosen. Fewer are returned only when the catalog
    /// has no song left outside the window.
    /// </summary>
    public IReadOnlyList<int> Next(ReadOnlySpan<float> preferences, int length = 10)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        _network.Score(preferences, _candidates, _q);
        var songs = _candidates.Songs;
        var playlist = new List<int>(length);
        for (var k = 0; k < length; k++)
        {
            var best = -1;
            for (var i = 0; i < songs.Length; i++)
                if (!_recentSet.Contains(songs[i]) && (best < 0 || _q[i] > _q[best])) best = i;
            if (best < 0) break;
            var song = songs[best];
            playlist.Add(song);
            Remember(song);
        }
        return playlist;
    }

    private void Remember(int song)
    {
        if (NoveltyWindow == 0) return;
        if (_recent.Count == NoveltyWindow) _recentSet.Remove(_recent.Dequeue());
        _recent.Enqueue(song);
        _recentSet.Add(song);
    }
}
