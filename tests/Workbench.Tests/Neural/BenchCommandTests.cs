using System.Text.Json;
using Workbench.Benchmarks;
using Workbench.Cli;

namespace Workbench.Tests.Neural;

public class BenchCommandTests
{
    [Fact]
    public void RegistryHoldsTheRequiredCasesWithUniqueNames()
    {
        var names = BenchmarkRegistry.All().Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var required in new[] { "fma-peak-1t", "fma-peak-2t", "sgemm-1000x42x64", "sgemm-1000x64x64", "sgemm-64x6038x128", "sgemm-64x128x114000" })
            Assert.Contains(required, names);
        Assert.Contains(names, n => n.Contains("dueling"));
        Assert.Contains(names, n => n.Contains("spotify"));
        Assert.Contains(names, n => n.Contains("ah-dqn"));
        Assert.All(BenchmarkRegistry.All().Where(c => c.Name.Contains("dueling") || c.Name.Contains("spotify") || c.Name.Contains("-update")),
            c => Assert.Equal("updates/s", c.Unit));
    }

    [Fact]
    public void UnknownFilterNamesTheAvailableCases()
    {
        var e = Assert.Throws<WorkbenchException>(() => BenchmarkRegistry.Matching("no-such-case"));
        Assert.Contains("fma-peak-1t", e.Message);
    }

    [Fact]
    public void RunnerMediansAndJsonRecords()
    {
        var calls = 0;
        var c = new BenchmarkCase("test-counter", "things/s", "counts", () => new BenchmarkBody(() => calls++, 2.0));
        var r = BenchmarkRunner.Run(c, new BenchmarkOptions { WarmupSeconds = 0, BudgetSeconds = 0.05, Repeats = 3 });
        Assert.True(r.Value > 0 && r.Iterations > 0 && calls >= r.Iterations);
        var path = Path.Combine(Path.GetTempPath(), "wb-bench-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            BenchmarkRunner.WriteJson(path, [r]);
            var doc = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            Assert.Equal(JsonValueKind.Array, doc.ValueKind);
            var rec = doc[0];
            Assert.Equal("test-counter", rec.GetProperty("name").GetString());
            Assert.Equal("things/s", rec.GetProperty("unit").GetString());
            Assert.Equal(r.Value, rec.GetProperty("value").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CommandWritesTableAndJson()
    {
        var path = Path.Combine(Path.GetTempPath(), "wb-bench-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            var output = new StringWriter();
            var root = new System.CommandLine.RootCommand();
            root.Subcommands.Add(new BenchCommand(output).Build());
            var exit = root.Parse(["bench", "--filter", "fma-peak-1t", "--budget", "0.05", "--warmup", "0", "--json", path]).Invoke();
            Assert.Equal(0, exit);
            Assert.Contains("fma-peak-1t", output.ToString());
            var doc = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            Assert.Equal("GFLOP/s", doc[0].GetProperty("unit").GetString());
            Assert.True(doc[0].GetProperty("value").GetDouble() > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
