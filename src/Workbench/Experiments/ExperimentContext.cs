using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// Everything one seed's run of an experiment may use: its options, its seed and root
/// <see cref="Training.Rng"/>, the data directory, progress and cancellation. Nothing else is ambient.
/// </summary>
public sealed class ExperimentContext
{
    /// <summary>Creates a context; the root generator is <c>new Rng(seed)</c>, so a seed gives the same run alone or inside a multi-seed run.</summary>
    /// <param name="experiment">The experiment's name (for progress reports).</param>
    /// <param name="options">The experiment's options record (of its <see cref="IExperiment.OptionsType"/>).</param>
    /// <param name="seed">The root seed.</param>
    /// <param name="dataDirectory">The resolved data directory (laid out like ../shared/data), or null when none was given.</param>
    /// <param name="progress">Receives progress reports; null to ignore them.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public ExperimentContext(string experiment, ExperimentOptions options, int seed, string? dataDirectory = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        Experiment = experiment;
        Options = options;
        Seed = seed;
        Rng = new Rng(seed);
        DataDirectory = dataDirectory;
        Progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>The experiment's name.</summary>
    public string Experiment { get; }

    /// <summary>The options record of this run.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The root seed of this run.</summary>
    public int Seed { get; }

    /// <summary>The root generator (<c>new Rng(Seed)</c>). Derive named streams from it (<c>Rng.Derive("env")</c>) rather than drawing from it directly.</summary>
    public Rng Rng { get; }

    /// <summary>The data directory (laid out like ../shared/data): the CLI passes <c>DataRoot.Resolve(--data).Directory</c>; library callers may pass null. Read files through <c>Workbench.Data.DataRoot.Resolve(DataDirectory)</c>, which handles both, and fall back to synthetic data when a file is missing (say so in <see cref="ExperimentResult.Notes"/>).</summary>
    public string? DataDirectory { get; }

    /// <summary>The progress sink, or null.</summary>
    public IProgress<ProgressReport>? Progress { get; }

    /// <summary>Cancels the run; check it once per episode.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A throttled progress reporter for a loop of <paramref name="total"/> steps (reports at most every <paramref name="intervalMs"/> ms, plus the last step).</summary>
    public ProgressThrottle CreateProgress(long total, int intervalMs = 100) =>
        new(Progress, Experiment, Seed, total, TimeSpan.FromMilliseconds(intervalMs));
}
