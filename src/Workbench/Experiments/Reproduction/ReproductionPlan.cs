using Workbench.Plotting;

namespace Workbench.Experiments.Reproduction;

/// <summary>
/// One training run of a reproduction: an experiment in one mode, with option overrides for the full
/// run and for the quick run. Its run directory is <c>OUT/&lt;experiment&gt;/&lt;mode&gt;[-&lt;label&gt;]</c>.
/// </summary>
/// <param name="Experiment">Registered experiment name (<see cref="IExperiment.Name"/>).</param>
/// <param name="Mode">Faithful or corrected.</param>
/// <param name="Label">Optional variant label (for example "500" for a 500-episode run); empty for none.</param>
/// <param name="Sets">Option overrides (<c>key=value</c>, as <c>--set</c>) of the full run.</param>
/// <param name="QuickSets">Option overrides of the quick run (applied after <paramref name="Sets"/>).</param>
public sealed record ReproductionRun(string Experiment, RunMode Mode, string Label, string[] Sets, string[] QuickSets)
{
    /// <summary>The run's folder below the output directory, for example <c>ah-dqn/faithful-500</c>.</summary>
    public string RelativeDirectory =>
        Path.Combine(Experiment, Mode.ToString().ToLowerInvariant() + (Label.Length > 0 ? "-" + Label : ""));

    /// <summary>A short key naming the run, for example <c>ah-dqn/faithful-500</c> (always with '/').</summary>
    public string Key => RelativeDirectory.Replace(Path.DirectorySeparatorChar, '/');
}

/// <summary>A figure with the file name (without extension) it is saved under.</summary>
/// <param name="Name">File name without extension, for example <c>loss_q</c>.</param>
/// <param name="Figure">The figure.</param>
public sealed record NamedFigure(string Name, Figure Figure);

/// <summary>
/// A set of figures drawn from the files of finished runs (never from training in memory), so that
/// <c>workbench reproduce --replot</c> and <c>workbench plot</c> remake them without retraining.
/// </summary>
public interface IFigureSet
{
    /// <summary>The folder name of the figures below <c>OUT/figures/</c>.</summary>
    string Name { get; }

    /// <summary>Run keys (<see cref="ReproductionRun.Key"/>) the figures need; the set is skipped unless all exist.</summary>
    IReadOnlyList<string> Requires { get; }

    /// <summary>Builds the figures from the runs read back from disk, keyed by run key.</summary>
    IReadOnlyList<NamedFigure> Build(IReadOnlyDictionary<string, RunData> runs);
}

/// <summary>A figure set from a delegate.</summary>
/// <param name="Name">Folder name below <c>OUT/figures/</c>.</param>
/// <param name="Requires">Run keys needed.</param>
/// <param name="Builder">Builds the figures from the runs.</param>
public sealed record FigureSet(string Name, IReadOnlyList<string> Requires, Func<IReadOnlyDictionary<string, RunData>, IReadOnlyList<NamedFigure>> Builder) : IFigureSet
{
    /// <inheritdoc />
    public IReadOnlyList<NamedFigure> Build(IReadOnlyDictionary<string, RunData> runs) => Builder(runs);
}

/// <summary>
/// What <c>workbench reproduce TARGET</c> runs: per target (an experiment name), its runs and the figure
/// sets drawn from them.
/// </summary>
public sealed class ReproductionPlan
{
    private readonly List<(string Target, ReproductionRun Run)> _runs = [];
    private readonly List<(string Target, IFigureSet Set)> _figures = [];

    /// <summary>Adds a run under <paramref name="target"/>.</summary>
    public ReproductionPlan Add(string target, ReproductionRun run)
    {
        _runs.Add((target, run));
        return this;
    }

    /// <summary>Adds a figure set under <paramref name="target"/>.</summary>
    public ReproductionPlan AddFigures(string target, IFigureSet set)
    {
        _figures.Add((target, set));
        return this;
    }

    /// <summary>The targets in plan order ("all" selects every one).</summary>
    public IReadOnlyList<string> Targets => _runs.Select(r => r.Target).Concat(_figures.Select(f => f.Target)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The runs of <paramref name="target"/> ("all": every run).</summary>
    public IReadOnlyList<ReproductionRun> RunsOf(string target) =>
        _runs.Where(r => target == "all" || r.Target == target).Select(r => r.Run).ToList();

    /// <summary>The figure sets of <paramref name="target"/> ("all": every set).</summary>
    public IReadOnlyList<IFigureSet> FiguresOf(string target) =>
        _figures.Where(f => target == "all" || f.Target == target).Select(f => f.Set).ToList();

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the allowed targets when <paramref name="target"/> is unknown.</summary>
    public void Validate(string target)
    {
        if (target == "all" || Targets.Contains(target)) return;
        throw new WorkbenchException($"unknown target '{target}'; allowed: all, {string.Join(", ", Targets)}");
    }
}
