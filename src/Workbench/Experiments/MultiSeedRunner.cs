using System.Diagnostics;
using Workbench.Evaluation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>One seed's run: its result and timings.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Result">What the experiment returned.</param>
/// <param name="WallSeconds">Wall time of the whole run (training and evaluation).</param>
public sealed record SeedRun(int Seed, ExperimentResult Result, double WallSeconds)
{
    /// <summary>Training wall time: the experiment's own measurement, else <see cref="WallSeconds"/>.</summary>
    public double TrainingSeconds => Result.TrainingSeconds ?? WallSeconds;
}

/// <summary>The runs of one experiment over one or more seeds with the same options.</summary>
public sealed class MultiSeedResult
{
    private SeedSummary? _statistics;

    /// <summary>Creates the result.</summary>
    public MultiSeedResult(IExperiment experiment, ExperimentOptions options, IReadOnlyList<SeedRun> runs, DateTimeOffset startTime, double wallSeconds)
    {
        Experiment = experiment;
        Options = options;
        Runs = runs;
        StartTime = startTime;
        WallSeconds = wallSeconds;
    }

    /// <summary>The experiment.</summary>
    public IExperiment Experiment { get; }

    /// <summary>The options every seed ran with.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The runs, in the order of the seeds given.</summary>
    public IReadOnlyList<SeedRun> Runs { get; }

    /// <summary>The seeds, in order.</summary>
    public IReadOnlyList<int> Seeds => Runs.Select(r => r.Seed).ToList();

    /// <summary>When the runs started (UTC).</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Wall time of all runs together.</summary>
    public double WallSeconds { get; }

    /// <summary>Mean, std and 95% interval per summary key; pointwise bands per table (computed once).</summary>
    public SeedSummary Statistics => _statistics ??= SeedStatistics.Compute(Runs.Select(r => r.Result).ToList());
}

/// <summary>
/// Runs an experiment for several seeds in parallel over the cores. Each seed gets its own
/// <see cref="ExperimentContext"/> whose root generator is <c>new Rng(seed)</c>, so every seed's result
/// is identical to running that seed alone (or serially).
/// </summary>
public static class MultiSeedRunner
{
    /// <summary>The seeds <paramref name="first"/>, <paramref name="first"/> + 1, ..., <paramref name="first"/> + <paramref name="count"/> - 1 (the CLI's <c>--seed S --seeds K</c>).</summary>
    public static int[] Seeds(int first, int count)
    {
        if (count < 1) throw new WorkbenchException($"option --seeds = {count} is out of range; allowed: >= 1");
        return Enumerable.Range(0, count).Select(i => checked(first + i)).ToArray();
    }

    /// <summary>Runs one seed (options validated first).</summary>
    public static SeedRun RunSeed(IExperiment experiment, ExperimentOptions options, int seed, string? dataDirectory = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        Check(experiment, options);
        return RunChecked(experiment, options, seed, dataDirectory, progress, cancellationToken);
    }

    /// <summary>Runs every seed, at most <paramref name="maxDegreeOfParallelism"/> at a time (default: the processor count; 1 = serial).</summary>
    public static MultiSeedResult Run(IExperiment experiment, ExperimentOptions options, IReadOnlyList<int> seeds, string? dataDirectory = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("no seeds", nameof(seeds));
        if (seeds.Distinct().Count() != seeds.Count) throw new WorkbenchException($"seeds must be distinct: {string.Join(",", seeds)}");
        Check(experiment, options);
        var start = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        var runs = new SeedRun[seeds.Count];
        var dop = Math.Max(1, maxDegreeOfParallelism ?? Environment.ProcessorCount);
        if (dop == 1 || seeds.Count == 1)
        {
            for (var i = 0; i < seeds.Count; i++) runs[i] = RunChecked(experiment, options, seeds[i], dataDirectory, progress, cancellationToken);
        }
        else
        {
            try
            {
                Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = dop, CancellationToken = cancellationToken },
                    i => runs[i] = RunChecked(experiment, options, seeds[i], dataDirectory, progress, cancellationToken));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Surface the first error as itself (a WorkbenchException stays a clean user error).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }
        return new MultiSeedResult(experiment, options, runs, start, sw.Elapsed.TotalSeconds);
    }

    private static void Check(IExperiment experiment, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        if (!experiment.OptionsType.IsInstanceOfType(options))
            throw new ArgumentException($"experiment '{experiment.Name}' needs {experiment.OptionsType.Name}, got {options.GetType().Name}", nameof(options));
        options.Validate();
    }

    private static SeedRun RunChecked(IExperiment experiment, ExperimentOptions options, int seed, string? dataDirectory,
        IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var result = experiment.Run(new ExperimentContext(experiment.Name, options, seed, dataDirectory, progress, cancellationToken));
        foreach (var t in result.Tables.Values) t.Validate();
        return new SeedRun(seed, result, sw.Elapsed.TotalSeconds);
    }
}
