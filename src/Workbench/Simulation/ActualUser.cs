namespace Workbench.Simulation;

/// <summary>
/// The seed's actual (online) user: they tick the tags they like, and the preferences are <c>1/k</c> on each of the
/// <c>k</c> liked tags and 0 elsewhere (the seed's <c>ActualUser.set_preferences</c>).
/// </summary>
public sealed class ActualUser : TagPreferenceUser
{
    private ActualUser(ReadOnlySpan<float> preferences, IReadOnlyList<string> likedTags) : base(preferences) => LikedTags = likedTags;

    /// <summary>The liked tags, spelled as in the catalog, in catalog order.</summary>
    public IReadOnlyList<string> LikedTags { get; }

    /// <summary>
    /// Builds the user from liked tag names, matched case-insensitively against <paramref name="tagNames"/>
    /// (the seed's misspelt header <c>Counrty</c> is accepted for <c>Country</c> and vice versa; brackets as in
    /// <c>(1980s)</c> are optional). Duplicates count once.
    /// </summary>
    /// <exception cref="WorkbenchException">No tag given, or a tag not in the catalog (the message lists the allowed names).</exception>
    public static ActualUser FromLikedTags(IEnumerable<string> liked, IReadOnlyList<string> tagNames)
    {
        ArgumentNullException.ThrowIfNull(liked);
        ArgumentNullException.ThrowIfNull(tagNames);
        var chosen = new SortedSet<int>();
        foreach (var raw in liked)
        {
            var name = raw.Trim();
            if (name.Length == 0) continue;
            var index = IndexOfTag(name, tagNames);
            if (index < 0)
                throw new WorkbenchException($"unknown tag '{name}'; allowed tags: {string.Join(", ", tagNames.Select(Normalise))}");
            chosen.Add(index);
        }
        if (chosen.Count == 0)
            throw new WorkbenchException($"like at least one tag; allowed tags: {string.Join(", ", tagNames.Select(Normalise))}");
        var p = new float[tagNames.Count];
        foreach (var i in chosen) p[i] = 1f / chosen.Count;
        return new ActualUser(p, chosen.Select(i => Normalise(tagNames[i])).ToArray());
    }

    /// <summary>The index of a tag name in <paramref name="tagNames"/>, or -1 (case-insensitive, brackets optional, Counrty = Country).</summary>
    public static int IndexOfTag(string name, IReadOnlyList<string> tagNames)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        var key = Key(name);
        for (var i = 0; i < tagNames.Count; i++)
            if (Key(tagNames[i]) == key) return i;
        return -1;
    }

    private static string Normalise(string tag) => tag.Trim().Trim('(', ')') is var t && t.Equals("Counrty", StringComparison.OrdinalIgnoreCase) ? "Country" : t;

    private static string Key(string tag) => Normalise(tag).ToUpperInvariant();
}
