using System.Globalization;

namespace Workbench.Simulation;

/// <summary>
/// What a seed-000 user asks for: an artist name, a genre (the catalog's <c>track_genre</c> value, for example
/// "acoustic") and a closed danceability range [<see cref="DanceabilityLow"/>, <see cref="DanceabilityHigh"/>].
/// Names compare case-insensitively (ordinal, after trimming), as a user types them.
/// </summary>
public sealed record DeezerPreference
{
    /// <summary>Creates a preference; throws <see cref="WorkbenchException"/> when the range is not 0 &lt;= lo &lt;= hi &lt;= 1 or a name is empty.</summary>
    public DeezerPreference(string artist, string genre, float danceabilityLow, float danceabilityHigh)
    {
        if (string.IsNullOrWhiteSpace(artist)) throw new WorkbenchException("the preferred artist must not be empty");
        if (string.IsNullOrWhiteSpace(genre)) throw new WorkbenchException("the preferred genre must not be empty");
        if (!(danceabilityLow >= 0f && danceabilityHigh <= 1f && danceabilityLow <= danceabilityHigh))
            throw new WorkbenchException(
                $"danceability range {danceabilityLow.ToString(CultureInfo.InvariantCulture)}:{danceabilityHigh.ToString(CultureInfo.InvariantCulture)} is invalid: need 0 <= LO <= HI <= 1");
        Artist = artist.Trim();
        Genre = genre.Trim();
        DanceabilityLow = danceabilityLow;
        DanceabilityHigh = danceabilityHigh;
    }

    /// <summary>The preferred artist (the catalog's <c>ArtistName</c>).</summary>
    public string Artist { get; }

    /// <summary>The preferred genre (the catalog's <c>track_genre</c>).</summary>
    public string Genre { get; }

    /// <summary>Lower end of the danceability range (inclusive).</summary>
    public float DanceabilityLow { get; }

    /// <summary>Upper end of the danceability range (inclusive).</summary>
    public float DanceabilityHigh { get; }

    /// <summary>Whether <paramref name="artist"/> is the preferred artist (case-insensitive).</summary>
    public bool ArtistMatches(string artist) => string.Equals(artist.Trim(), Artist, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="genre"/> is the preferred genre (case-insensitive).</summary>
    public bool GenreMatches(string genre) => string.Equals(genre.Trim(), Genre, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether lo &lt;= <paramref name="danceability"/> &lt;= hi.</summary>
    public bool DanceabilityMatches(float danceability) => danceability >= DanceabilityLow && danceability <= DanceabilityHigh;

    /// <summary>Whether a song matches all three parts: the filter of the seed's session and of its Q-learning episodes.</summary>
    public bool Matches(string artist, string genre, float danceability) =>
        ArtistMatches(artist) && GenreMatches(genre) && DanceabilityMatches(danceability);

    /// <summary>Parses a range written "LO:HI" (for example "0.4:0.9"); the error names <paramref name="optionName"/>.</summary>
    public static (float Low, float High) ParseRange(string text, string optionName = "--danceability")
    {
        var parts = (text ?? "").Split(':');
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)
            && lo >= 0f && hi <= 1f && lo <= hi)
            return (lo, hi);
        throw new WorkbenchException($"{optionName} '{text}' is invalid: expected LO:HI with 0 <= LO <= HI <= 1, for example 0.4:0.9");
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"artist '{Artist}', genre '{Genre}', danceability {DanceabilityLow}:{DanceabilityHigh}");
}
