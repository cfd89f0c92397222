using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Workbench.Data;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench data describe [--data DIR]</c>: for every dataset of the data root (<see cref="DataRoot.Resolve"/>),
/// rows, columns, sessions, per-feature statistics, distinct ids and data-quality findings, or
/// "not found (place it at PATH)". <c>workbench data describe --file PATH --format deezer|songs|skip-log|spotify-tracks|track-features|track-ids</c>
/// describes one file. The statistics come from <see cref="DatasetDescription"/>; this class only renders.
/// </summary>
public sealed class DataCommand : ICliCommand
{
    private readonly TextWriter? _out;

    /// <summary>The command writing to the console.</summary>
    public DataCommand() { }

    /// <summary>The command writing to <paramref name="output"/> (tests).</summary>
    public DataCommand(TextWriter output) => _out = output;

    /// <inheritdoc />
    public Command Build()
    {
        var data = new Command("data", "Inspect the datasets: where they are, what they hold, what is wrong with them.");
        var describe = new Command("describe", "Describe every dataset of the data folder (or one file): rows, columns, sessions, feature statistics, distinct ids, data-quality findings.");
        var dir = new Option<string?>("--data") { Description = "Data folder laid out like ../shared/data (default: WORKBENCH_DATA, else the repository's data/)" };
        var file = new Option<string?>("--file") { Description = "Describe this one file instead (needs --format)" };
        var formats = string.Join("|", Enum.GetValues<DatasetFormat>().Select(DatasetDescription.FormatName));
        var format = new Option<string?>("--format") { Description = $"Format of --file: {formats}" };
        describe.Options.Add(dir);
        describe.Options.Add(file);
        describe.Options.Add(format);
        describe.SetAction(pr => Describe(pr.GetValue(dir), pr.GetValue(file), pr.GetValue(format)));
        data.Subcommands.Add(describe);
        return data;
    }

    private int Describe(string? dataDir, string? file, string? formatName)
    {
        // Files and pipes get plain text (no ANSI codes) 140 columns wide; a terminal gets colours at its own width.
        var plain = _out is not null || Console.IsOutputRedirected;
        var console = plain
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out ?? Console.Out), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors })
            : AnsiConsole.Console;
        if (plain) console.Profile.Width = 140;
        if (file is not null || formatName is not null)
        {
            if (file is null) throw new WorkbenchException("--format needs --file PATH (without --file, describe shows every dataset of the data folder)");
            if (formatName is null)
                throw new WorkbenchException($"--file needs --format; allowed: {string.Join(", ", Enum.GetValues<DatasetFormat>().Select(DatasetDescription.FormatName))}");
            if (dataDir is not null) throw new WorkbenchException("--data and --file are exclusive: --file names the file itself");
            var format = DatasetDescription.ParseFormat(formatName);
            if (!File.Exists(file)) throw new WorkbenchException($"file not found: {Path.GetFullPath(file)}");
            Render(console, DatasetDescription.Load(file, format), file);
            return 0;
        }
        var root = DataRoot.Resolve(dataDir);
        console.MarkupLine($"[bold]Data folder[/] {Markup.Escape(root.Directory)} [grey](from {Markup.Escape(root.Origin)})[/]");
        var statuses = DatasetStatus.ForRoot(root);
        foreach (var s in statuses)
        {
            if (s.Description is null)
            {
                console.WriteLine();
                console.MarkupLine($"[bold]{Markup.Escape(DatasetDescription.Title(s.Format))}[/]: [yellow]not found[/] (place it at {Markup.Escape(s.Path)})");
                continue;
            }
            Render(console, s.Description, s.Path);
        }
        var missing = statuses.Count(s => !s.Found);
        console.WriteLine();
        console.MarkupLine(missing == 0
            ? "All datasets found."
            : $"{statuses.Count - missing} of {statuses.Count} datasets found; experiments use seeded [bold]synthetic[/] data for the missing ones and say so in their output.");
        return 0;
    }

    private static void Render(IAnsiConsole console, DatasetDescription d, string path)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(DatasetDescription.Title(d.Format))}[/]") { Justification = Justify.Left });
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("File", Markup.Escape(path));
        grid.AddRow("Data", d.Provenance.IsSynthetic ? "[red]SYNTHETIC[/]" : "real");
        grid.AddRow("Rows", N(d.Rows));
        grid.AddRow("Columns", N(d.Columns));
        if (d.Sessions is { } sessions) grid.AddRow("Sessions", N(sessions));
        if (d.LoadSeconds > 0) grid.AddRow("Load time", (d.LoadSeconds * 1000).ToString("F0", CultureInfo.InvariantCulture) + " ms");
        console.Write(grid);
        if (d.Features.Length > 0)
        {
            var t = new Table().Border(TableBorder.Rounded).Title("features");
            t.AddColumn("feature");
            foreach (var h in new[] { "count", "mean", "std", "min", "25%", "50%", "75%", "max" }) t.AddColumn(new TableColumn(h).RightAligned());
            foreach (var f in d.Features)
                t.AddRow(Markup.Escape(f.Name), N(f.Count), G(f.Mean), G(f.Std), G(f.Min), G(f.Q1), G(f.Median), G(f.Q3), G(f.Max));
            console.Write(t);
        }
        var ids = new Table().Border(TableBorder.Rounded).Title("distinct values");
        ids.AddColumn("column");
        ids.AddColumn(new TableColumn("distinct").RightAligned());
        foreach (var c in d.DistinctCounts) ids.AddRow(Markup.Escape(c.Column), N(c.Distinct));
        console.Write(ids);
        if (d.Findings.Length > 0)
        {
            console.MarkupLine("[bold]Findings[/]");
            foreach (var f in d.Findings) console.MarkupLine($" - {Markup.Escape(f)}");
        }
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string G(double v) => double.IsNaN(v) ? "-" : Math.Abs(v) >= 1e5 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("G5", CultureInfo.InvariantCulture);
}
