using System.Diagnostics;

namespace Workbench.Training;

/// <summary>One progress update of a long run, shown by the CLI's Spectre progress bar.</summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Seed">The seed being run.</param>
/// <param name="Step">Steps done so far (episodes, updates...).</param>
/// <param name="Total">Total steps (0 when unknown).</param>
/// <param name="Message">Optional short text ("evaluating", "loading data").</param>
/// <param name="Metrics">Optional current metrics (loss, reward...), or null.</param>
public sealed record ProgressReport(string Experiment, int Seed, long Step, long Total, string? Message = null,
    IReadOnlyDictionary<string, double>? Metrics = null)
{
    /// <summary>Step / Total in [0, 1] (0 when Total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Step / Total, 0, 1) : 0;
}

/// <summary>
/// Forwards progress to an <see cref="IProgress{T}"/> at most once per interval (plus the final step),
/// so a hot loop can call <see cref="Report"/> every episode at the cost of one clock read. Progress
/// never influences results: throttling is by wall time, results are by seed.
/// </summary>
public sealed class ProgressThrottle
{
    private readonly IProgress<ProgressReport>? _target;
    private readonly long _intervalTicks;
    private long _lastTicks;
    private bool _started;

    /// <summary>Creates the throttle.</summary>
    /// <param name="target">Where reports go; null makes every call a no-op.</param>
    /// <param name="experiment">Experiment name put into the reports.</param>
    /// <param name="seed">Seed put into the reports.</param>
    /// <param name="total">Total number of steps.</param>
    /// <param name="interval">Minimum time between two reports (default 100 ms).</param>
    public ProgressThrottle(IProgress<ProgressReport>? target, string experiment, int seed, long total, TimeSpan? interval = null)
    {
        _target = target;
        Experiment = experiment;
        Seed = seed;
        Total = total;
        _intervalTicks = (long)((interval ?? TimeSpan.FromMilliseconds(100)).TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The experiment name in the reports.</summary>
    public string Experiment { get; }

    /// <summary>The seed in the reports.</summary>
    public int Seed { get; }

    /// <summary>The total in the reports.</summary>
    public long Total { get; }

    /// <summary>Whether a report for <paramref name="step"/> would be forwarded now (use it to skip building metrics).</summary>
    public bool Due(long step) =>
        _target is not null && (!_started || step >= Total || Stopwatch.GetTimestamp() - _lastTicks >= _intervalTicks);

    /// <summary>Forwards a report when <see cref="Due"/>.</summary>
    public void Report(long step, string? message = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        if (!Due(step)) return;
        _lastTicks = Stopwatch.GetTimestamp();
        _started = true;
        _target!.Report(new ProgressReport(Experiment, Seed, step, Total, message, metrics));
    }

    /// <summary>Forwards a report unconditionally (phase changes: "evaluating").</summary>
    public void ReportNow(long step, string? message = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        if (_target is null) return;
        _lastTicks = Stopwatch.GetTimestamp();
        _started = true;
        _target.Report(new ProgressReport(Experiment, Seed, step, Total, message, metrics));
    }
}
