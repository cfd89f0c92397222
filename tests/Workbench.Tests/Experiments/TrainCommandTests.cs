using System.Text.Json;
using Workbench.Experiments;
using static Workbench.Tests.Experiments.ExperimentTestSupport;

namespace Workbench.Tests.Experiments;

public class TrainCommandTests
{
    [Fact]
    public void JsonSummaryHoldsEpisodesUpdatesSecondsAndMetrics()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var json = Path.Combine(dir, "s.json");
        var (code, output, err) = Train("bandit", "--mode", "corrected", "--episodes", "40", "--seed", "3", "--json", json, "--set", "pulls-per-episode=2", "--quiet");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var r = doc.RootElement;
        Assert.Equal("bandit", r.GetProperty("experiment").GetString());
        Assert.Equal("corrected", r.GetProperty("mode").GetString());
        Assert.Equal(40, r.GetProperty("episodes").GetDouble());
        Assert.Equal(80, r.GetProperty("updates").GetDouble());
        Assert.True(r.GetProperty("seconds").GetDouble() >= 0);
        Assert.True(r.TryGetProperty("mean_reward", out _));
        Assert.Equal(3, r.GetProperty("seeds")[0].GetInt32());
        Assert.Contains("mean_reward", output);
    }

    [Fact]
    public void OutWritesTheRunDirectoryForSeveralSeeds()
    {
        using var dirFolder = ExperimentTestSupport.TempDir();
        string dir = dirFolder;
        var (code, _, err) = Train("bandit", "--episodes", "30", "--seed", "1", "--seeds", "3", "--out", dir, "--json", Path.Combine(dir, "s.json"));
        Assert.True(code == 0, err);
        var data = RunReader.Read(dir);
        Assert.Equal([1, 2, 3], data.Manifest.Seeds);
        Assert.Equal(30, data.Seed(2).Tables["episodes"].RowCount);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s.json")));
        Assert.Equal(2, doc.RootElement.GetProperty("ci95").GetProperty("mean_reward").GetArrayLength());
        // Seed 2 from the CLI equals seed 2 run alone through the library.
        var bandit = Registry.Get("bandit");
        var alone = MultiSeedRunner.RunSeed(bandit, bandit.DefaultOptions(RunMode.Faithful) with { Episodes = 30 }, 2);
        Assert.Equal(RunWriter.ToCsv(alone.Result.Table("episodes")), File.ReadAllText(Path.Combine(dir, "seed-2", "episodes.csv")));
    }

    [Fact]
    public void BadModeNamesAllowedValuesWithoutStackTrace()
    {
        var (code, _, err) = Train("bandit", "--mode", "fast");
        Assert.Equal(1, code);
        Assert.Contains("--mode", err);
        Assert.Contains("faithful, corrected", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void BadSetNamesOptionAndAllowedKeys()
    {
        var (code, _, err) = Train("bandit", "--set", "gamma=0.9");
        Assert.Equal(1, code);
        Assert.Contains("'gamma'", err);
        Assert.Contains("epsilon (double)", err);
        var (code2, _, err2) = Train("bandit", "--set", "reward=poisson");
        Assert.Equal(1, code2);
        Assert.Contains("bernoulli, gaussian", err2);
    }

    [Fact]
    public void BadEpisodesAndSeedsAreUserErrors()
    {
        Assert.Equal(1, Train("bandit", "--episodes", "-3").Code);
        Assert.Equal(1, Train("bandit", "--seeds", "0").Code);
        Assert.Contains("--parallel", Train("bandit", "--parallel", "0").Err);
        Assert.NotEqual(0, Train("bandit", "--episodes", "many").Code);
        var (code, _, err) = Train("bandit", "--data", "/no/such/folder");
        Assert.Equal(1, code);
        Assert.Contains("/no/such/folder", err);
    }

    [Fact]
    public void PrintOptionsListsKeysAndValues()
    {
        var (code, output, _) = Train("bandit", "--mode", "corrected", "--print-options", "--set", "epsilon=0.2");
        Assert.Equal(0, code);
        Assert.Contains("arm-means", output);
        Assert.Contains("0.2", output);
        Assert.Contains("corrected", output);
    }

    [Fact]
    public void UnknownExperimentFailsToParse()
    {
        Assert.NotEqual(0, Train("no-such-experiment").Code);
    }

    [Fact]
    public void RealCliHasTrainAndRecommend()
    {
        var root = Workbench.Cli.Program.BuildRoot();
        Assert.Contains(root.Subcommands, c => c.Name == "train");
        Assert.Contains(root.Subcommands, c => c.Name == "recommend");
    }
}
