using Workbench.Cli;
using Workbench.Data;
using Workbench.Tests.Support;

namespace Workbench.Tests.Data;

/// <summary><c>workbench data describe</c>: exit codes, what it prints, and errors without stack traces.</summary>
public class DataCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(new DataCommand(output).Build());
        int exit;
        try
        {
            exit = root.Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (WorkbenchException e)
        {
            // What Program.Main does: print the message, exit 1.
            output.WriteLine("error: " + e.Message);
            exit = 1;
        }
        return (exit, output.ToString());
    }

    [SkippableFact]
    public void DescribeOnTheRealDataShowsTheDocumentedCounts()
    {
        var dir = Path.GetDirectoryName(Path.GetDirectoryName(RealData.Require(DataRoot.SongsFile)))!;
        var (exit, text) = Run("data", "describe", "--data", dir);
        Assert.Equal(0, exit);
        Assert.Contains("6,129", text);
        Assert.Contains("1,000", text);
        Assert.Contains("100,000", text);
        Assert.Contains("5,956", text);
        Assert.Contains("34,872", text);
        Assert.Contains("Duplicated TrackIDs: 349 rows", text);
        Assert.Contains("contiguous blocks by row position", text);
        Assert.Contains("cut off at position 11 of 20", text);
        Assert.Contains("3,029 are complete 20-track sessions", text);
        Assert.Contains("Duplicate titles: 11 rows", text);
        Assert.Contains("not found (place it at", text); // the 114k dataset and the track features are not salvaged
        Assert.Contains(DataRoot.SpotifyTracksFile, text);
    }

    [Fact]
    public void DescribeAnEmptyFolderReportsEveryDatasetAsNotFound()
    {
        using var dir = new TempDir();
        var (exit, text) = Run("data", "describe", "--data", dir.Path);
        Assert.Equal(0, exit);
        Assert.Equal(6, text.Split("not found (place it at").Length - 1);
    }

    [Fact]
    public void DescribeOneSyntheticFileWithEveryFormat()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "log.gz");
        SkipLogWriter.Write(path, SyntheticData.SkipLogEvents(new Workbench.Training.Rng(1), new SyntheticSkipLogOptions { Rows = 1_003, FullLengthShare = 1 }), gzip: true);
        var (exit, text) = Run("data", "describe", "--file", path, "--format", "skip-log");
        Assert.Equal(0, exit);
        Assert.Contains("1,003", text);
        Assert.Contains("cut off at position 3 of 20", text);
        foreach (var f in SampleFormat.All)
        {
            var p = dir.Write(f.Name + ".csv", f.Text());
            var (e, t) = Run("data", "describe", "--file", p, "--format", f.Name);
            Assert.True(e == 0, t);
            Assert.Contains("Rows", t);
        }
    }

    [Fact]
    public void BadInputExitsNonZeroWithTheMessageAndNoStackTrace()
    {
        using var dir = new TempDir();
        var f = SampleFormat.Deezer;
        var bad = dir.Write("bad.csv", f.Text(3, (r, row) => { if (r == 1) row[f.ColumnIndex("BPM")] = "fast"; return row; }));
        var (exit, text) = Run("data", "describe", "--file", bad, "--format", "deezer");
        Assert.Equal(1, exit);
        Assert.Contains($"{bad}:3: column 'BPM': 'fast' is not a number", text);
        Assert.DoesNotContain("   at ", text);

        Assert.Equal(1, Run("data", "describe", "--file", bad, "--format", "parquet").Exit);
        Assert.Contains("allowed: deezer, songs, skip-log, spotify-tracks, track-features, track-ids", Run("data", "describe", "--file", bad, "--format", "parquet").Output);
        Assert.Equal(1, Run("data", "describe", "--file", bad).Exit);
        Assert.Equal(1, Run("data", "describe", "--file", Path.Combine(dir.Path, "missing.csv"), "--format", "songs").Exit);
        Assert.Equal(1, Run("data", "describe", "--data", Path.Combine(dir.Path, "no-such-folder")).Exit);
    }

    [Fact]
    public void ProgramMainReturnsOneForAMalformedFile()
    {
        using var dir = new TempDir();
        var empty = dir.Write("empty.csv", "");
        Assert.Equal(1, Program.Main(["data", "describe", "--file", empty, "--format", "songs"]));
        Assert.Equal(0, Program.Main(["data", "describe", "--file", dir.Write("ok.csv", SampleFormat.Songs.Text()), "--format", "songs"]));
    }
}
