using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks;

/// <summary>
/// An nbformat-4 notebook held as JSON (unknown fields are kept as they are). Cells are
/// <see cref="JsonObject"/>s with <c>cell_type</c>, <c>source</c>, <c>metadata</c> and, for code cells,
/// <c>outputs</c> and <c>execution_count</c>. Polyglot (VS Code) conventions: kernelspec
/// <c>.net-csharp</c>, language_info <c>csharp</c>, each code cell's
/// <c>metadata.polyglot_notebook.kernelName</c> = <c>csharp</c>.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(JsonObject root, string? path)
    {
        Root = root;
        Path = path;
    }

    /// <summary>The whole notebook JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>The file it was read from, or null.</summary>
    public string? Path { get; }

    /// <summary>The cells array.</summary>
    public JsonArray Cells => Root["cells"] as JsonArray ?? throw new WorkbenchException($"{Path ?? "notebook"}: no 'cells' array");

    /// <summary>Reads and checks an nbformat-4 notebook.</summary>
    /// <exception cref="WorkbenchException">missing file, bad JSON (with line), not nbformat 4, no cells.</exception>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new WorkbenchException($"{path}: notebook not found");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new WorkbenchException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid notebook JSON: {e.Message}", e);
        }
        return FromJson(node, path);
    }

    /// <summary>Parses notebook JSON text (for tests and tools).</summary>
    public static NotebookDocument Parse(string json, string? path = null) => FromJson(JsonNode.Parse(json), path);

    private static NotebookDocument FromJson(JsonNode? node, string? path)
    {
        var name = path ?? "notebook";
        if (node is not JsonObject root) throw new WorkbenchException($"{name}: a notebook is a JSON object");
        var format = root["nbformat"]?.GetValue<int>();
        if (format != 4) throw new WorkbenchException($"{name}: nbformat {format?.ToString() ?? "(missing)"} is not supported (only nbformat 4)");
        if (root["cells"] is not JsonArray cells) throw new WorkbenchException($"{name}: no 'cells' array");
        for (int i = 0; i < cells.Count; i++)
            if (cells[i] is not JsonObject c || c["cell_type"]?.GetValue<string>() is null)
                throw new WorkbenchException($"{name}: cell {i + 1} has no cell_type");
        return new NotebookDocument(root, path);
    }

    /// <summary>A new empty Polyglot C# notebook (metadata as VS Code writes it).</summary>
    public static NotebookDocument CreateNew() => new(new JsonObject
    {
        ["cells"] = new JsonArray(),
        ["metadata"] = PolyglotMetadata(),
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    }, null);

    /// <summary>Notebook metadata of a Polyglot C# notebook: kernelspec, language_info, polyglot_notebook.</summary>
    public static JsonObject PolyglotMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "csharp", ["pygments_lexer"] = "csharp", ["version"] = "13.0" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Appends a C# code cell (optionally tagged, e.g. "parameters") and returns this document.</summary>
    public NotebookDocument AddCode(string source, params string[] tags)
    {
        Cells.Add(CodeCell(source, tags));
        return this;
    }

    /// <summary>Appends a markdown cell and returns this document.</summary>
    public NotebookDocument AddMarkdown(string source)
    {
        Cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = Lines(source) });
        return this;
    }

    /// <summary>A C# code cell with Polyglot metadata, no outputs.</summary>
    public static JsonObject CodeCell(string source, params string[] tags)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = Lines(source),
        };
    }

    /// <summary>The cell's source text (nbformat allows a string or a list of lines).</summary>
    public static string SourceOf(JsonObject cell) => cell["source"] switch
    {
        JsonArray a => string.Concat(a.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>The cell's tags (metadata.tags).</summary>
    public static IReadOnlyList<string> TagsOf(JsonObject cell) =>
        (cell["metadata"]?["tags"] as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").ToArray() ?? [];

    /// <summary>
    /// The cell's kernel language: <c>metadata.polyglot_notebook.kernelName</c>, else
    /// <c>metadata.dotnet_interactive.language</c>, else "csharp".
    /// </summary>
    public static string KernelOf(JsonObject cell) =>
        cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
        ?? cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
        ?? "csharp";

    /// <summary>Splits text into nbformat lines (every line but the last keeps its "\n").</summary>
    public static JsonArray Lines(string text)
    {
        var arr = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            arr.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) arr.Add(text[start..]);
        return arr;
    }

    /// <summary>The notebook as JSON text, indented by one space like Jupyter, ending with a newline.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Root.WriteTo(w);
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Writes the notebook atomically (temporary file + rename).</summary>
    public void Save(string path) => IO.AtomicFile.WriteAllText(path, ToJson());
}
