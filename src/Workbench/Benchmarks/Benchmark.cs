using System.Diagnostics;

namespace Workbench.Benchmarks;

/// <summary>
/// One prepared benchmark: <see cref="Iteration"/> does one unit of work worth <see cref="WorkPerIteration"/>
/// units (flops / 1e9 for GFLOP/s, 1 for updates/s); the reported value is work per second.
/// </summary>
/// <param name="Iteration">The measured work (should not allocate).</param>
/// <param name="WorkPerIteration">Units of <see cref="BenchmarkCase.Unit"/>·seconds one iteration is worth.</param>
/// <param name="Cleanup">Optional teardown after measuring.</param>
public sealed record BenchmarkBody(Action Iteration, double WorkPerIteration, Action? Cleanup = null);

/// <summary>A named benchmark: <see cref="Setup"/> builds its data (not timed) and returns the body to time.</summary>
/// <param name="Name">Unique name, lowercase with dashes (<c>sgemm-64x6038x128</c>, <c>dueling-000-update</c>).</param>
/// <param name="Unit">Unit of the value (<c>GFLOP/s</c>, <c>updates/s</c>, <c>episodes/s</c>).</param>
/// <param name="Description">One line shown in the table.</param>
/// <param name="Setup">Builds the body; called once per run.</param>
public sealed record BenchmarkCase(string Name, string Unit, string Description, Func<BenchmarkBody> Setup);

/// <summary>A measured value.</summary>
/// <param name="Name">The case's name.</param>
/// <param name="Value">Median over repeats of work per second.</param>
/// <param name="Unit">The case's unit.</param>
/// <param name="Description">The case's description.</param>
/// <param name="Iterations">Timed iterations over all repeats.</param>
/// <param name="Spread">(max - min) / median over the repeats, a noise indicator.</param>
/// <param name="ValuePerCpuSecond">Work per second of process CPU time over all repeats: on a machine shared with
/// other jobs, wall-clock rates fall with the load while this stays close to the unloaded single-thread rate
/// (for multi-threaded cases it counts every thread's time).</param>
public sealed record BenchmarkResult(string Name, double Value, string Unit, string Description, long Iterations, double Spread, double ValuePerCpuSecond);

/// <summary>Timing settings.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Seconds of warm-up before timing (JIT tiers, caches, worker threads).</summary>
    public double WarmupSeconds { get; init; } = 0.5;

    /// <summary>Timed seconds per case, split into <see cref="Repeats"/> equal repeats.</summary>
    public double BudgetSeconds { get; init; } = 3.0;

    /// <summary>Number of timed repeats; the median is reported.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(WarmupSeconds >= 0)) throw new WorkbenchException($"warm-up must be >= 0 seconds, got {WarmupSeconds}");
        if (!(BudgetSeconds > 0)) throw new WorkbenchException($"budget must be > 0 seconds, got {BudgetSeconds}");
        if (Repeats < 1) throw new WorkbenchException($"repeats must be >= 1, got {Repeats}");
    }
}

/// <summary>
/// A source of benchmark cases. Every non-abstract implementation with a parameterless constructor in the
/// Workbench assembly is discovered by <see cref="BenchmarkRegistry"/>: adding a benchmark is one new class.
/// </summary>
public interface IBenchmarkProvider
{
    /// <summary>The cases this provider contributes.</summary>
    IEnumerable<BenchmarkCase> Cases();
}

/// <summary>All benchmark cases, discovered from <see cref="IBenchmarkProvider"/> implementations, plus any registered at run time.</summary>
public static class BenchmarkRegistry
{
    private static readonly List<BenchmarkCase> Extra = [];

    /// <summary>Adds a case at run time (for example from a notebook or another assembly).</summary>
    public static void Register(BenchmarkCase benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        lock (Extra) Extra.Add(benchmark);
    }

    /// <summary>Every case, in provider order then registration order; names are unique.</summary>
    public static IReadOnlyList<BenchmarkCase> All()
    {
        var providers = typeof(BenchmarkRegistry).Assembly.GetTypes()
            .Where(t => typeof(IBenchmarkProvider).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        var all = providers.SelectMany(t => ((IBenchmarkProvider)Activator.CreateInstance(t)!).Cases()).ToList();
        lock (Extra) all.AddRange(Extra);
        var dup = all.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"two benchmark cases are named '{dup.Key}'");
        return all;
    }

    /// <summary>Cases whose name contains <paramref name="filter"/> (case-insensitive; all when null or empty).</summary>
    public static IReadOnlyList<BenchmarkCase> Matching(string? filter)
    {
        var all = All();
        if (string.IsNullOrWhiteSpace(filter)) return all;
        var hit = all.Where(c => c.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (hit.Count == 0)
            throw new WorkbenchException($"--filter '{filter}' matches no benchmark; available: {string.Join(", ", all.Select(c => c.Name))}");
        return hit;
    }
}

/// <summary>Times benchmark cases: warm-up, then a fixed time budget split into repeats, median of the repeats.</summary>
public static class BenchmarkRunner
{
    /// <summary>Measures <paramref name="benchmark"/>.</summary>
    public static BenchmarkResult Run(BenchmarkCase benchmark, BenchmarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        options ??= new BenchmarkOptions();
        options.Validate();
        var body = benchmark.Setup();
        try
        {
            var warm = Stopwatch.StartNew();
            var warmIterations = 0;
            do
            {
                body.Iteration();
                warmIterations++;
            } while (warm.Elapsed.TotalSeconds < options.WarmupSeconds || warmIterations < 2);
            var perRepeat = options.BudgetSeconds / options.Repeats;
            var values = new double[options.Repeats];
            long total = 0;
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (var r = 0; r < options.Repeats; r++)
            {
                var sw = Stopwatch.StartNew();
                long n = 0;
                do
                {
                    body.Iteration();
                    n++;
                } while (sw.Elapsed.TotalSeconds < perRepeat);
                values[r] = n * body.WorkPerIteration / sw.Elapsed.TotalSeconds;
                total += n;
            }
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            Array.Sort(values);
            var median = values.Length % 2 == 1 ? values[values.Length / 2] : 0.5 * (values[values.Length / 2 - 1] + values[values.Length / 2]);
            var spread = median > 0 ? (values[^1] - values[0]) / median : 0;
            var perCpu = cpu > 0 ? total * body.WorkPerIteration / cpu : 0;
            return new BenchmarkResult(benchmark.Name, median, benchmark.Unit, benchmark.Description, total, spread, perCpu);
        }
        finally
        {
            body.Cleanup?.Invoke();
        }
    }

    /// <summary>Writes results as a JSON array of {"name", "value", "unit"} records (atomically).</summary>
    public static void WriteJson(string path, IEnumerable<BenchmarkResult> results)
    {
        var records = results.Select(r => new { name = r.Name, value = r.Value, unit = r.Unit }).ToArray();
        var json = System.Text.Json.JsonSerializer.Serialize(records, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        IO.AtomicFile.WriteAllText(path, json + "\n");
    }
}
