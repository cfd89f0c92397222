using Workbench.Data;
using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed000;

/// <summary>Small hand-built Deezer catalogs for seed-000 tests (built through the catalog's constructor).</summary>
internal static class Seed000Fixtures
{
    /// <summary>
    /// <paramref name="artists"/> artists x <paramref name="perArtist"/> tracks; artist k's tracks have genre
    /// "g{k % 2}", GenreID 10 + k % 3, danceability spread evenly over [0, 1), distinct TrackIDs, Rank = row.
    /// </summary>
    public static DeezerCatalog Catalog(int artists = 4, int perArtist = 10, int seed = 5)
    {
        var rng = new Rng(seed);
        var n = artists * perArtist;
        var genreId = new int[n]; var artistId = new long[n]; var name = new string[n]; var trackId = new long[n];
        var title = new string[n]; var share = new string[n]; var duration = new float[n]; var rank = new float[n];
        var el = new bool[n]; var ecl = new int[n]; var ecc = new int[n]; var preview = new string[n]; var bpm = new float[n];
        var gain = new float[n]; var image = new string[n]; var dance = new float[n]; var genre = new string[n];
        for (var i = 0; i < n; i++)
        {
            var k = i / perArtist;
            genreId[i] = 10 + k % 3; artistId[i] = 100 + k; name[i] = "Artist" + k; trackId[i] = 9000 + i;
            title[i] = "Song" + i; share[i] = "https://deezer.example/track/" + i; duration[i] = 100 + rng.NextInt(200);
            rank[i] = i; el[i] = i % 3 == 0; ecl[i] = i % 4; ecc[i] = i % 2; preview[i] = $"https://preview.example/{i}.mp3";
            bpm[i] = 80 + rng.NextInt(80); gain[i] = -rng.NextSingle() * 10; image[i] = "img";
            dance[i] = (i % perArtist + 0.5f) / perArtist; genre[i] = "g" + k % 2;
        }
        return new DeezerCatalog(DataProvenance.Synthetic("Seed000Fixtures", (ulong)seed), genreId, artistId, name, trackId, title, share,
            duration, rank, el, ecl, ecc, preview, bpm, gain, image, dance, genre);
    }

    public static DeezerEnvironment Environment(int artists = 4, int perArtist = 10) => new(Catalog(artists, perArtist));

    public static ExperimentContext Context(ExperimentOptions o, int seed = 1) => new("test", o, seed);
}
