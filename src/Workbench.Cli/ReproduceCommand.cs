using System.CommandLine;
using Spectre.Console;
using Workbench.Experiments;
using Workbench.Experiments.Reproduction;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench reproduce [all|q-learning|dueling-dqn|ah-dqn|dqn|ddpg|audio-dqn] [--quick] [--seeds N]
/// [--data DIR] [--out DIR] [--replot] [--set key=value]...</c>: trains every run of the target in both
/// modes (seeds in parallel, a progress bar per run), writes run directories (metrics CSV, summary,
/// manifest) and redraws the figures (HTML and PNG) from those files. <c>workbench plot</c> is the same
/// with <c>--replot</c>.
/// </summary>
public sealed class ReproduceCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build() => Create("reproduce", "Reproduce the seeds' figures (faithful and corrected) into results/: train, write metrics CSV + manifests, draw figures.", replot: false);

    internal static Command Create(string name, string description, bool replot)
    {
        var cmd = new Command(name, description);
        var target = new Argument<string>("target") { Description = "all, or one experiment: q-learning, dueling-dqn, ah-dqn, dqn, ddpg, audio-dqn", DefaultValueFactory = _ => "all" };
        var quick = new Option<bool>("--quick") { Description = "Small budgets (minutes in all); CI runs this" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per run", DefaultValueFactory = _ => 5 };
        var data = new Option<string?>("--data") { Description = "Data folder laid out like ../shared/data (default: WORKBENCH_DATA, else data/)" };
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "results" };
        var replotOpt = new Option<bool>("--replot") { Description = "Do not train: redraw the figures from the run files in --out" };
        var noPng = new Option<bool>("--no-png") { Description = "Write HTML figures only (no chromium needed)" };
        var set = new Option<string[]>("--set") { Description = "Override an option of every run: key=value (repeatable)", DefaultValueFactory = _ => [] };
        var parallel = new Option<int?>("--parallel") { Description = "Seeds trained at once (default: the number of cores)" };
        cmd.Arguments.Add(target);
        foreach (var o in new Option[] { quick, seeds, data, outDir, noPng, set, parallel }) cmd.Options.Add(o);
        if (!replot) cmd.Options.Add(replotOpt);
        cmd.SetAction((pr, ct) => Task.FromResult(Run(new ReproductionSettings
        {
            Target = pr.GetValue(target) ?? "all",
            Quick = pr.GetValue(quick),
            Seeds = pr.GetValue(seeds),
            DataDirectory = ResolveData(pr.GetValue(data)),
            OutputDirectory = pr.GetValue(outDir) ?? "results",
            ReplotOnly = replot || pr.GetValue(replotOpt),
            Png = !pr.GetValue(noPng),
            Sets = pr.GetValue(set) ?? [],
            Parallelism = pr.GetValue(parallel),
        }, ct)));
        return cmd;
    }

    private static string? ResolveData(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
            return Environment.GetEnvironmentVariable("WORKBENCH_DATA") is { Length: > 0 } env ? Path.GetFullPath(env) : null;
        var full = Path.GetFullPath(data);
        if (!Directory.Exists(full)) throw new WorkbenchException($"option --data: folder not found: {full}");
        return full;
    }

    private static int Run(ReproductionSettings settings, CancellationToken ct)
    {
        var console = AnsiConsole.Console;
        var engine = new ReproductionEngine(ExperimentRegistry.Default, ReproductionCatalog.Default);
        var report = engine.Run(settings,
            (title, seeds, work) => ProgressDisplay.Run(console, title, seeds, enabled: true, work),
            line => console.MarkupLine(Markup.Escape(line)), ct);
        foreach (var s in report.Skipped) console.MarkupLine($"[yellow]skipped[/] {Markup.Escape(s)}");
        console.MarkupLine($"{report.Runs.Count} runs, {report.Figures.Count} figure files in {Markup.Escape(Path.GetFullPath(settings.OutputDirectory))}, {report.WallSeconds:F1} s");
        return 0;
    }
}

/// <summary><c>workbench plot [TARGET] [--out DIR]</c>: redraws the figures from existing run files, without training.</summary>
public sealed class PlotCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build() => ReproduceCommand.Create("plot", "Redraw the figures from the run files in --out (no training).", replot: true);
}
