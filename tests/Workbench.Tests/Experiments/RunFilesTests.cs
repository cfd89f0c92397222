using System.Text.Json;
using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

public class RunFilesTests
{
    private static readonly IExperiment Bandit = ExperimentTestSupport.Registry.Get("bandit");

    private static MultiSeedResult RunBandit(int[] seeds, int? parallel = null, int episodes = 60) =>
        MultiSeedRunner.Run(Bandit, Bandit.DefaultOptions(RunMode.Faithful) with { Episodes = episodes }, seeds, maxDegreeOfParallelism: parallel);

    [Fact]
    public void CsvIsInvariantAndRoundTrippable()
    {
        var t = new MetricTable("t");
        t.AddColumn("step", [0, 1, 2]);
        t.AddColumn("f", [0.1f, 1f / 3, -2.5e-8f]);
        t.AddColumn("d", [0.1, 1.0 / 3, double.NaN]);
        // floats print as their shortest round-tripping float text, doubles as "R".
        Assert.Equal("step,f,d\n0,0.1,0.1\n1,0.33333334,0.3333333333333333\n2,-2.5E-08,NaN\n", RunWriter.ToCsv(t));
    }

    [Fact]
    public void UnequalColumnsAreRejected()
    {
        var t = new MetricTable("t");
        t.AddColumn("a").Add(1);
        t.AddColumn("b");
        var ex = Assert.Throws<InvalidOperationException>(() => RunWriter.ToCsv(t));
        Assert.Contains("column 'b' has 0 values", ex.Message);
    }

    [Fact]
    public void BadTableOrColumnNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new MetricTable("a/b"));
        Assert.Throws<ArgumentException>(() => new MetricTable("ok").AddColumn("x,y"));
        var t = new MetricTable("ok");
        t.AddColumn("x");
        Assert.Throws<ArgumentException>(() => t.AddColumn("x"));
    }

    [Fact]
    public void RunDirectoryRoundTripsByteForByte()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var run = RunBandit([3, 4]);
        RunWriter.Write(dir, run);
        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        Assert.True(File.Exists(Path.Combine(dir, "seed-3", "episodes.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "bands", "episodes.csv")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));

        var data = RunReader.Read(dir);
        Assert.Equal([3, 4], data.Manifest.Seeds);
        Assert.Equal("bandit", data.Manifest.Experiment);
        Assert.Equal(RunMode.Faithful, data.Manifest.Mode);
        Assert.Equal(60, data.Manifest.Options.GetProperty("episodes").GetInt32());
        var s3 = data.Seed(3);
        var original = run.Runs[0].Result;
        Assert.Equal(original.Summary.ToArray(), s3.Summary.ToArray());
        Assert.Equal("synthetic", s3.Notes["data"]);
        var table = s3.Tables["episodes"];
        Assert.Equal(original.Table("episodes").Columns.Select(c => c.Kind), table.Columns.Select(c => c.Kind));
        Assert.Equal(RunWriter.ToCsv(original.Table("episodes")), RunWriter.ToCsv(table));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "seed-3", "episodes.csv")), RunWriter.ToCsv(table));
        Assert.True(data.Bands["episodes"].HasColumn("reward_mean"));
        Assert.True(data.Bands["episodes"].HasColumn("episode"));

        var stats = RunReader.ReadStatistics(dir);
        Assert.Equal(2, stats["mean_reward"].N);
        Assert.Equal(run.Statistics.Summary["mean_reward"].Mean, stats["mean_reward"].Mean);
    }

    [Fact]
    public void ManifestHoldsMachineGitAndTimes()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var run = RunBandit([0]);
        RunWriter.Write(dir, run);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        var m = doc.RootElement;
        Assert.Equal(Environment.ProcessorCount, m.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.False(string.IsNullOrEmpty(m.GetProperty("machine").GetProperty("cpu_model").GetString()));
        Assert.StartsWith(".NET", m.GetProperty("machine").GetProperty("dot_net").GetString());
        Assert.True(m.GetProperty("wall_seconds").GetDouble() >= 0);
        Assert.Equal(1, m.GetProperty("training_seconds").GetArrayLength());
        Assert.Equal("BanditOptions", m.GetProperty("options_type").GetString());
        // The tests run inside the repository, so the commit is a 40-hex sha read from .git.
        var commit = m.GetProperty("git_commit").GetString()!;
        Assert.Matches("^[0-9a-f]{40}$", commit);
        Assert.False(Directory.Exists(Path.Combine(dir, "bands")));
    }

    [Fact]
    public void GitCommitFollowsWorktreeFilesAndPackedRefs()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var sha = new string('a', 40);
        var common = Path.Combine(dir, "main", ".git");
        Directory.CreateDirectory(Path.Combine(common, "worktrees", "w"));
        File.WriteAllText(Path.Combine(common, "packed-refs"), "# pack-refs with: peeled\n" + sha + " refs/heads/w\n");
        File.WriteAllText(Path.Combine(common, "worktrees", "w", "HEAD"), "ref: refs/heads/w\n");
        File.WriteAllText(Path.Combine(common, "worktrees", "w", "commondir"), "../..\n");
        var wt = Path.Combine(dir, "wt", "sub");
        Directory.CreateDirectory(wt);
        File.WriteAllText(Path.Combine(dir, "wt", ".git"), "gitdir: " + Path.Combine(common, "worktrees", "w") + "\n");
        Assert.Equal(sha, GitInfo.Commit(wt));
        // A loose ref wins over packed-refs.
        var loose = new string('b', 40);
        Directory.CreateDirectory(Path.Combine(common, "refs", "heads"));
        File.WriteAllText(Path.Combine(common, "refs", "heads", "w"), loose + "\n");
        Assert.Equal(loose, GitInfo.Commit(wt));
        var nogit = Path.Combine(dir, "nogit");
        Directory.CreateDirectory(nogit);
        Assert.Equal("unknown", GitInfo.Commit(nogit));
    }

    [Fact]
    public void SameSeedGivesByteIdenticalFiles()
    {
        using var a = ExperimentTestSupport.TempDir();
        using var b = ExperimentTestSupport.TempDir();
        RunWriter.Write(a, RunBandit([5, 6]));
        RunWriter.Write(b, RunBandit([5, 6]));
        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("manifest.json")).ToList();
        Assert.Equal(6, files.Count); // 2 seeds x (episodes.csv + summary.json) + summary.json + bands/episodes.csv
        foreach (var f in files)
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(b, Path.GetRelativePath(a, f))));
    }

    [Fact]
    public void MalformedCsvNamesFileLineAndColumn()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var p = Path.Combine(dir, "t.csv");
        File.WriteAllText(p, "a,b\n1,2\n3,x\n");
        var ex = Assert.Throws<DataFormatException>(() => RunReader.ReadCsv(p));
        Assert.Equal(3, ex.Line);
        Assert.Equal("b", ex.Column);
        File.WriteAllText(p, "a,b\n1\n");
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => RunReader.ReadCsv(p)).Line);
        Assert.Throws<WorkbenchException>(() => RunReader.Read(dir));
    }

    [Fact]
    public void ReadCsvInfersIntegerColumns()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var p = Path.Combine(dir, "t.csv");
        File.WriteAllText(p, "step,loss\n0,0.5\n1,2\n");
        var t = RunReader.ReadCsv(p);
        Assert.Equal(ColumnKind.Integer, t["step"].Kind);
        Assert.Equal(ColumnKind.Double, t["loss"].Kind);
        Assert.Equal([0.5, 2.0], t["loss"].ToArray());
    }
}
