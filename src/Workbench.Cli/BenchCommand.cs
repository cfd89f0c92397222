using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Benchmarks;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench bench [--filter NAME] [--json PATH] [--budget SECONDS] [--list]</c>: runs the benchmark cases
/// of <see cref="BenchmarkRegistry"/> (FMA peak, SGEMM at the seeds' shapes, updates per second of the seed
/// networks): warm-up, then a fixed time budget per case split into repeats, median reported. Prints a table
/// (GFLOP/s rows also as a fraction of the 1-thread FMA peak when it was measured) and optionally writes a JSON
/// array of <c>{"name", "value", "unit"}</c> records.
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    private readonly TextWriter? _out;

    /// <summary>The command writing to the console.</summary>
    public BenchCommand() { }

    /// <summary>The command writing to <paramref name="output"/> (tests).</summary>
    public BenchCommand(TextWriter output) => _out = output;

    /// <inheritdoc />
    public Command Build()
    {
        var cmd = new Command("bench", "Measure kernel GFLOP/s against this machine's FMA peak and training updates/s of the seed networks.");
        var filter = new Option<string?>("--filter") { Description = "Run only cases whose name contains this text (case-insensitive), e.g. sgemm, dueling" };
        var json = new Option<string?>("--json") { Description = "Also write the results as a JSON array of {name, value, unit} to this file" };
        var budget = new Option<double>("--budget") { Description = "Timed seconds per case (split into 5 repeats; the median is reported)", DefaultValueFactory = _ => 3.0 };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up seconds per case before timing", DefaultValueFactory = _ => 0.5 };
        var list = new Option<bool>("--list") { Description = "List the cases and exit" };
        foreach (var o in new Option[] { filter, json, budget, warmup, list }) cmd.Options.Add(o);
        cmd.SetAction(pr => Run(pr.GetValue(filter), pr.GetValue(json), pr.GetValue(budget), pr.GetValue(warmup), pr.GetValue(list)));
        return cmd;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private int Run(string? filter, string? json, double budget, double warmup, bool list)
    {
        var console = _out is null
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });
        var options = new BenchmarkOptions { BudgetSeconds = budget, WarmupSeconds = warmup };
        try
        {
            options.Validate();
        }
        catch (WorkbenchException e)
        {
            throw new WorkbenchException($"--budget/--warmup: {e.Message}");
        }
        var cases = BenchmarkRegistry.Matching(filter);
        if (list)
        {
            var t = new Table().AddColumn("name").AddColumn("unit").AddColumn("what");
            foreach (var c in cases) t.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Unit), Markup.Escape(c.Description));
            console.Write(t);
            return 0;
        }
        var results = new List<BenchmarkResult>();
        void RunAll(Action<BenchmarkCase>? before)
        {
            foreach (var c in cases)
            {
                before?.Invoke(c);
                results.Add(BenchmarkRunner.Run(c, options));
            }
        }
        if (ProgressDisplay.ShouldShow(console, quiet: false))
        {
            console.Status().Start("benchmarking", ctx => RunAll(c => ctx.Status($"{c.Name} ({results.Count + 1}/{cases.Count})")));
        }
        else
        {
            RunAll(null);
        }

        var peak = results.FirstOrDefault(r => r.Name == "fma-peak-1t")?.Value;
        var table = new Table().AddColumn("name").AddColumn(new TableColumn("value").RightAligned()).AddColumn("unit")
            .AddColumn(new TableColumn("of 1-thread peak").RightAligned()).AddColumn(new TableColumn("spread").RightAligned()).AddColumn(new TableColumn("per CPU-second").RightAligned());
        foreach (var r in results)
        {
            var frac = peak is > 0 && r.Unit == "GFLOP/s" && !r.Name.StartsWith("fma-peak-1t", StringComparison.Ordinal)
                ? (r.Value / peak.Value).ToString("P0", CultureInfo.InvariantCulture) : "";
            table.AddRow(Markup.Escape(r.Name), r.Value.ToString(r.Value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture), Markup.Escape(r.Unit),
                frac, r.Spread.ToString("P0", CultureInfo.InvariantCulture), r.ValuePerCpuSecond.ToString(r.ValuePerCpuSecond >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape($"load average {LoadAverage()}; {Environment.ProcessorCount} logical CPUs. Wall-clock rates fall on a shared machine; the last column divides by this process's CPU time."));
        if (json is not null)
        {
            BenchmarkRunner.WriteJson(json, results);
            console.MarkupLine($"wrote [bold]{Markup.Escape(json)}[/]");
        }
        return 0;
    }
}
