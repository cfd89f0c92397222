namespace Workbench.Simulation;

/// <summary>
/// Resolves a typed artist or genre name against the names a catalog knows, case-insensitively; an unknown
/// name gets a <see cref="WorkbenchException"/> listing the closest known names by Levenshtein edit distance
/// (case-insensitive; ties broken alphabetically).
/// </summary>
public sealed class DeezerNameMatcher
{
    private readonly string[] _names;
    private readonly Dictionary<string, string> _byKey;

    /// <summary>Creates a matcher over the distinct <paramref name="names"/>; <paramref name="kind"/> ("artist", "genre") names them in messages.</summary>
    public DeezerNameMatcher(IEnumerable<string> names, string kind)
    {
        ArgumentNullException.ThrowIfNull(names);
        Kind = kind;
        _byKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in names) _byKey.TryAdd(n.Trim(), n);
        _names = _byKey.Values.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>What the names are ("artist", "genre").</summary>
    public string Kind { get; }

    /// <summary>The known names, sorted case-insensitively.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The catalog's spelling of <paramref name="typed"/>, or null when it is unknown.</summary>
    public string? TryResolve(string typed) => _byKey.TryGetValue(typed.Trim(), out var n) ? n : null;

    /// <summary>The catalog's spelling of <paramref name="typed"/>; throws "unknown artist 'X'; closest: A, B, C" when unknown.</summary>
    public string Resolve(string typed)
    {
        var hit = TryResolve(typed);
        if (hit is not null) return hit;
        var closest = Closest(typed, 3);
        throw new WorkbenchException(
            $"unknown {Kind} '{typed}'; closest {Kind} names: {string.Join(", ", closest.Select(c => "'" + c + "'"))}");
    }

    /// <summary>The <paramref name="count"/> known names closest to <paramref name="typed"/> by edit distance.</summary>
    public IReadOnlyList<string> Closest(string typed, int count) =>
        _names.Select(n => (Name: n, Distance: EditDistance(typed.Trim(), n)))
              .OrderBy(t => t.Distance).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
              .Take(count).Select(t => t.Name).ToArray();

    /// <summary>
    /// Levenshtein distance (insertions, deletions, substitutions each cost 1), case-insensitive, computed with
    /// one rolling row: d[j] = min(d[j] + 1, d[j-1] + 1, diag + (a[i] != b[j])).
    /// </summary>
    public static int EditDistance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) row[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var diag = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var up = row[j];
                row[j] = Math.Min(Math.Min(up + 1, row[j - 1] + 1), diag + (a[i - 1] == b[j - 1] ? 0 : 1));
                diag = up;
            }
        }
        return row[b.Length];
    }
}
