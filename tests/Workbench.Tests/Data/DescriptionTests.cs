using Workbench.Data;
using Workbench.Training;

namespace Workbench.Tests.Data;

public class DescriptionTests
{
    [Fact]
    public void SummaryMatchesHandComputedValues()
    {
        // Values 1, 2, 3, 4, 10: mean 20/5 = 4; squared deviations 9+4+1+0+36 = 50, std = sqrt(50/4) = 3.5355;
        // quartiles (type 7): h = 4p -> q1 = x[1] = 2, median = x[2] = 3, q3 = x[3] = 4.
        var s = FeatureSummary.Of("x", new float[] { 4, 1, 10, 3, 2 });
        Assert.Equal(5, s.Count);
        Assert.Equal(4, s.Mean, 12);
        Assert.Equal(Math.Sqrt(12.5), s.Std, 12);
        Assert.Equal((1d, 2d, 3d, 4d, 10d), (s.Min, s.Q1, s.Median, s.Q3, s.Max));
        // Interpolation: 1, 2, 3, 4 -> h = 3 * 0.25 = 0.75 -> q1 = 1 + 0.75 * (2 - 1) = 1.75.
        Assert.Equal(1.75, FeatureSummary.Quantile([1, 2, 3, 4], 0.25), 12);
        Assert.Equal(0.5, FeatureSummary.Of("b", new[] { true, false, true, false }).Mean);
    }

    [Fact]
    public void SyntheticDescriptionsSaySynthetic()
    {
        var d = DatasetDescription.Of(SyntheticData.Deezer(new Rng(1)));
        Assert.True(d.Provenance.IsSynthetic);
        Assert.Equal(6129, d.Rows);
        Assert.Contains(d.Findings, f => f.StartsWith("Duplicated TrackIDs", StringComparison.Ordinal));
        Assert.Contains(d.Findings, f => f.Contains("contiguous blocks by row position", StringComparison.Ordinal));
        var spotify = SyntheticData.SpotifyTracks(new Rng(1), 2_280, 114);
        var withReference = DatasetDescription.Of(SyntheticData.Deezer(new Rng(1), 200, 10), spotify);
        Assert.Contains(withReference.Findings, f => f.Contains("at the same row position in", StringComparison.Ordinal));
        var log = DatasetDescription.Of(SyntheticData.SkipLog(new Rng(2), new SyntheticSkipLogOptions { Rows = 2_000 }));
        Assert.Equal(2_000, log.Rows);
        Assert.NotNull(log.Sessions);
    }

    [Fact]
    public void FormatNamesRoundTripAndUnknownNamesListTheAllowedOnes()
    {
        foreach (var f in Enum.GetValues<DatasetFormat>()) Assert.Equal(f, DatasetDescription.ParseFormat(DatasetDescription.FormatName(f)));
        var e = Assert.Throws<WorkbenchException>(() => DatasetDescription.ParseFormat("csv"));
        Assert.Contains("deezer, songs, skip-log", e.Message);
    }

    [Fact]
    public void DataRootResolvesOptionThenEnvironmentThenRepository()
    {
        using var dir = new TempDir();
        Assert.Equal(Path.GetFullPath(dir.Path), DataRoot.Resolve(dir.Path).Directory);
        Assert.Equal("--data", DataRoot.Resolve(dir.Path).Origin);
        Assert.Throws<WorkbenchException>(() => DataRoot.Resolve(Path.Combine(dir.Path, "missing")));
        var root = new DataRoot(dir.Path);
        Assert.False(root.SongsExists);
        dir.Write(DataRoot.SongsFile, SampleFormat.Songs.Text());
        Assert.True(root.SongsExists);
        Assert.Equal(Path.Combine(Path.GetFullPath(dir.Path), "001-ah-dqn", "songs.csv"), root.SongsPath);
        // sha256 of the bytes "abc" (FIPS 180-2 test vector).
        var abc = dir.Write("abc.txt", "abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataRoot.Sha256(abc));
        Assert.NotNull(DataRoot.FindRepositoryRoot(AppContext.BaseDirectory));
    }
}
