using Workbench.Experiments;

namespace Workbench.Simulation;

/// <summary>Small pieces the seed-000 experiments share (preference defaults, data notes, like/dislike metrics).</summary>
internal static class DeezerExperimentSupport
{
    /// <summary>The training preference: empty artist = <see cref="DeezerEnvironment.DefaultPreference"/>, empty genre = the artist's most frequent genre; names resolved on the catalog.</summary>
    public static DeezerPreference Preference(DeezerEnvironment env, string artist, string genre, float lo, float hi)
    {
        var d = env.DefaultPreference();
        var a = string.IsNullOrWhiteSpace(artist) ? d.Artist : artist;
        var g = string.IsNullOrWhiteSpace(genre) ? (string.IsNullOrWhiteSpace(artist) ? d.Genre : MostFrequentGenre(env, env.Artists.Resolve(a))) : genre;
        return env.Resolve(new DeezerPreference(a, g, lo, hi));
    }

    private static string MostFrequentGenre(DeezerEnvironment env, string artist) =>
        Enumerable.Range(0, env.Count).Where(i => env.ArtistNames[i] == artist)
            .GroupBy(i => env.GenreNames[i]).OrderByDescending(g => g.Count()).ThenBy(g => g.First()).First().Key;

    /// <summary>Notes "data" (synthetic or real: PATH) and the dataset's sha256.</summary>
    public static void DescribeData(ExperimentResult result, DeezerEnvironment env)
    {
        var p = env.Catalog.Provenance;
        result.Notes["data"] = p.IsSynthetic ? "synthetic: " + p.Source : "real: " + p.Path;
        if (!p.IsSynthetic && p.Path is not null) result.Datasets[Data.DataRoot.DeezerFile] = RunManifest.Sha256OfFile(p.Path);
    }

    /// <summary>
    /// Adds PREFIXprecision = TP / (TP + FP) (NaN without predicted likes), PREFIXrecall = TP / (TP + FN) (NaN without
    /// liked songs) and PREFIXaccuracy of "like" predictions against the user's truth.
    /// </summary>
    public static void AddClassification(OrderedDictionary<string, double> summary, string prefix, ReadOnlySpan<bool> truth, ReadOnlySpan<bool> predicted)
    {
        int tp = 0, fp = 0, fn = 0, correct = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (predicted[i] && truth[i]) tp++;
            else if (predicted[i]) fp++;
            else if (truth[i]) fn++;
            if (predicted[i] == truth[i]) correct++;
        }
        summary[prefix + "precision"] = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
        summary[prefix + "recall"] = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
        summary[prefix + "accuracy"] = truth.Length == 0 ? double.NaN : (double)correct / truth.Length;
    }
}
