using Workbench.Data;

namespace Workbench.Simulation;

/// <summary>
/// Seed 000's view of a <see cref="DeezerCatalog"/>: per-row state indices for tabular Q-learning, the Dueling DQN's
/// input encoding, the user's ground truth and rewards per row, the rows matching a preference, and the songs a
/// like/dislike session shows. Immutable after construction; build it once per catalog and share it.
/// </summary>
public sealed class DeezerEnvironment
{
    private readonly string[] _artists;
    private readonly string[] _genres;
    private readonly float[] _danceability;
    private DeezerInputEncoder? _encoder;
    private int[]? _exactStates;
    private int _exactStateCount;

    /// <summary>Creates the view over <paramref name="catalog"/>.</summary>
    public DeezerEnvironment(DeezerCatalog catalog)
    {
        Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        if (catalog.Count == 0) throw new WorkbenchException("the Deezer catalog has no rows");
        _artists = [.. catalog.ArtistName];
        _genres = [.. catalog.TrackGenre];
        _danceability = [.. catalog.Danceability];
        Artists = new DeezerNameMatcher(_artists, "artist");
        Genres = new DeezerNameMatcher(_genres, "genre");
    }

    /// <summary>The catalog.</summary>
    public DeezerCatalog Catalog { get; }

    /// <summary>Number of rows.</summary>
    public int Count => _artists.Length;

    /// <summary>Artist name of each row.</summary>
    public IReadOnlyList<string> ArtistNames => _artists;

    /// <summary>Genre (<c>track_genre</c>) of each row.</summary>
    public IReadOnlyList<string> GenreNames => _genres;

    /// <summary>Danceability of each row.</summary>
    public ReadOnlySpan<float> Danceability => _danceability;

    /// <summary>The known artist names (resolves typed names, suggests the closest).</summary>
    public DeezerNameMatcher Artists { get; }

    /// <summary>The known genre names (resolves typed names, suggests the closest).</summary>
    public DeezerNameMatcher Genres { get; }

    /// <summary>
    /// Checks a typed preference against the catalog: returns it with the catalog's spelling of artist and genre,
    /// or throws <see cref="WorkbenchException"/> naming the closest known names.
    /// </summary>
    public DeezerPreference Resolve(DeezerPreference typed) =>
        new(Artists.Resolve(typed.Artist), Genres.Resolve(typed.Genre), typed.DanceabilityLow, typed.DanceabilityHigh);

