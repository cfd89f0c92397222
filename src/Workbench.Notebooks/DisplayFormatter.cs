using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks;

/// <summary>A displayed value: MIME type -> content (text, or base64 for image/png), sorted by MIME type.</summary>
public sealed class MimeBundle
{
    private readonly SortedDictionary<string, string> _data = new(StringComparer.Ordinal);

    /// <summary>The MIME types and their content.</summary>
    public IReadOnlyDictionary<string, string> Data => _data;

    /// <summary>Sets one MIME type's content.</summary>
    public MimeBundle Set(string mimeType, string content)
    {
        _data[mimeType] = content;
        return this;
    }

    /// <summary>The nbformat <c>data</c> object: text types as line lists, image/png as one base64 string.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var (mime, content) in _data)
            o[mime] = mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml" ? content : NotebookDocument.Lines(content);
        return o;
    }
}

/// <summary>
/// Turns a value into the MIME bundle the headless runner stores, following .NET Interactive's
/// convention so a type formats the same way in VS Code:
/// <list type="number">
/// <item><c>null</c> -> text/plain <c>&lt;null&gt;</c>; <see cref="HtmlContent"/> -> text/html.</item>
/// <item>A type (or base type) carrying an attribute named <c>TypeFormatterSourceAttribute</c>: its
/// formatter source's <c>CreateTypeFormatters()</c> objects (duck-typed <c>MimeType</c>, <c>Type</c>,
/// <c>bool Format(object, TextWriter)</c>). Headless rule: if one writes image/png, store image/png +
/// text/plain (a figure: a PNG GitHub shows, no 4.8 MB of plotly.js); else text/html + text/plain when
/// there is HTML; else text/plain.</item>
/// <item>Strings as they are; other sequences as <c>[ a, b, c ]</c> (first 20 items); IFormattable in
/// invariant culture; anything else ToString().</item>
/// </list>
/// </summary>
public static class DisplayFormatter
{
    /// <summary>Items of a sequence shown in text/plain before "... (N more)".</summary>
    public const int ListLimit = 20;

    /// <summary>Formats <paramref name="value"/> for a display_data or execute_result output.</summary>
    public static MimeBundle Format(object? value)
    {
        var bundle = new MimeBundle();
        switch (value)
        {
            case null:
                return bundle.Set("text/plain", "<null>");
            case HtmlContent h:
                return bundle.Set("text/html", h.Html);
        }
        var formatters = ConventionFormatters(value.GetType());
        if (formatters.Count > 0)
        {
            string? png = Try(formatters, "image/png", value);
            string? html = png is null ? Try(formatters, "text/html", value) : null;
            string? text = Try(formatters, "text/plain", value);
            if (png is not null) bundle.Set("image/png", png);
            else if (html is not null) bundle.Set("text/html", html);
            if (png is not null || html is not null || text is not null)
                return bundle.Set("text/plain", text ?? PlainText(value));
        }
        return bundle.Set("text/plain", PlainText(value));
    }

    /// <summary>The text/plain form used when a type has no formatter of its own.</summary>
    public static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IDictionary d => "{ " + string.Join(", ", d.Cast<DictionaryEntry>().Take(ListLimit).Select(e => PlainText(e.Key) + ": " + PlainText(e.Value))) + (d.Count > ListLimit ? $" ... ({d.Count - ListLimit} more)" : "") + " }",
        IEnumerable e => Sequence(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Sequence(IEnumerable e)
    {
        var items = new List<string>();
        int more = 0;
        foreach (var x in e)
        {
            if (items.Count < ListLimit) items.Add(PlainText(x));
            else more++;
        }
        return "[ " + string.Join(", ", items) + (more > 0 ? $" ... ({more} more)" : "") + " ]";
    }

    private static string? Try(List<(string Mime, object Formatter, MethodInfo Format)> formatters, string mime, object value)
    {
        foreach (var (m, f, format) in formatters)
        {
            if (m != mime) continue;
            using var w = new StringWriter(CultureInfo.InvariantCulture);
            try
            {
                if (format.Invoke(f, [value, w]) is true) return w.ToString();
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
        return null;
    }

    private static List<(string Mime, object Formatter, MethodInfo Format)> ConventionFormatters(Type type)
    {
        var result = new List<(string, object, MethodInfo)>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var attr in t.GetCustomAttributes(inherit: false))
            {
                var at = attr.GetType();
                if (at.Name != "TypeFormatterSourceAttribute") continue;
                if (at.GetProperty("FormatterSourceType")?.GetValue(attr) is not Type sourceType) continue;
                var source = Activator.CreateInstance(sourceType, nonPublic: true);
                if (sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)?.Invoke(source, null) is not IEnumerable list) continue;
                foreach (var f in list)
                {
                    if (f is null) continue;
                    var ft = f.GetType();
                    if (ft.GetProperty("MimeType")?.GetValue(f) is not string mime) continue;
                    if (ft.GetProperty("Type")?.GetValue(f) is Type handled && !handled.IsAssignableFrom(type)) continue;
                    var format = ft.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                    if (format is null || format.ReturnType != typeof(bool)) continue;
                    result.Add((mime, f, format));
                }
            }
            if (result.Count > 0) break;
        }
        return result;
    }
}
