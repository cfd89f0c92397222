using Workbench.Notebooks;

namespace Workbench.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ runs headless with quick=true (CI's notebook check).</summary>
public class NotebooksFolderTests
{
    private static string RepoRoot() => Workbench.Tests.Plotting.FigureJsonTests.RepoRoot();

    [Fact]
    public void CommittedNotebooksCarryNoInjectedParameters()
    {
        // A notebook saved after `notebooks run --param ... --inplace` keeps the injected cell, and VS Code's Run All
        // would then run it too (quick = true): commit notebooks run without --param, or with the cell removed.
        var root = RepoRoot();
        var offenders = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal)
            .Where(nb => NotebookDocument.Load(nb).Cells.OfType<System.Text.Json.Nodes.JsonObject>()
                .Any(c => NotebookDocument.TagsOf(c).Contains(NotebookParameters.InjectedTag)))
            .Select(Path.GetFileName).ToArray();
        Assert.True(offenders.Length == 0, "cells tagged injected-parameters in: " + string.Join(", ", offenders));
    }

    [Fact]
    public async Task EveryNotebookRunsInQuickMode()
    {
        var root = RepoRoot();
        var notebooks = Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        if (notebooks.Length == 0) return;
        var library = Path.Combine(root, "src", "Workbench", "bin", "Release", "net10.0", "Workbench.dll");
        Assert.True(File.Exists(library), $"{library} is missing: the notebooks reference the Release build (dotnet build -c Release)");
        var failures = new List<string>();
        foreach (var nb in notebooks)
        {
            var doc = NotebookDocument.Load(nb);
            var parameters = doc.Cells.OfType<System.Text.Json.Nodes.JsonObject>()
                .FirstOrDefault(c => NotebookDocument.TagsOf(c).Contains(NotebookParameters.Tag));
            if (parameters is null) { failures.Add($"{Path.GetFileName(nb)}: no cell tagged 'parameters'"); continue; }
            if (!NotebookParameters.Declared(NotebookDocument.SourceOf(parameters)).Any(p => p is { Name: "quick", Type: "bool" }))
            {
                failures.Add($"{Path.GetFileName(nb)}: the parameters cell does not declare bool quick = false;");
                continue;
            }
            var result = await new NotebookRunner(new NotebookRunOptions
            {
                Parameters = new Dictionary<string, string> { ["quick"] = "true" },
                CellTimeout = TimeSpan.FromMinutes(10),
            }).RunAsync(nb);
            if (result.Failure is { } f) failures.Add(f.ToString());
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
