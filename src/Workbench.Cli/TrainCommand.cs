using System.CommandLine;
using Spectre.Console;
using Workbench.Experiments;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench train EXPERIMENT --mode faithful|corrected --episodes N --seed S [--seeds K] [--data DIR]
/// [--json PATH] [--out DIR] [--set key=value]...</c>: one subcommand per experiment of the
/// <see cref="ExperimentRegistry"/>. Seeds S..S+K-1 run in parallel; <c>--out</c> writes the run
/// directory (<see cref="RunWriter"/>), <c>--json</c> the flat summary (episodes, updates, seconds,
/// the final metrics). Bad values name the option and the allowed values, exit 1, no stack trace.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    private readonly ExperimentRegistry _registry;
    private readonly TextWriter? _out;
    private readonly TextWriter? _err;

    /// <summary>The command over the Workbench library's experiments, writing to the console.</summary>
    public TrainCommand() : this(ExperimentRegistry.Default) { }

    /// <summary>The command over <paramref name="registry"/>; <paramref name="output"/> and <paramref name="error"/> replace the console (tests).</summary>
    public TrainCommand(ExperimentRegistry registry, TextWriter? output = null, TextWriter? error = null)
    {
        _registry = registry;
        _out = output;
        _err = error;
    }

    /// <inheritdoc />
    public Command Build()
    {
        var train = new Command("train", "Train an experiment (faithful or corrected) for one or more seeds; write metrics, summary and manifest.");
        foreach (var e in _registry.All) train.Subcommands.Add(BuildOne(e));
        if (_registry.All.Count == 0)
            train.SetAction(_ =>
            {
                Error.WriteLine("error: no experiments are registered yet");
                return 1;
            });
        return train;
    }

    private TextWriter Error => _err ?? Console.Error;

    private Command BuildOne(IExperiment experiment)
    {
        var cmd = new Command(experiment.Name, experiment.Description);
        var mode = new Option<string>("--mode") { Description = "faithful (the seed's computation) or corrected (its bugs fixed)", DefaultValueFactory = _ => "faithful" };
        var episodes = new Option<int?>("--episodes") { Description = "Training episodes (default: the experiment's default for the mode)" };
        var seed = new Option<int>("--seed") { Description = "Root seed (the first seed with --seeds)", DefaultValueFactory = _ => 0 };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds: S, S+1, ..., S+K-1, run in parallel", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Data folder laid out like ../shared/data (default: WORKBENCH_DATA, else the repository's data/)" };
        var json = new Option<string?>("--json") { Description = "Write a JSON summary (episodes, updates, seconds, metrics) to this file" };
        var outDir = new Option<string?>("--out") { Description = "Write the run directory (CSV per metric table, summary.json, manifest.json) here" };
        var set = new Option<string[]>("--set") { Description = "Override an option: key=value (repeatable); --print-options lists the keys", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var parallel = new Option<int?>("--parallel") { Description = "Seeds run at once (default: the number of cores)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar" };
        var print = new Option<bool>("--print-options") { Description = "Print the resolved options (keys, types, values) and exit" };
        foreach (var o in new Option[] { mode, episodes, seed, seeds, data, json, outDir, set, parallel, quiet, print }) cmd.Options.Add(o);

        cmd.SetAction((pr, ct) => Task.FromResult(Run(experiment, ct, pr.GetValue(mode)!, pr.GetValue(episodes), pr.GetValue(seed), pr.GetValue(seeds),
            pr.GetValue(data), pr.GetValue(json), pr.GetValue(outDir), pr.GetValue(set) ?? [], pr.GetValue(parallel), pr.GetValue(quiet), pr.GetValue(print))));
        return cmd;
    }

    private int Run(IExperiment experiment, CancellationToken ct, string modeText, int? episodes, int seed, int seedCount, string? data,
        string? json, string? outDir, string[] sets, int? parallel, bool quiet, bool print)
    {
        var console = _out is null ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });
        try
        {
            var mode = ExperimentRegistry.ParseMode(modeText);
            var options = experiment.DefaultOptions(mode);
            if (episodes is { } n) options = options with { Episodes = n };
            options = OptionsBinder.Apply(options, sets);
            options.Validate();
            if (print)
            {
                var t = new Table().AddColumns("key", "type", "value", "description");
                foreach (var o in OptionsBinder.Describe(options)) t.AddRow(Markup.Escape(o.Key), Markup.Escape(o.TypeName), Markup.Escape(o.Value), Markup.Escape(o.Description));
                console.Write(t);
                return 0;
            }
            if (parallel is < 1) throw new WorkbenchException($"option --parallel = {parallel} is out of range; allowed: >= 1");
            var seedList = MultiSeedRunner.Seeds(seed, seedCount);
            // --data, else WORKBENCH_DATA, else the repository's data/ (a named folder that is missing is an error).
            var dataDir = Workbench.Data.DataRoot.Resolve(data).Directory;
            var title = $"{experiment.Name} ({OptionsBinder.FormatValue(mode)})";
            var run = ProgressDisplay.Run(console, title, seedList, ProgressDisplay.ShouldShow(console, quiet), progress =>
                MultiSeedRunner.Run(experiment, options, seedList, dataDir, progress, ct, parallel));
            if (outDir is not null) RunWriter.Write(outDir, run, dataDir);
            if (json is not null) RunWriter.WriteJsonSummary(json, run);
            WriteSummary(console, run);
            return 0;
        }
        catch (WorkbenchException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("cancelled");
            return 130;
        }
    }

    private static void WriteSummary(IAnsiConsole console, MultiSeedResult run)
    {
        var multi = run.Runs.Count > 1;
        var table = new Table().Title(Markup.Escape($"{run.Experiment.Name} ({OptionsBinder.FormatValue(run.Options.Mode)}), seeds {string.Join(",", run.Seeds)}"));
        table.AddColumn("metric");
        table.AddColumn(multi ? "mean" : "value");
        if (multi) table.AddColumn("95% CI");
        foreach (var (k, s) in run.Statistics.Summary)
        {
            var row = new List<string> { Markup.Escape(k), s.Mean.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) };
            if (multi) row.Add(!(s.Std > 0) ? "" : Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{s.CiLow:G5}, {s.CiHigh:G5}]")));
            table.AddRow(row.ToArray());
        }
        table.AddRow("seconds", run.Runs.Average(r => r.TrainingSeconds).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(table);
        foreach (var (k, v) in run.Runs[0].Result.Notes) console.MarkupLine($"[grey]{Markup.Escape(k)}: {Markup.Escape(v)}[/]");
    }
}
