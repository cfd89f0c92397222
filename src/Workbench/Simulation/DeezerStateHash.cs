using System.Globalization;
using System.Text;

namespace Workbench.Simulation;

/// <summary>
/// The stable state index of seed 000's tabular Q-learning. The seed used Python's built-in <c>hash</c> of the
/// string <c>"{GenreID}_{ArtistID}_{TrackID}"</c> modulo 10,000; Python randomises that hash per process, so the
/// seed's states changed from run to run. Here the hash is FNV-1a 32-bit (offset basis 2166136261, prime
/// 16777619) over the string's UTF-8 bytes, then reduced modulo the table size: stable across runs and machines.
/// </summary>
public static class DeezerStateHash
{
    /// <summary>The seed's Q-table size.</summary>
    public const int DefaultStates = 10_000;

    /// <summary>FNV-1a 32-bit of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Fnv1a32(string text)
    {
        var h = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            h ^= b;
            h = unchecked(h * 16777619u);
        }
        return h;
    }

    /// <summary>The key string <c>"{GenreID}_{ArtistID}_{TrackID}"</c>, integers in invariant culture.</summary>
    public static string Key(long genreId, long artistId, long trackId) =>
        string.Create(CultureInfo.InvariantCulture, $"{genreId}_{artistId}_{trackId}");

    /// <summary>State = FNV-1a-32(<see cref="Key"/>) mod <paramref name="states"/>.</summary>
    public static int State(long genreId, long artistId, long trackId, int states = DefaultStates)
    {
        if (states <= 0) throw new ArgumentOutOfRangeException(nameof(states), states, "must be positive");
        return (int)(Fnv1a32(Key(genreId, artistId, trackId)) % (uint)states);
    }
}
