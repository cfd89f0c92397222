using Workbench.Data;
using Workbench.Training;

namespace Workbench.Benchmarks;

/// <summary>
/// The seed-002 scale benchmark: a 10-million-row synthetic skip log (gzip CSV, written once to the temp folder
/// and reused) pushed through the streaming loader, <see cref="SkipLogReader"/> into <see cref="SkipSessionBuilder"/>,
/// and the seed's filters and split (<see cref="SkipSessionBuilder.Build"/>) at the end of every pass. Timed in
/// slices of one million rows of one open stream; the cleanup finishes the current pass, so at least one whole
/// 10-million-row pass is pushed, and fails when the process's peak working set reached 1 GiB.
/// </summary>
public sealed class SkipLogStreamBenchmarks : IBenchmarkProvider
{
    /// <summary>Rows of the synthetic log.</summary>
    public const long Rows = 10_000_000;

    /// <summary>Rows per timed iteration.</summary>
    public const int Slice = 1_000_000;

    /// <summary>The memory bound the cleanup enforces.</summary>
    public const long MaxPeakWorkingSet = 1L << 30;

    /// <summary>The peak working set (bytes) seen by the last completed run of the case, or 0.</summary>
    public static long LastPeakWorkingSet { get; private set; }

    /// <summary>Complete passes (10 million rows each, filters and split included) of the last run.</summary>
    public static int LastPasses { get; private set; }

    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> Cases()
    {
        yield return new BenchmarkCase("skip-log-stream-10m", "rows/s",
            "seed 002: 10M synthetic skip-log rows (gzip CSV) streamed through SkipLogReader into SkipSessionBuilder, filters at each pass end; peak working set < 1 GiB",
            Setup);
    }

    /// <summary>The synthetic log's path (written on first use; a later run reuses it).</summary>
    public static string EnsureLog()
    {
        var dir = Path.Combine(Path.GetTempPath(), "workbench-bench");
        var path = Path.Combine(dir, $"skip-log-{Rows}-seed1-v1.csv.gz");
        if (!File.Exists(path))
            SkipLogWriter.Write(path, SyntheticData.SkipLogEvents(new Rng(1), new SyntheticSkipLogOptions { Rows = Rows }), gzip: true);
        return path;
    }

    private static BenchmarkBody Setup()
    {
        var path = EnsureLog();
        PeakWorkingSet.Reset(); // earlier cases of the same `bench` run (114,000-wide networks) must not count
        var reader = SkipLogReader.Open(path);
        var builder = new SkipSessionBuilder();
        var passes = 0;
        var sink = 0;

        // Streams `rows` rows; at the end of the file builds the set and starts a new pass (or stops, when asked to).
        void Push(long rows, bool stopAtPassEnd)
        {
            for (long i = 0; i < rows;)
            {
                if (!reader.Read())
                {
                    sink += builder.Build().SessionCount;
                    passes++;
                    reader.Dispose();
                    reader = SkipLogReader.Open(path);
                    builder = new SkipSessionBuilder();
                    if (stopAtPassEnd) return;
                    continue;
                }
                builder.Add(reader.SessionIdUtf8, reader.SessionPosition, reader.TrackIdUtf8, reader.Skip2);
                i++;
            }
        }

        return new BenchmarkBody(() => Push(Slice, false), Slice, () =>
        {
            Push(long.MaxValue, true); // finish the pass in progress
            reader.Dispose();
            GC.KeepAlive(sink);
            var peak = PeakWorkingSet.Read();
            LastPeakWorkingSet = peak;
            LastPasses = passes;
            if (peak >= MaxPeakWorkingSet)
                throw new WorkbenchException($"skip-log-stream-10m: peak working set {peak / 1048576} MiB reached the 1 GiB bound");
        });
    }
}

/// <summary>
/// The process's peak resident set since <see cref="Reset"/>: on Linux, a full aggressive collection returns
/// freed heap memory to the system, then writing 5 to <c>/proc/self/clear_refs</c> resets the kernel's high-water
/// mark (VmHWM in <c>/proc/self/status</c>) to the current resident set. Elsewhere the process-lifetime peak.
/// </summary>
internal static class PeakWorkingSet
{
    private static bool _reset;

    /// <summary>Collects garbage and starts a new peak (a no-op where the kernel offers no reset).</summary>
    public static void Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            _reset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { }
    }

    /// <summary>The peak resident set in bytes (since <see cref="Reset"/> when the reset worked).</summary>
    public static long Read()
    {
        if (_reset)
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line[6..].Trim().Split(' ')[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var kb))
                    return kb * 1024;
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
