using System.Globalization;

namespace Workbench.Plotting;

/// <summary>
/// .NET Interactive's convention-based formatter hook, defined here so the library needs no package
/// reference: the kernel looks for an attribute <em>named</em> <c>TypeFormatterSourceAttribute</c>
/// with a <see cref="FormatterSourceType"/>, creates that type, calls its <c>CreateTypeFormatters()</c>
/// and uses each returned object's <c>MimeType</c>, <c>Type</c> and <c>bool Format(object, TextWriter)</c>.
/// The headless runner (Workbench.Notebooks) reads the same attribute, so a type formats the same way
/// in VS Code and in CI.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Declares <paramref name="formatterSourceType"/> as the formatter source of the decorated type.</summary>
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    /// <summary>A type with a public parameterless constructor and <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>The MIME types the kernel should show, in preference order (e.g. text/html).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>
/// One convention-based formatter: a MIME type, the type it formats, and a delegate that writes the value.
/// For binary MIME types (image/png) the text written is base64, as in a notebook's outputs.
/// </summary>
public sealed class ConventionFormatter
{
    private readonly Func<object, TextWriter, bool> _format;

    /// <summary>Creates a formatter for <paramref name="type"/> and <paramref name="mimeType"/>.</summary>
    public ConventionFormatter(Type type, string mimeType, Func<object, TextWriter, bool> format)
    {
        Type = type;
        MimeType = mimeType;
        _format = format;
    }

    /// <summary>The MIME type written.</summary>
    public string MimeType { get; }

    /// <summary>The type formatted (instances of it or derived types).</summary>
    public Type Type { get; }

    /// <summary>Writes <paramref name="instance"/>; false when this formatter does not handle it.</summary>
    public bool Format(object instance, TextWriter writer) => _format(instance, writer);
}

/// <summary>
/// Formatters of <see cref="Figure"/>: text/html (an interactive plotly chart; the first figure of a
/// kernel session inlines plotly.min.js into the page, later ones reuse <c>window.Plotly</c>), image/png
/// (base64, rendered by <see cref="Figure.RenderPng"/> at <see cref="PngWidth"/> × the figure's height;
/// used by the headless runner, never requested by the kernel which prefers text/html) and text/plain.
/// </summary>
public sealed class FigureFormatterSource
{
    private static int _plotlyEmitted;
    private static int _divCounter;

    /// <summary>Width of the PNG the headless runner stores for a displayed figure (height = <see cref="Figure.Height"/>).</summary>
    public static int PngWidth { get; set; } = 900;

    /// <summary>Forgets that plotly.js was already sent (the next figure inlines it again).</summary>
    public static void ResetSession() => Interlocked.Exchange(ref _plotlyEmitted, 0);

    /// <summary>The formatters for text/html, image/png and text/plain.</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new ConventionFormatter(typeof(Figure), "text/html", (o, w) =>
        {
            if (o is not Figure f) return false;
            if (Interlocked.Exchange(ref _plotlyEmitted, 1) == 0)
                w.Write("<script>if(!window.Plotly){\n" + PlotlyAsset.ReadScript() + "\n}</script>\n");
            var id = "workbench-figure-" + Interlocked.Increment(ref _divCounter).ToString(CultureInfo.InvariantCulture) +
                     "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            w.Write(f.ToHtmlFragment(id));
            return true;
        });
        yield return new ConventionFormatter(typeof(Figure), "image/png", (o, w) =>
        {
            if (o is not Figure f) return false;
            w.Write(Convert.ToBase64String(f.RenderPng(f.Width ?? PngWidth, f.Height)));
            return true;
        });
        yield return new ConventionFormatter(typeof(Figure), "text/plain", (o, w) =>
        {
            if (o is not Figure f) return false;
            w.Write(f.ToString());
            return true;
        });
    }
}
