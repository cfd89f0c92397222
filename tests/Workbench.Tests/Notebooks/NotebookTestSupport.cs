using System.Text.Json.Nodes;
using Workbench.Notebooks;

namespace Workbench.Tests.Notebooks;

/// <summary>Writes small notebooks into a fresh temporary folder and runs them.</summary>
internal sealed class TempNotebooks : IDisposable
{
    public TempNotebooks() => Directory = System.IO.Directory.CreateTempSubdirectory("wb-nb-").FullName;

    public string Directory { get; }

    /// <summary>The built Workbench.dll (the one next to the tests), as a path relative to <see cref="Directory"/>.</summary>
    public string RelativeWorkbenchDll =>
        Path.GetRelativePath(Directory, typeof(Workbench.Plotting.Figure).Assembly.Location);

    public string Write(string name, NotebookDocument doc)
    {
        var path = Path.Combine(Directory, name);
        doc.Save(path);
        return path;
    }

    public static NotebookDocument Notebook(params string[] cells)
    {
        var doc = NotebookDocument.CreateNew();
        foreach (var c in cells) doc.AddCode(c);
        return doc;
    }

    public async Task<NotebookRunResult> Run(NotebookDocument doc, NotebookRunOptions? options = null, string name = "test.ipynb")
    {
        var path = Write(name, doc);
        return await new NotebookRunner(options).RunAsync(path);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static JsonObject Cell(NotebookRunResult r, int index) => (JsonObject)r.Document.Cells[index]!;

    public static JsonArray Outputs(NotebookRunResult r, int index) => (JsonArray)Cell(r, index)["outputs"]!;

    /// <summary>The text of a text/plain (or other text) entry of an output's data, lines joined.</summary>
    public static string MimeData(JsonNode output, string mime) => output["data"]![mime] switch
    {
        JsonArray a => string.Concat(a.Select(l => l!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => throw new Xunit.Sdk.XunitException($"no {mime} in {output.ToJsonString()}"),
    };

    public static string Text(JsonNode output) => string.Concat(((JsonArray)output["text"]!).Select(l => l!.GetValue<string>()));
}
