using System.CommandLine;
using System.Globalization;
using Workbench.Notebooks;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench notebooks run PATHS... [--param k=v]... [--out DIR | --inplace] [--timeout SECONDS]</c>:
/// runs Polyglot C# notebooks headless, printing a progress line per cell.
/// </summary>
public sealed class NotebooksCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb) or folders of notebooks to run, in order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var param = new Option<string[]>("--param", "-p")
        {
            Description = "Override a variable of the cell tagged 'parameters': name=value (bool, int, long, double, float, string). Repeatable.",
        };
        var outDir = new Option<string?>("--out", "-o")
        {
            Description = "Write each executed notebook to this folder under its own file name.",
        };
        var inplace = new Option<bool>("--inplace")
        {
            Description = "Write each executed notebook back over its source file.",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Per-cell timeout in seconds.",
            DefaultValueFactory = _ => 1200,
        };
        var run = new Command("run", "Run notebooks headless (cells in order, outputs written as nbformat outputs). " +
                                     "Without --out or --inplace the executed notebooks are only checked, not written.")
        {
            paths, param, outDir, inplace, timeout,
        };
        run.SetAction((parse, ct) => RunAsync(parse.GetValue(paths)!, parse.GetValue(param) ?? [], parse.GetValue(outDir),
            parse.GetValue(inplace), parse.GetValue(timeout), ct));
        return new Command("notebooks", "Polyglot notebooks: run them headless.") { run };
    }

    /// <summary>Runs the notebooks; returns 0 when every cell of every notebook ran.</summary>
    /// <exception cref="WorkbenchException">bad options, or a notebook failed (names the notebook, cell and error).</exception>
    public static async Task<int> RunAsync(string[] paths, string[] parameters, string? outDir, bool inplace, double timeoutSeconds, CancellationToken ct)
    {
        if (outDir is not null && inplace) throw new WorkbenchException("--out and --inplace exclude each other: choose one");
        if (!(timeoutSeconds > 0)) throw new WorkbenchException($"--timeout must be a positive number of seconds, got {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}");
        var overrides = ParseParameters(parameters);
        var notebooks = Expand(paths);
        var options = new NotebookRunOptions
        {
            Parameters = overrides,
            CellTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            Progress = new ConsoleProgress(),
        };
        var failures = new List<string>();
        foreach (var nb in notebooks)
        {
            var result = await new NotebookRunner(options).RunAsync(nb, ct).ConfigureAwait(false);
            string? written = null;
            if (inplace) written = nb;
            else if (outDir is not null) written = Path.Combine(outDir, Path.GetFileName(nb));
            if (written is not null) result.Document.Save(written);
            var where = written is null ? "" : $" -> {written}";
            Console.WriteLine(result.Succeeded
                ? $"[{Path.GetFileName(nb)}] ok: {result.CellsRun} cells in {result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s{where}"
                : $"[{Path.GetFileName(nb)}] FAILED{where}");
            if (result.Failure is { } f) failures.Add(f.ToString());
        }
        if (failures.Count > 0) throw new WorkbenchException(string.Join("\n", failures));
        return 0;
    }

    private static Dictionary<string, string> ParseParameters(string[] parameters)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            int eq = p.IndexOf('=');
            if (eq <= 0) throw new WorkbenchException($"--param expects name=value, got '{p}'");
            d[p[..eq].Trim()] = p[(eq + 1)..];
        }
        return d;
    }

    private static List<string> Expand(string[] paths)
    {
        var list = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                list.AddRange(Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(p))
                list.Add(p);
            else
                throw new WorkbenchException($"{p}: no such notebook or folder");
        }
        if (list.Count == 0) throw new WorkbenchException($"no .ipynb files in {string.Join(", ", paths)}");
        return list;
    }

    /// <summary>Prints "[nb] cell 3/12 ..." when a cell starts and completes the line with "ok 1.2s" (synchronously, in order).</summary>
    private sealed class ConsoleProgress : IProgress<CellProgress>
    {
        public void Report(CellProgress value)
        {
            if (value.Status == CellStatus.Running)
            {
                Console.Write(value.ToString());
                Console.Out.Flush();
                return;
            }
            var full = value.ToString();
            var start = new CellProgress(value.Notebook, value.CellNumber, value.CellCount, CellStatus.Running, TimeSpan.Zero, null).ToString();
            Console.WriteLine(full.StartsWith(start, StringComparison.Ordinal) ? full[start.Length..] : "\n" + full);
        }
    }
}
