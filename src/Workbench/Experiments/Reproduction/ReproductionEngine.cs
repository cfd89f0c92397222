using System.Diagnostics;
using Workbench.Training;

namespace Workbench.Experiments.Reproduction;

/// <summary>Settings of one <c>workbench reproduce</c> invocation.</summary>
public sealed record ReproductionSettings
{
    /// <summary>The target: an experiment name of the plan, or "all".</summary>
    public string Target { get; init; } = "all";

    /// <summary>Quick mode: every run with its quick overrides (a small budget, for CI and smoke runs).</summary>
    public bool Quick { get; init; }

    /// <summary>Seeds per run: 0, 1, ..., Seeds-1 (first seed <see cref="FirstSeed"/>).</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>The first seed.</summary>
    public int FirstSeed { get; init; }

    /// <summary>Data folder (null: WORKBENCH_DATA, else the repository's data/).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Output folder (runs below it, figures in <c>figures/</c>).</summary>
    public string OutputDirectory { get; init; } = "results";

    /// <summary>Skip training: redraw the figures from the run files already in <see cref="OutputDirectory"/>.</summary>
    public bool ReplotOnly { get; init; }

    /// <summary>Extra option overrides applied to every run (key=value; keys unknown to a run's options are an error).</summary>
    public string[] Sets { get; init; } = [];

    /// <summary>Render PNG files (through headless chromium) beside the HTML figures.</summary>
    public bool Png { get; init; } = true;

    /// <summary>Seeds trained at once (null: the number of cores).</summary>
    public int? Parallelism { get; init; }
}

/// <summary>What a reproduction did: the runs trained, the figures written, the time it took.</summary>
/// <param name="Runs">Run keys trained (empty with --replot).</param>
/// <param name="Figures">Paths of the figure files written (HTML and PNG).</param>
/// <param name="Skipped">Figure sets or runs skipped, with the reason.</param>
/// <param name="WallSeconds">Wall time of the whole reproduction.</param>
public sealed record ReproductionReport(IReadOnlyList<string> Runs, IReadOnlyList<string> Figures, IReadOnlyList<string> Skipped, double WallSeconds);

/// <summary>
/// Runs a <see cref="ReproductionPlan"/>: trains each run of the target in both modes over the seeds
/// (seeds in parallel, each identical to a serial run), writes each run directory with
/// <see cref="RunWriter"/>, then redraws every figure set from those files with <see cref="RunReader"/>.
/// </summary>
public sealed class ReproductionEngine(ExperimentRegistry registry, ReproductionPlan plan)
{
    /// <summary>
    /// Runs the reproduction. <paramref name="runWithProgress"/> wraps each run's training (the CLI draws a
    /// progress bar through it); it receives a title, the seeds and the training function.
    /// <paramref name="log"/> receives one line per step.
    /// </summary>
    public ReproductionReport Run(ReproductionSettings settings,
        Func<string, IReadOnlyList<int>, Func<IProgress<ProgressReport>?, MultiSeedResult>, MultiSeedResult>? runWithProgress = null,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        plan.Validate(settings.Target);
        if (settings.Seeds < 1) throw new WorkbenchException($"option --seeds = {settings.Seeds} is out of range; allowed: >= 1");
        log ??= _ => { };
        runWithProgress ??= (_, _, f) => f(null);
        _ = GitInfo.ProcessCommit; // the commit the runs were started with, recorded in every manifest
        var sw = Stopwatch.StartNew();
        var trained = new List<string>();
        var skipped = new List<string>();
        var output = Path.GetFullPath(settings.OutputDirectory);

        if (!settings.ReplotOnly)
        {
            var seeds = MultiSeedRunner.Seeds(settings.FirstSeed, settings.Seeds);
            // Resolve every run's options first, so a bad --set fails before any training.
            var resolved = new List<(ReproductionRun Run, IExperiment Experiment, ExperimentOptions Options)>();
            foreach (var run in plan.RunsOf(settings.Target))
            {
                var experiment = registry.Find(run.Experiment);
                if (experiment is null)
                {
                    skipped.Add($"{run.Key}: experiment '{run.Experiment}' is not registered");
                    continue;
                }
                var options = experiment.DefaultOptions(run.Mode);
                var sets = run.Sets.AsEnumerable();
                if (settings.Quick) sets = sets.Concat(run.QuickSets);
                options = OptionsBinder.Apply(options, sets.Concat(settings.Sets));
                options.Validate();
                resolved.Add((run, experiment, options));
            }
            for (var i = 0; i < resolved.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (run, experiment, options) = resolved[i];
                var title = $"[{i + 1}/{resolved.Count}] {run.Key}";
                log($"{title}: {options.Episodes} episodes, seeds {string.Join(",", seeds)}");
                var result = runWithProgress(title, seeds, progress =>
                    MultiSeedRunner.Run(experiment, options, seeds, settings.DataDirectory, progress, cancellationToken, settings.Parallelism));
                var dir = Path.Combine(output, run.RelativeDirectory);
                RunWriter.Write(dir, result, settings.DataDirectory);
                trained.Add(run.Key);
                log($"{title}: done in {result.WallSeconds:F1} s -> {dir}");
            }
        }

        var figures = WriteFigures(settings, output, skipped, log);
        return new ReproductionReport(trained, figures, skipped, sw.Elapsed.TotalSeconds);
    }

    private List<string> WriteFigures(ReproductionSettings settings, string output, List<string> skipped, Action<string> log)
    {
        var written = new List<string>();
        var cache = new Dictionary<string, RunData>(StringComparer.Ordinal);
        foreach (var set in plan.FiguresOf(settings.Target))
        {
            var runs = new Dictionary<string, RunData>(StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (var key in set.Requires)
            {
                var dir = Path.Combine(output, key.Replace('/', Path.DirectorySeparatorChar));
                if (!File.Exists(Path.Combine(dir, "manifest.json")))
                {
                    missing.Add(key);
                    continue;
                }
                if (!cache.TryGetValue(key, out var data))
                {
                    try
                    {
                        cache[key] = data = RunReader.Read(dir);
                    }
                    catch (RunFileMissingException e)
                    {
                        // A fresh clone lacks the 50,000-episode runs' per-episode tables (not committed): keep the
                        // committed figures and say how to remake the files. A corrupt file still fails.
                        missing.Add($"{key} (its {Path.GetRelativePath(output, e.Path)} is absent; `workbench reproduce {key.Split('/')[0]}` remakes it)");
                        continue;
                    }
                }
                runs[key] = data;
            }
            if (missing.Count > 0)
            {
                skipped.Add($"figures/{set.Name}: missing runs {string.Join(", ", missing)}");
                continue;
            }
            var folder = Path.Combine(output, "figures", set.Name);
            foreach (var f in set.Build(runs))
            {
                var html = Path.Combine(folder, f.Name + ".html");
                f.Figure.SaveHtml(html);
                written.Add(html);
                if (settings.Png)
                {
                    var png = Path.Combine(folder, f.Name + ".png");
                    f.Figure.SavePng(png, f.Figure.Width ?? 900, f.Figure.Height);
                    written.Add(png);
                }
            }
            log($"figures/{set.Name}: {written.Count} files so far");
        }
        return written;
    }
}