    /// <summary>
    /// The default training preference when none is given: the most frequent (artist, genre) pair (the first in row
    /// order on ties; "Cesária Evora", "acoustic", 50 rows on the real file), danceability 0:1.
    /// </summary>
    public DeezerPreference DefaultPreference()
    {
        var best = Enumerable.Range(0, Count).GroupBy(i => (_artists[i], _genres[i]))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First()).First().Key;
        return new DeezerPreference(best.Item1, best.Item2, 0f, 1f);
    }

    /// <summary>Rows (in file order) whose artist, genre and danceability all match <paramref name="preference"/>: the seed's filter.</summary>
    public int[] MatchingRows(DeezerPreference preference)
    {
        var rows = new List<int>();
        for (var i = 0; i < Count; i++)
            if (preference.Matches(_artists[i], _genres[i], _danceability[i])) rows.Add(i);
        return [.. rows];
    }

    /// <summary>Whether <paramref name="user"/> likes each row (ground truth of the corrected reward and of the evaluation).</summary>
    public bool[] Likes(DeezerSimulatedUser user)
    {
        var likes = new bool[Count];
        for (var i = 0; i < Count; i++) likes[i] = user.Likes(_artists[i], _genres[i], _danceability[i]);
        return likes;
    }

    /// <summary><paramref name="user"/>'s reward for taking <paramref name="action"/> on <paramref name="row"/>.</summary>
    public float Reward(DeezerSimulatedUser user, int row, DeezerAction action) =>
        user.Reward(_artists[row], _genres[row], _danceability[row], action);

    /// <summary>
    /// The seed's hashed Q-learning state of every row: FNV-1a-32("{GenreID}_{ArtistID}_{TrackID}") mod
    /// <paramref name="states"/> (<see cref="DeezerStateHash"/>). Distinct tracks may collide.
    /// </summary>
    public int[] HashedStates(int states = DeezerStateHash.DefaultStates)
    {
        var s = new int[Count];
        for (var i = 0; i < Count; i++) s[i] = DeezerStateHash.State(Catalog.GenreId[i], Catalog.ArtistId[i], Catalog.TrackId[i], states);
        return s;
    }

    /// <summary>
    /// Collision-free states: the index of each row's (GenreID, ArtistID, TrackID) key among the distinct keys in
    /// order of first appearance (rows with the same key, the duplicated tracks, share a state).
    /// </summary>
    public ReadOnlySpan<int> ExactStates(out int stateCount)
    {
        if (_exactStates is null)
        {
            var index = new Dictionary<(int, long, long), int>();
            var s = new int[Count];
            for (var i = 0; i < Count; i++)
            {
                var key = (Catalog.GenreId[i], Catalog.ArtistId[i], Catalog.TrackId[i]);
                if (!index.TryGetValue(key, out var k)) index[key] = k = index.Count;
                s[i] = k;
            }
            _exactStateCount = index.Count;
            _exactStates = s;
        }
        stateCount = _exactStateCount;
        return _exactStates;
    }

    /// <summary>The Dueling DQN's input encoding of every row (<see cref="DeezerInputEncoder"/>; 6,038 wide on the real file), fitted on all rows as the seed did.</summary>
    public DeezerInputEncoder Encoder => _encoder ??= DeezerInputEncoder.Fit(
        [[.. Catalog.Duration], [.. Catalog.Rank], [.. Catalog.Bpm], [.. Catalog.Gain], [.. Catalog.Danceability]],
        [
            Catalog.GenreId.Select(Invariant).ToArray(),
            Catalog.ArtistId.Select(Invariant).ToArray(),
            Catalog.TrackId.Select(Invariant).ToArray(),
            Catalog.ExplicitLyrics.Select(b => b ? "True" : "False").ToArray(),
            Catalog.ExplicitContentLyrics.Select(Invariant).ToArray(),
            Catalog.ExplicitContentCover.Select(Invariant).ToArray(),
            [.. Catalog.TrackGenre],
        ]);

    /// <summary>The session song of <paramref name="row"/> (title, artist, genre, danceability, preview link).</summary>
    public SessionSong Song(int row) =>
        new(row, Catalog.Title[row], _artists[row], _genres[row], _danceability[row], Catalog.Preview[row]);

    /// <summary>
    /// A like/dislike session for <paramref name="preference"/> (resolved against the catalog first; unknown names
    /// throw with the closest names): the matching rows ordered by <paramref name="score"/> descending (stable, so
    /// equal scores keep file order, as the seed's all-zero Q-table did), or in file order when no score is given.
    /// </summary>
    public LikeDislikeSession Session(DeezerPreference preference, Func<int, double>? score = null)
    {
        var resolved = Resolve(preference);
        var rows = MatchingRows(resolved);
        if (score is not null)
        {
            var keys = rows.Select(r => score(r)).ToArray();
            rows = rows.Select((r, i) => (r, i)).OrderByDescending(t => keys[t.i]).ThenBy(t => t.i).Select(t => t.r).ToArray();
        }
        return new LikeDislikeSession(resolved, rows.Select(Song).ToArray());
    }

    /// <summary>
    /// Loads the catalog through the data layer: the real file under the data root (<paramref name="dataDirectory"/>,
    /// else WORKBENCH_DATA, else the repository's data/) when present, else the seeded synthetic generator
    /// (<see cref="DeezerCatalog.IsSynthetic"/> says which).
    /// </summary>
    public static DeezerEnvironment Load(string? dataDirectory, ulong syntheticSeed = 0)
    {
        var root = DataRoot.Resolve(dataDirectory);
        var catalog = root.DeezerExists ? DeezerCatalog.Load(root.DeezerPath) : SyntheticData.Deezer(new Training.Rng(syntheticSeed));
        return new DeezerEnvironment(catalog);
    }

    private static string Invariant(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Invariant(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
