using System.Reflection;

namespace Workbench.Experiments;

/// <summary>
/// Finds the <see cref="IExperiment"/> implementations (public or internal, non-abstract, with a
/// parameterless constructor) in assemblies by reflection; <see cref="Default"/> scans the Workbench
/// library, so adding an experiment is adding one class.
/// </summary>
public sealed class ExperimentRegistry
{
    private static readonly Lazy<ExperimentRegistry> DefaultInstance = new(() => new ExperimentRegistry(typeof(IExperiment).Assembly));

    /// <summary>Discovers the experiments in <paramref name="assemblies"/> (sorted by name; names must be unique).</summary>
    public ExperimentRegistry(params Assembly[] assemblies)
    {
        var found = assemblies.Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(IExperiment).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false, ContainsGenericParameters: false }
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (IExperiment)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var dup = found.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new InvalidOperationException($"two experiments are named '{dup.Key}': {string.Join(", ", dup.Select(e => e.GetType().FullName))}");
        All = found;
    }

    /// <summary>The registry of the Workbench library's experiments.</summary>
    public static ExperimentRegistry Default => DefaultInstance.Value;

    /// <summary>All experiments, sorted by name.</summary>
    public IReadOnlyList<IExperiment> All { get; }

    /// <summary>The names, sorted.</summary>
    public IEnumerable<string> Names => All.Select(e => e.Name);

    /// <summary>The experiment named <paramref name="name"/> (case-insensitive), or null.</summary>
    public IExperiment? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The experiment named <paramref name="name"/>; a <see cref="WorkbenchException"/> listing the known names otherwise.</summary>
    public IExperiment Get(string name) =>
        Find(name) ?? throw new WorkbenchException($"unknown experiment '{name}'; known experiments: {(All.Count == 0 ? "(none)" : string.Join(", ", Names))}");

    /// <summary>Parses a mode name ("faithful" or "corrected", case-insensitive); a <see cref="WorkbenchException"/> naming the allowed values otherwise.</summary>
    public static RunMode ParseMode(string text) =>
        Enum.TryParse<RunMode>(text, ignoreCase: true, out var m) && Enum.IsDefined(m) && !int.TryParse(text, out _)
            ? m
            : throw new WorkbenchException($"option --mode: '{text}' is not a mode; allowed values: faithful, corrected");
}
