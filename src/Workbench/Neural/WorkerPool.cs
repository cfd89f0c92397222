namespace Workbench.Neural;

/// <summary>A piece of work split into <c>parts</c> parts that may run on different threads.</summary>
internal interface IParallelJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Execute(int part, int parts);
}

/// <summary>
/// A tiny fork-join pool for the kernels: the calling thread runs part 0 and persistent background workers
/// run the other parts, so nothing is allocated per call. When the pool is busy (another thread is inside
/// <see cref="Run"/>), the job runs on the caller alone: results never depend on the split because every
/// part writes disjoint outputs with the same arithmetic.
/// </summary>
internal static class WorkerPool
{
    private static readonly object Gate = new();
    private static readonly int WorkerCount = Math.Max(0, Math.Min(Environment.ProcessorCount, 8) - 1);
    private static readonly SemaphoreSlim[] Start = new SemaphoreSlim[WorkerCount];
    private static readonly CountdownEvent Done = new(1);
    private static IParallelJob? _job;
    private static int _parts;
    private static Exception? _error;
    private static bool _started;
    [ThreadStatic] private static bool _insideJob;

    /// <summary>Threads available to a job (the caller plus the workers).</summary>
    public static int MaxParallelism => WorkerCount + 1;

    /// <summary>Runs <paramref name="job"/> in <paramref name="parts"/> parts (clamped to <see cref="MaxParallelism"/>).</summary>
    public static void Run(IParallelJob job, int parts)
    {
        parts = Math.Min(parts, MaxParallelism);
        if (parts <= 1 || _insideJob || !Monitor.TryEnter(Gate))
        {
            job.Execute(0, 1);
            return;
        }
        _insideJob = true;
        try
        {
            EnsureStarted();
            _job = job;
            _parts = parts;
            _error = null;
            Done.Reset(parts - 1);
            for (var w = 0; w < parts - 1; w++) Start[w].Release();
            job.Execute(0, parts);
            Done.Wait();
            _job = null;
            if (_error is not null) throw new AggregateException(_error);
        }
        finally
        {
            _insideJob = false;
            Monitor.Exit(Gate);
        }
    }

    private static void EnsureStarted()
    {
        if (_started) return;
        for (var w = 0; w < WorkerCount; w++)
        {
            Start[w] = new SemaphoreSlim(0);
            var index = w;
            var t = new Thread(() => Loop(index)) { IsBackground = true, Name = "workbench-kernel-" + (w + 1) };
            t.Start();
        }
        _started = true;
    }

    private static void Loop(int index)
    {
        _insideJob = true;
        while (true)
        {
            Start[index].Wait();
            try
            {
                _job!.Execute(index + 1, _parts);
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                Done.Signal();
            }
        }
    }
}
