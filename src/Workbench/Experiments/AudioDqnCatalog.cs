using Workbench.Data;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// Seed 003's catalog pipeline (its <c>preprocess.py</c>): load the tracks, shuffle them, keep the nine
/// audio features in the seed's order and min-max scale them column by column (over the whole catalog,
/// before any reduction to <see cref="AudioDqnOptions.CatalogSize"/> tracks).
/// </summary>
public static class AudioDqnCatalog
{
    /// <summary>The three features seed 000's Deezer tracks have, named as in the seed's list: danceability, loudness (Gain in dB), tempo (BPM).</summary>
    public static readonly IReadOnlyList<string> DeezerFeatureNames = ["danceability", "loudness", "tempo"];

    /// <summary>Loads the catalog <paramref name="options"/> asks for, from <paramref name="dataDirectory"/> (null: the default data root).</summary>
    public static AudioFeatureMatrix Load(AudioDqnOptions options, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = DataRoot.Resolve(dataDirectory);
        var shuffle = new Rng(options.CatalogSeed).Derive("shuffle");
        AudioFeatureMatrix full;
        switch (options.Catalog)
        {
            case AudioCatalogSource.Deezer:
                if (!root.Exists(DataRoot.DeezerFile))
                    throw new WorkbenchException($"option catalog = deezer needs {root.DeezerPath} (seed 000's Deezer tracks); it was not found");
                full = FromDeezer(DeezerCatalog.Load(root.DeezerPath), shuffle);
                break;
            case AudioCatalogSource.Spotify:
                if (!root.SpotifyTracksExists)
                    throw new WorkbenchException(
                        $"option catalog = spotify needs the Spotify Tracks Dataset at {root.SpotifyTracksPath}; it was not found (use catalog = auto or synthetic)");
                full = FromSpotify(SpotifyTrackCatalog.Load(root.SpotifyTracksPath), shuffle);
                break;
            case AudioCatalogSource.Auto when root.SpotifyTracksExists:
                full = FromSpotify(SpotifyTrackCatalog.Load(root.SpotifyTracksPath), shuffle);
                break;
            default:
                full = FromSpotify(SyntheticData.SpotifyTracks(new Rng(options.CatalogSeed)), shuffle);
                break;
        }
        return options.CatalogSize > 0 ? full.Take(options.CatalogSize) : full;
    }

    /// <summary>SHA-256 of the real files <see cref="Load"/> reads for <paramref name="options"/> (none for synthetic data).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Datasets(AudioDqnOptions options, string? dataDirectory)
    {
        var root = DataRoot.Resolve(dataDirectory);
        var file = options.Catalog switch
        {
            AudioCatalogSource.Deezer => DataRoot.DeezerFile,
            AudioCatalogSource.Spotify => DataRoot.SpotifyTracksFile,
            AudioCatalogSource.Auto when root.SpotifyTracksExists => DataRoot.SpotifyTracksFile,
            _ => null,
        };
        if (file is not null && root.Exists(file))
            yield return new(file, RunManifest.Sha256OfFile(root.PathOf(file)));
    }

    /// <summary>
    /// The seed's nine features [acousticness, danceability, energy, instrumentalness, liveness, loudness,
    /// speechiness, tempo, valence] of a Spotify catalog in shuffled row order, min-max scaled.
    /// </summary>
    public static AudioFeatureMatrix FromSpotify(SpotifyTrackCatalog catalog, Rng shuffle)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var names = SpotifyTrackCatalog.SeedFeatureNames;
        var columns = names.Select(catalog.Feature).ToArray();
        return Build(catalog.Count, columns.Select(c => (Func<int, float>)(i => c[i])).ToArray(), names, i => catalog.TrackId[i],
            $"{catalog.Provenance.Label}: {catalog.Source}", shuffle);
    }

    /// <summary>Seed 000's Deezer tracks with the three features they have (<see cref="DeezerFeatureNames"/>), shuffled, min-max scaled.</summary>
    public static AudioFeatureMatrix FromDeezer(DeezerCatalog catalog, Rng shuffle)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var d = catalog.Danceability;
        var gain = catalog.Gain;
        var bpm = catalog.Bpm;
        return Build(catalog.Count, [i => d[i], i => gain[i], i => bpm[i]], DeezerFeatureNames,
            i => catalog.TrackId[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{catalog.Provenance.Label}: {catalog.Source} (seed 000's Deezer tracks; 3 of the 9 features: danceability, loudness = Gain, tempo = BPM)", shuffle);
    }

    private static AudioFeatureMatrix Build(int n, Func<int, float>[] columns, IReadOnlyList<string> names, Func<int, string> id, string source, Rng shuffle)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        shuffle.Shuffle<int>(order);
        var d = columns.Length;
        var raw = new float[n * d];
        var ids = new string[n];
        for (var r = 0; r < n; r++)
        {
            var src = order[r];
            ids[r] = id(src);
            for (var j = 0; j < d; j++) raw[r * d + j] = columns[j](src);
        }
        return AudioFeatureMatrix.MinMaxScaled(raw, names.ToArray(), ids, source);
    }
}
