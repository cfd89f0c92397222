using Workbench.Data;
using Workbench.Experiments;
using Workbench.Tests.Support;

namespace Workbench.Tests.Seed003;

public class AudioDqnCatalogTests
{
    [Fact]
    public void A_real_Spotify_file_goes_through_the_data_loader_and_the_seeds_scaling()
    {
        var root = Path.Combine(Path.GetTempPath(), "wb-seed003-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "003-spotify-rl-dqn"));
            // Three tracks; acousticness 0.1 / 0.5 / 0.9 scales to 0 / 0.5 / 1, tempo 100 / 150 / 200 to 0 / 0.5 / 1,
            // loudness -20 / -10 / 0 dB to 0 / 0.5 / 1; energy is constant (0.7) and scales to 0.
            File.WriteAllText(Path.Combine(root, DataRoot.SpotifyTracksFile),
                ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\n" +
                "0,aaaaaaaaaaaaaaaaaaaaaa,A,Al,T1,10,200000,False,0.2,0.7,1,-20,1,0.05,0.1,0.0,0.1,0.3,100,4,acoustic\n" +
                "1,bbbbbbbbbbbbbbbbbbbbbb,B,Al,T2,20,210000,False,0.4,0.7,2,-10,0,0.10,0.5,0.5,0.2,0.6,150,4,acoustic\n" +
                "2,cccccccccccccccccccccc,C,Al,T3,30,220000,True,0.6,0.7,3,0,1,0.15,0.9,1.0,0.3,0.9,200,4,afrobeat\n");
            var options = new AudioDqnExperiment().DefaultOptionsFor(RunMode.Faithful); // catalog = auto: real when present
            var m = AudioDqnCatalog.Load(options, root);
            Assert.Equal(3, m.Count);
            Assert.StartsWith("real", m.Source);
            Assert.Equal(["acousticness", "danceability", "energy", "instrumentalness", "liveness", "loudness", "speechiness", "tempo", "valence"], m.FeatureNames);
            var c = m.Row(m.TrackIds.ToList().IndexOf("cccccccccccccccccccccc")).ToArray();
            Assert.Equal([1f, 1f, 0f, 1f, 1f, 1f, 1f, 1f, 1f], c);
            var b = m.Row(m.TrackIds.ToList().IndexOf("bbbbbbbbbbbbbbbbbbbbbb")).ToArray();
            float[] half = [0.5f, 0.5f, 0f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f]; // (0.4 - 0.2) / (0.6 - 0.2) is 0.5 up to float rounding of the inputs
            for (var j = 0; j < half.Length; j++) Assert.Equal(half[j], b[j], 1e-6);
            Assert.Single(AudioDqnCatalog.Datasets(options, root)); // its checksum goes into the manifest
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Without_the_file_auto_is_the_synthetic_catalog_and_spotify_is_a_clear_error()
    {
        var empty = Path.Combine(Path.GetTempPath(), "wb-seed003-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            var options = new AudioDqnExperiment().DefaultOptionsFor(RunMode.Faithful) with { CatalogSize = 50 };
            var m = AudioDqnCatalog.Load(options, empty);
            Assert.Contains("SYNTHETIC", m.Source);
            Assert.Equal(50, m.Count);
            Assert.Empty(AudioDqnCatalog.Datasets(options, empty));
            var e = Assert.Throws<WorkbenchException>(() => AudioDqnCatalog.Load(options with { Catalog = AudioCatalogSource.Spotify }, empty));
            Assert.Contains("dataset.csv", e.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [SkippableFact]
    public void Seed_000s_Deezer_tracks_with_their_three_features()
    {
        RealData.Require(DataRoot.DeezerFile);
        var options = new AudioDqnExperiment().DefaultOptionsFor(RunMode.Corrected) with { Catalog = AudioCatalogSource.Deezer };
        var m = AudioDqnCatalog.Load(options, RealData.Root);
        Assert.Equal(6129, m.Count);
        Assert.Equal(["danceability", "loudness", "tempo"], m.FeatureNames);
        Assert.Contains("real", m.Source);
        Assert.All(m.Features.ToArray(), v => Assert.InRange(v, 0f, 1f));
    }
}
