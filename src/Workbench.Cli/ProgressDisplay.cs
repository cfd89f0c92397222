using Spectre.Console;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// Shows <see cref="ProgressReport"/>s as a Spectre.Console progress bar, one bar per seed. Reports may
/// come from several threads (seeds run in parallel). Use <see cref="ShouldShow"/> to decide: when the
/// console is not interactive (piped, redirected, tests) nothing is drawn and the work simply runs.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Whether to draw bars on <paramref name="console"/>: not <paramref name="quiet"/>, an interactive console and standard output not redirected.</summary>
    public static bool ShouldShow(IAnsiConsole console, bool quiet) =>
        !quiet && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with a progress sink drawing one bar per seed of <paramref name="seeds"/> when <paramref name="enabled"/>; otherwise with a null sink.</summary>
    public static T Run<T>(IAnsiConsole console, string title, IReadOnlyList<int> seeds, bool enabled, Func<IProgress<ProgressReport>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!enabled) return work(null);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = seeds.ToDictionary(s => s, s => ctx.AddTask(Label(title, s, seeds.Count, null), maxValue: 1));
                return work(new Sink(tasks, title, seeds.Count));
            });
    }

    private static string Label(string title, int seed, int seeds, ProgressReport? r)
    {
        var head = seeds > 1 ? $"{title} seed {seed}" : title;
        if (r is null) return Markup.Escape(head);
        var extra = r.Message ?? "";
        if (r.Metrics is { Count: > 0 } m)
            extra = (extra.Length > 0 ? extra + " " : "") + string.Join(" ", m.Take(3).Select(kv => $"{kv.Key}={kv.Value:G4}"));
        return Markup.Escape(extra.Length > 0 ? $"{head} {extra}" : head);
    }

    private sealed class Sink(Dictionary<int, ProgressTask> tasks, string title, int seeds) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value)
        {
            if (!tasks.TryGetValue(value.Seed, out var task)) return;
            if (value.Total > 0 && Math.Abs(task.MaxValue - value.Total) > 0.5) task.MaxValue = value.Total;
            task.Value = value.Total > 0 ? value.Step : 0;
            task.Description = Label(title, value.Seed, seeds, value);
        }
    }
}
