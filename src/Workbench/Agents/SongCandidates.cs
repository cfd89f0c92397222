namespace Workbench.Agents;

/// <summary>
/// A set of songs an agent may score (all songs, the training songs of a cold-start split, or the held-out songs),
/// with the songs grouped by identical tag vectors. Identical inputs give identical Q values in an action-head
/// network, so a max over the set needs only one row per distinct tag vector: seed 001's 1,000 songs have 251
/// distinct tag vectors, a 4x saving that changes no arithmetic.
/// </summary>
public sealed class SongCandidates
{
    private readonly int[] _songs;
    private readonly int[] _distinct;
    private readonly int[] _distinctIndex;

    private SongCandidates(int[] songs, int[] distinct, int[] distinctIndex)
    {
        _songs = songs;
        _distinct = distinct;
        _distinctIndex = distinctIndex;
    }

    /// <summary>The songs, in the order scores are written.</summary>
    public ReadOnlySpan<int> Songs => _songs;

    /// <summary>One representative song per distinct tag vector, in order of first appearance.</summary>
    public ReadOnlySpan<int> DistinctSongs => _distinct;

    /// <summary>For each position of <see cref="Songs"/>, the position of its representative in <see cref="DistinctSongs"/>.</summary>
    public ReadOnlySpan<int> DistinctIndex => _distinctIndex;

    /// <summary>Number of songs.</summary>
    public int Count => _songs.Length;

    /// <summary>Groups <paramref name="songs"/> of a row-major <c>songs x tags</c> matrix by identical tag vectors.</summary>
    public static SongCandidates Create(ReadOnlySpan<float> allTags, int tagCount, IReadOnlyList<int> songs)
    {
        ArgumentNullException.ThrowIfNull(songs);
        if (tagCount <= 0) throw new ArgumentOutOfRangeException(nameof(tagCount));
        if (songs.Count == 0) throw new ArgumentException("a candidate set needs at least one song", nameof(songs));
        var songCount = allTags.Length / tagCount;
        var list = new int[songs.Count];
        var index = new int[songs.Count];
        var distinct = new List<int>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            var s = songs[i];
            if ((uint)s >= (uint)songCount) throw new ArgumentOutOfRangeException(nameof(songs), s, $"song index must be in [0, {songCount})");
            list[i] = s;
            var row = allTags.Slice(s * tagCount, tagCount);
            var key = string.Join(',', row.ToArray().Select(v => BitConverter.SingleToInt32Bits(v)));
            if (!byKey.TryGetValue(key, out var d))
            {
                d = distinct.Count;
                distinct.Add(s);
                byKey.Add(key, d);
            }
            index[i] = d;
        }
        return new SongCandidates(list, distinct.ToArray(), index);
    }

    /// <summary>All songs <c>0..n-1</c> of the matrix.</summary>
    public static SongCandidates All(ReadOnlySpan<float> allTags, int tagCount) =>
        Create(allTags, tagCount, Enumerable.Range(0, allTags.Length / tagCount).ToArray());
}
