using Workbench.Training;

namespace Workbench.Simulation;

/// <summary>
/// Seed 001's recommendation environment: a catalog of songs described by tag vectors (row-major
/// <c>songs x tags</c>, struct-of-arrays) and one <see cref="TagPreferenceUser"/>. An episode is one step: the
/// agent recommends a song index, the environment returns <c>r = dot(p, tags[song])</c>, and the state (the user's
/// preferences) does not change. The seed never marks the step terminal; the corrected experiments do.
/// </summary>
public sealed class SongRecommendationEnv
{
    private readonly float[] _tags;
    private TagPreferenceUser _user;

    /// <summary>Creates the environment over a copy of <paramref name="songTags"/> for <paramref name="user"/>.</summary>
    public SongRecommendationEnv(ReadOnlySpan<float> songTags, int tagCount, TagPreferenceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (tagCount <= 0) throw new ArgumentOutOfRangeException(nameof(tagCount), tagCount, "must be positive");
        if (songTags.Length == 0 || songTags.Length % tagCount != 0)
            throw new ArgumentException($"tag matrix length {songTags.Length} is not a positive multiple of {tagCount}", nameof(songTags));
        if (user.TagCount != tagCount) throw new ArgumentException($"user has {user.TagCount} tags, catalog {tagCount}", nameof(user));
        _tags = songTags.ToArray();
        TagCount = tagCount;
        SongCount = _tags.Length / tagCount;
        _user = user;
    }

    /// <summary>Number of songs (actions).</summary>
    public int SongCount { get; }

    /// <summary>Number of tags per song (and preferences per user).</summary>
    public int TagCount { get; }

    /// <summary>The whole row-major tag matrix.</summary>
    public ReadOnlySpan<float> AllTags => _tags;

    /// <summary>The current user.</summary>
    public TagPreferenceUser User => _user;

    /// <summary>The observed state: the current user's preferences.</summary>
    public ReadOnlySpan<float> State => _user.Preferences;

    /// <summary>The tag vector of one song.</summary>
    public ReadOnlySpan<float> SongTags(int song)
    {
        if ((uint)song >= (uint)SongCount) throw new ArgumentOutOfRangeException(nameof(song), song, $"must be in [0, {SongCount})");
        return _tags.AsSpan(song * TagCount, TagCount);
    }

    /// <summary>Starts an episode with <paramref name="user"/> (the corrected mode draws a new virtual user each episode).</summary>
    public void Reset(TagPreferenceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TagCount != TagCount) throw new ArgumentException($"user has {user.TagCount} tags, catalog {TagCount}", nameof(user));
        _user = user;
    }

    /// <summary>Recommends <paramref name="song"/> and returns its reward <c>dot(p, tags[song])</c>.</summary>
    public float Step(int song) => _user.Reward(SongTags(song));

    /// <summary>The best song among <paramref name="candidates"/> for the current user and its reward (the oracle).</summary>
    public (int Song, float Reward) Best(ReadOnlySpan<int> candidates)
    {
        if (candidates.IsEmpty) throw new ArgumentException("no candidates", nameof(candidates));
        var best = candidates[0];
        var bestR = float.NegativeInfinity;
        foreach (var s in candidates)
        {
            var r = Step(s);
            if (r > bestR) (best, bestR) = (s, r);
        }
        return (best, bestR);
    }
}

/// <summary>
/// A cold-start split of a catalog: a random <see cref="HeldOutFraction"/> of the songs is never recommended
/// (nor used as a target) during training; the evaluation asks the agent to rank them afterwards.
/// </summary>
public sealed class SongHoldout
{
    private SongHoldout(int[] train, int[] heldOut, double fraction)
    {
        TrainSongs = train;
        HeldOutSongs = heldOut;
        HeldOutFraction = fraction;
    }

    /// <summary>Songs the agent may recommend while training (ascending).</summary>
    public IReadOnlyList<int> TrainSongs { get; }

    /// <summary>Songs hidden from training (ascending).</summary>
    public IReadOnlyList<int> HeldOutSongs { get; }

    /// <summary>The fraction requested.</summary>
    public double HeldOutFraction { get; }

    /// <summary>No song held out.</summary>
    public static SongHoldout None(int songCount) => new(Enumerable.Range(0, songCount).ToArray(), [], 0);

    /// <summary>Holds out <c>round(fraction * songCount)</c> songs drawn uniformly without replacement.</summary>
    public static SongHoldout Split(int songCount, double fraction, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (songCount < 2) throw new ArgumentOutOfRangeException(nameof(songCount), songCount, "need at least 2 songs");
        if (!(fraction >= 0 && fraction < 1)) throw new WorkbenchException($"held-out fraction must be in [0, 1), got {fraction}");
        var k = (int)Math.Round(fraction * songCount);
        if (k == 0) return None(songCount);
        var picked = new int[k];
        rng.SampleWithoutReplacement(songCount, picked, new int[songCount]);
        Array.Sort(picked);
        var held = new HashSet<int>(picked);
        var train = Enumerable.Range(0, songCount).Where(s => !held.Contains(s)).ToArray();
        return new SongHoldout(train, picked, fraction);
    }
}
