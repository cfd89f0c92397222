using System.Numerics.Tensors;
using Workbench.Training;

namespace Workbench.Simulation;

/// <summary>
/// A user of seed 001 whose taste is a weight per song tag: the reward of recommending a song with tag vector
/// <c>f</c> is <c>r = dot(p, f)</c> (the seed's <c>WorldModel.get_reward</c>). The state the agent observes is
/// <c>p</c> itself, which never changes within an episode.
/// </summary>
public abstract class TagPreferenceUser
{
    private readonly float[] _preferences;

    /// <summary>Creates a user from a copy of <paramref name="preferences"/> (one weight per tag).</summary>
    protected TagPreferenceUser(ReadOnlySpan<float> preferences)
    {
        if (preferences.Length == 0) throw new ArgumentException("a user needs at least one tag weight", nameof(preferences));
        _preferences = preferences.ToArray();
    }

    /// <summary>The tag weights <c>p</c> (also the state the agent sees).</summary>
    public ReadOnlySpan<float> Preferences => _preferences;

    /// <summary>Number of tags.</summary>
    public int TagCount => _preferences.Length;

    /// <summary>The reward of one song: <c>dot(p, tags)</c>.</summary>
    public float Reward(ReadOnlySpan<float> songTags)
    {
        if (songTags.Length != _preferences.Length)
            throw new ArgumentException($"song has {songTags.Length} tags, the user {_preferences.Length}", nameof(songTags));
        return TensorPrimitives.Dot(_preferences, songTags);
    }

    /// <summary>Writes the reward of every song of a row-major <c>songs x tags</c> matrix into <paramref name="rewards"/>.</summary>
    public void Rewards(ReadOnlySpan<float> songTags, Span<float> rewards)
    {
        var d = _preferences.Length;
        if (songTags.Length != rewards.Length * d)
            throw new ArgumentException($"tag matrix has {songTags.Length} values, expected {rewards.Length} x {d}", nameof(songTags));
        for (var j = 0; j < rewards.Length; j++) rewards[j] = TensorPrimitives.Dot(_preferences, songTags.Slice(j * d, d));
    }
}

/// <summary>
/// The seed's virtual user ("world model"): preferences <c>p ~ U(0,1)^d</c> drawn from its own
/// <see cref="Rng"/> (the seed uses <c>np.random.rand(21)</c>), reward <c>dot(p, song tags)</c>.
/// </summary>
public sealed class VirtualUser : TagPreferenceUser
{
    /// <summary>A virtual user with the given preferences.</summary>
    public VirtualUser(ReadOnlySpan<float> preferences) : base(preferences) { }

    /// <summary>Draws <c>p_i ~ U(0,1)</c> for each of <paramref name="tagCount"/> tags.</summary>
    public static VirtualUser Sample(int tagCount, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (tagCount <= 0) throw new ArgumentOutOfRangeException(nameof(tagCount), tagCount, "must be positive");
        Span<float> p = tagCount <= 256 ? stackalloc float[tagCount] : new float[tagCount];
        for (var i = 0; i < p.Length; i++) p[i] = rng.NextSingle();
        return new VirtualUser(p);
    }

    /// <summary>
    /// A virtual user shaped like an actual one: <c>k ~ U{1..maxLiked}</c> distinct liked tags weighing <c>1/k</c>
    /// each, 0 elsewhere (the corrected playlist training mixes these in, since actual users' preferences are
    /// sparse while <c>U(0,1)^d</c> users' are dense).
    /// </summary>
    public static VirtualUser SampleLiked(int tagCount, int maxLiked, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (tagCount <= 0) throw new ArgumentOutOfRangeException(nameof(tagCount), tagCount, "must be positive");
        if (maxLiked < 1 || maxLiked > tagCount) throw new ArgumentOutOfRangeException(nameof(maxLiked), maxLiked, $"must be in [1, {tagCount}]");
        var k = 1 + rng.NextInt(maxLiked);
        Span<int> liked = stackalloc int[k];
        Span<int> scratch = tagCount <= 256 ? stackalloc int[tagCount] : new int[tagCount];
        rng.SampleWithoutReplacement(tagCount, liked, scratch);
        var p = new float[tagCount];
        foreach (var t in liked) p[t] = 1f / k;
        return new VirtualUser(p);
    }
}
