namespace Workbench.Experiments;

/// <summary>
/// What one seed's run produces: named metric tables (written as CSV), an ordered summary of
/// numbers (aggregated over seeds with <see cref="Evaluation.SeedStatistics"/>), string notes, the
/// checksums of the datasets it read and its training wall time.
/// </summary>
public sealed class ExperimentResult
{
    /// <summary>Metric tables by name in insertion order ("episodes", "steps", "eval"...); each becomes NAME.csv.</summary>
    public OrderedDictionary<string, MetricTable> Tables { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Final numbers by name in insertion order (snake_case: "updates", "mean_reward", "aa_agent"...).
    /// Conventions: "episodes" (added from the options when missing) and "updates" (gradient or table updates).
    /// </summary>
    public OrderedDictionary<string, double> Summary { get; } = new(StringComparer.Ordinal);

    /// <summary>String facts by name ("data" = "synthetic" or "real: PATH", "loss" = "huber"...).</summary>
    public OrderedDictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>SHA-256 (lower-case hex) of each dataset file read, by file name or relative path (see <see cref="RunManifest.Sha256OfFile"/>).</summary>
    public OrderedDictionary<string, string> Datasets { get; } = new(StringComparer.Ordinal);

    /// <summary>Training wall time in seconds, when the experiment measured it (evaluation excluded); otherwise the runner uses the whole run's time. Never written to CSV or summary.json.</summary>
    public double? TrainingSeconds { get; set; }

    /// <summary>Adds an empty table named <paramref name="name"/> and returns it.</summary>
    public MetricTable AddTable(string name)
    {
        var t = new MetricTable(name);
        if (!Tables.TryAdd(name, t)) throw new ArgumentException($"table '{name}' already exists", nameof(name));
        return t;
    }

    /// <summary>The table named <paramref name="name"/>; a clear error listing the tables when absent.</summary>
    public MetricTable Table(string name) =>
        Tables.TryGetValue(name, out var t) ? t
            : throw new KeyNotFoundException($"no table '{name}'; tables: {string.Join(", ", Tables.Keys)}");
}
