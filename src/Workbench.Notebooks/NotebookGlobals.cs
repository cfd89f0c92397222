using System.Text.Json.Nodes;

namespace Workbench.Notebooks;

/// <summary>HTML text returned by <see cref="NotebookGlobals.HTML"/>; displayed as <c>text/html</c> (like the kernel's IHtmlContent).</summary>
/// <param name="Html">The markup.</param>
public sealed record HtmlContent(string Html)
{
    /// <summary>The markup.</summary>
    public override string ToString() => Html;
}

/// <summary>
/// The globals every cell sees, mirroring the C# kernel's <c>display</c> and <c>HTML</c> helpers so the
/// same cells run in VS Code and headless.
/// </summary>
public class NotebookGlobals
{
    private readonly CellOutputs _outputs;

    internal NotebookGlobals(CellOutputs outputs) => _outputs = outputs;

    /// <summary>
    /// Shows <paramref name="value"/> as a display_data output of the running cell, formatted by
    /// <see cref="DisplayFormatter"/> (a Figure leaves image/png + text/plain, a Table text/html + text/plain,
    /// <see cref="HtmlContent"/> text/html, anything else text/plain).
    /// </summary>
    public void display(object? value) => _outputs.AddDisplay(DisplayFormatter.Format(value));

    /// <summary>Wraps markup so that displaying it (or ending a cell with it) shows HTML.</summary>
    public HtmlContent HTML(string html) => new(html ?? "");
}

/// <summary>Outputs of the cell being run, in order: consecutive console text merges into one stream output.</summary>
internal sealed class CellOutputs
{
    private readonly Lock _gate = new();
    private JsonArray _items = [];
    private System.Text.StringBuilder? _pendingStdout;
    private System.Text.StringBuilder? _pendingStderr;

    public void Reset()
    {
        lock (_gate) { _items = []; _pendingStdout = null; _pendingStderr = null; }
    }

    public void WriteStream(string name, string text)
    {
        lock (_gate)
        {
            if (name == "stdout")
            {
                FlushStderr();
                (_pendingStdout ??= new()).Append(text);
            }
            else
            {
                FlushStdout();
                (_pendingStderr ??= new()).Append(text);
            }
        }
    }

    public void AddDisplay(MimeBundle bundle)
    {
        lock (_gate)
        {
            FlushStdout(); FlushStderr();
            _items.Add(new JsonObject { ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject(), ["output_type"] = "display_data" });
        }
    }

    public void Add(JsonObject output)
    {
        lock (_gate)
        {
            FlushStdout(); FlushStderr();
            _items.Add(output);
        }
    }

    /// <summary>Flushes pending console text and hands over the outputs collected so far.</summary>
    public JsonArray Take()
    {
        lock (_gate)
        {
            FlushStdout(); FlushStderr();
            var items = _items;
            _items = [];
            return items;
        }
    }

    private void FlushStdout()
    {
        if (_pendingStdout is { Length: > 0 } s) _items.Add(Stream("stdout", s.ToString()));
        _pendingStdout = null;
    }

    private void FlushStderr()
    {
        if (_pendingStderr is { Length: > 0 } s) _items.Add(Stream("stderr", s.ToString()));
        _pendingStderr = null;
    }

    private static JsonObject Stream(string name, string text) =>
        new() { ["name"] = name, ["output_type"] = "stream", ["text"] = NotebookDocument.Lines(text) };
}
