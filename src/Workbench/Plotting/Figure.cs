using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workbench.Plotting;

/// <summary>Settings of one axis of one subplot.</summary>
public sealed class Axis
{
    /// <summary>Axis title.</summary>
    public string? Title { get; set; }

    /// <summary>Shown range [Min, Max]; null lets plotly fit the data.</summary>
    public (double Min, double Max)? Range { get; set; }

    /// <summary>Logarithmic scale.</summary>
    public bool Log { get; set; }

    /// <summary>Draw the axis reversed (e.g. a matrix's row 0 at the top).</summary>
    public bool Reversed { get; set; }

    /// <summary>Tick label angle in degrees (e.g. -45 for long category names); null lets plotly decide.</summary>
    public double? TickAngle { get; set; }

    /// <summary>Positions of labelled ticks (with <see cref="TickText"/>), e.g. category indices; null lets plotly place ticks.</summary>
    public IReadOnlyList<double>? TickValues { get; set; }

    /// <summary>Labels of <see cref="TickValues"/> (same length).</summary>
    public IReadOnlyList<string>? TickText { get; set; }

    internal void Write(Utf8JsonWriter w, string key, string? anchor, (double X0, double X1, double Y0, double Y1)? domain, bool isX)
    {
        w.WriteStartObject(key);
        if (Title is not null) { w.WriteStartObject("title"); w.WriteString("text", Title); w.WriteEndObject(); }
        if (Range is { } r) { w.WriteStartArray("range"); Json.Number(w, Log ? Math.Log10(r.Min) : r.Min); Json.Number(w, Log ? Math.Log10(r.Max) : r.Max); w.WriteEndArray(); }
        if (Log) w.WriteString("type", "log");
        if (Reversed) w.WriteString("autorange", "reversed");
        if (TickAngle is double a) w.WriteNumber("tickangle", a);
        if (TickValues is not null)
        {
            if (TickText is not null && TickText.Count != TickValues.Count)
                throw new ArgumentException($"axis '{Title}': {TickValues.Count} tick values but {TickText.Count} tick labels");
            w.WriteString("tickmode", "array");
            Json.Numbers(w, "tickvals", TickValues, null);
            if (TickText is not null) Json.Strings(w, "ticktext", TickText, null);
        }
        if (anchor is not null) w.WriteString("anchor", anchor);
        if (domain is { } d)
        {
            w.WriteStartArray("domain");
            w.WriteNumberValue(Math.Round(isX ? d.X0 : d.Y0, 6));
            w.WriteNumberValue(Math.Round(isX ? d.X1 : d.Y1, 6));
            w.WriteEndArray();
        }
        w.WriteBoolean("automargin", true);
        w.WriteEndObject();
    }
}

/// <summary>
/// A plotly.js figure: traces on a grid of subplots (1×1 by default), a title, axis titles and ranges,
/// and a legend. Build it, then <see cref="ToJson"/> (the plotly figure spec), <see cref="ToHtml"/>,
/// <see cref="SaveHtml"/> or <see cref="SavePng"/>. In a Polyglot notebook <c>display(figure)</c> shows an
/// interactive chart; the headless runner stores a PNG (see <see cref="FigureFormatterSource"/>).
/// </summary>
/// <example>
/// <code>
/// var fig = new Figure("Reward per episode", rows: 1, columns: 2)
///     .Add(new LineTrace(reward) { Name = "reward" })
///     .Add(new LineTrace(SeriesMath.MovingAverage(reward, 100)) { Name = "100-episode mean" })
///     .Add(new HistogramTrace(reward) { Name = "distribution" }, row: 1, column: 2)
///     .Axes(1, 1, x: "episode", y: "reward")
///     .Axes(1, 2, x: "reward", y: "episodes");
/// fig.SavePng("results/reward.png", 1000, 400);
/// </code>
/// </example>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Figure
{
    private readonly List<(Trace Trace, int Row, int Column)> _traces = [];
    private readonly Dictionary<(int, int), (Axis X, Axis Y)> _axes = [];
    private readonly Dictionary<(int, int), string> _subplotTitles = [];

    /// <summary>Creates an empty figure with a grid of <paramref name="rows"/> × <paramref name="columns"/> subplots.</summary>
    public Figure(string? title = null, int rows = 1, int columns = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Title = title;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Figure title.</summary>
    public string? Title { get; set; }

    /// <summary>Subplot grid rows.</summary>
    public int Rows { get; }

    /// <summary>Subplot grid columns.</summary>
    public int Columns { get; }

    /// <summary>Width in pixels of the HTML figure (null: responsive to the container). PNGs use the size passed to <see cref="SavePng"/>.</summary>
    public int? Width { get; set; }

    /// <summary>Height in pixels of the HTML figure.</summary>
    public int Height { get; set; } = 450;

    /// <summary>Show the legend; null lets plotly decide (shown when there are two or more named traces).</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>Legend below the plot instead of to its right (useful with long names).</summary>
    public bool LegendBelow { get; set; }

    /// <summary>Bar arrangement when several bar traces share a subplot: "group" (default), "stack", "overlay".</summary>
    public string BarMode { get; set; } = "group";

    /// <summary>
    /// Display decimation: a line, scatter or band with more points than this is reduced to at most
    /// this many by <see cref="SeriesMath.DecimationIndices"/> (min and max of equal buckets), so a
    /// 61,290-episode curve stays a small figure. 0 disables it. Default 2,000.
    /// </summary>
    public int MaxPointsPerTrace { get; set; } = 2000;

    /// <summary>The traces with their subplot (1-based row, column), in order of addition.</summary>
    public IReadOnlyList<(Trace Trace, int Row, int Column)> Traces => _traces;

    /// <summary>Adds a trace to subplot (<paramref name="row"/>, <paramref name="column"/>), both 1-based.</summary>
    public Figure Add(Trace trace, int row = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        CheckCell(row, column);
        _traces.Add((trace, row, column));
        return this;
    }

    /// <summary>The x axis of a subplot (created on first use).</summary>
    public Axis XAxis(int row = 1, int column = 1) => AxesOf(row, column).X;

    /// <summary>The y axis of a subplot (created on first use).</summary>
    public Axis YAxis(int row = 1, int column = 1) => AxesOf(row, column).Y;

    /// <summary>Sets axis titles and ranges of a subplot in one call; null leaves a setting unchanged.</summary>
    public Figure Axes(int row, int column, string? x = null, string? y = null,
        (double Min, double Max)? xRange = null, (double Min, double Max)? yRange = null, bool? logY = null)
    {
        var (ax, ay) = AxesOf(row, column);
        if (x is not null) ax.Title = x;
        if (y is not null) ay.Title = y;
        if (xRange is not null) ax.Range = xRange;
        if (yRange is not null) ay.Range = yRange;
        if (logY is bool log) ay.Log = log;
        return this;
    }

    /// <summary>Sets the axis titles of subplot (1, 1).</summary>
    public Figure Axes(string? x, string? y) => Axes(1, 1, x, y);

    /// <summary>Puts a title above subplot (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public Figure SubplotTitle(int row, int column, string title)
    {
        CheckCell(row, column);
        _subplotTitles[(row, column)] = title;
        return this;
    }

    private (Axis X, Axis Y) AxesOf(int row, int column)
    {
        CheckCell(row, column);
        if (!_axes.TryGetValue((row, column), out var a)) _axes[(row, column)] = a = (new Axis(), new Axis());
        return a;
    }

    private void CheckCell(int row, int column)
    {
        if (row < 1 || row > Rows || column < 1 || column > Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"subplot ({row}, {column}) is outside the {Rows}×{Columns} grid (rows and columns are 1-based)");
    }

    private int AxisIndex(int row, int column) => (row - 1) * Columns + column;

    private (double X0, double X1, double Y0, double Y1) Domain(int row, int column)
    {
        // Equal cells with gaps; row 1 at the top. Gaps leave room for axis titles and subplot titles.
        const double gx = 0.1, gy = 0.18;
        double w = (1 - gx * (Columns - 1)) / Columns, h = (1 - gy * (Rows - 1)) / Rows;
        double x0 = (column - 1) * (w + gx), y1 = 1 - (row - 1) * (h + gy);
        return (x0, x0 + w, y1 - h, y1);
    }

    /// <summary>
    /// The plotly figure spec <c>{"data": [...], "layout": {...}}</c>: compact, deterministic (same figure,
    /// same bytes), numbers in invariant shortest round-trip form, NaN as null (a gap).
    /// </summary>
    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes(null, null));

    internal byte[] ToJsonBytes(int? width, int? height)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            var ctx = new PlotContext { MaxPoints = MaxPointsPerTrace };
            for (int i = 0; i < _traces.Count; i++)
            {
                var (trace, row, column) = _traces[i];
                int k = AxisIndex(row, column);
                ctx.XAxis = k == 1 ? "x" : "x" + k.ToString(CultureInfo.InvariantCulture);
                ctx.YAxis = k == 1 ? "y" : "y" + k.ToString(CultureInfo.InvariantCulture);
                ctx.Color = Trace.Palette[i % Trace.Palette.Count];
                ctx.Domain = Rows * Columns > 1 ? Domain(row, column) : null;
                trace.Write(w, ctx);
            }
            w.WriteEndArray();
            WriteLayout(w, width ?? Width, height ?? Height);
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private void WriteLayout(Utf8JsonWriter w, int? width, int height)
    {
        w.WriteStartObject("layout");
        if (Title is not null) { w.WriteStartObject("title"); w.WriteString("text", Title); w.WriteEndObject(); }
        if (width is int wd) w.WriteNumber("width", wd);
        w.WriteNumber("height", height);
        if (ShowLegend is bool show) w.WriteBoolean("showlegend", show);
        if (LegendBelow)
        {
            w.WriteStartObject("legend");
            w.WriteString("orientation", "h");
            w.WriteNumber("y", -0.2);
            w.WriteEndObject();
        }
        if (_traces.Any(t => t.Trace is BarTrace or HistogramTrace)) w.WriteString("barmode", BarMode);
        w.WriteString("template", "plotly_white");
        bool grid = Rows * Columns > 1;
        for (int r = 1; r <= Rows; r++)
        {
            for (int c = 1; c <= Columns; c++)
            {
                int k = AxisIndex(r, c);
                if (!grid && !_axes.ContainsKey((r, c))) continue;
                var (ax, ay) = _axes.TryGetValue((r, c), out var a) ? a : (new Axis(), new Axis());
                string suffix = k == 1 ? "" : k.ToString(CultureInfo.InvariantCulture);
                var domain = grid ? Domain(r, c) : ((double, double, double, double)?)null;
                ax.Write(w, "xaxis" + suffix, grid ? "y" + suffix : null, domain, isX: true);
                ay.Write(w, "yaxis" + suffix, grid ? "x" + suffix : null, domain, isX: false);
            }
        }
        if (_subplotTitles.Count > 0)
        {
            w.WriteStartArray("annotations");
            foreach (var ((r, c), text) in _subplotTitles.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2))
            {
                int k = AxisIndex(r, c);
                string suffix = k == 1 ? "" : k.ToString(CultureInfo.InvariantCulture);
                w.WriteStartObject();
                w.WriteString("text", text);
                w.WriteBoolean("showarrow", false);
                w.WriteString("xref", "x" + suffix + " domain");
                w.WriteString("yref", "y" + suffix + " domain");
                w.WriteNumber("x", 0.5);
                w.WriteNumber("y", 1.0);
                w.WriteString("xanchor", "center");
                w.WriteString("yanchor", "bottom");
                w.WriteStartObject("font"); w.WriteNumber("size", 14); w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// A self-contained HTML page (plotly.min.js inlined, about 4.8 MB): opens anywhere, offline.
    /// For files kept in results/ prefer <see cref="SaveHtml"/>, which references one shared copy.
    /// </summary>
    public string ToHtml() => Page($"<script>{PlotlyAsset.ReadScript()}</script>", staticPlot: false, null, null);

    /// <summary>
    /// Writes an HTML page that loads plotly through <c>&lt;script src="plotly.min.js"&gt;</c> and copies
    /// plotly.min.js into the same folder once (when it is missing or differs in size), so every HTML
    /// figure in a folder stays a few kilobytes. With <paramref name="inline"/> the page is self-contained
    /// instead (<see cref="ToHtml"/>). Written atomically.
    /// </summary>
    public void SaveHtml(string path, bool inline = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (inline)
        {
            IO.AtomicFile.WriteAllText(full, ToHtml());
            return;
        }
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        PlotlyAsset.CopyTo(dir);
        IO.AtomicFile.WriteAllText(full, Page("<script src=\"plotly.min.js\"></script>", staticPlot: false, null, null));
    }

    /// <summary>
    /// Renders the figure to a PNG of exactly <paramref name="width"/> × <paramref name="height"/> pixels
    /// through headless chromium (see <see cref="ChromiumRenderer"/>) and writes it atomically.
    /// </summary>
    /// <exception cref="WorkbenchException">chromium or plotly.min.js is missing, or rendering failed.</exception>
    public void SavePng(string path, int width = 900, int height = 500)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var png = RenderPng(width, height);
        IO.AtomicFile.WriteAllBytes(Path.GetFullPath(path), png);
    }

    /// <summary>The PNG bytes of <see cref="SavePng"/>.</summary>
    public byte[] RenderPng(int width = 900, int height = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        var script = $"<script src=\"{new Uri(PlotlyAsset.Locate()).AbsoluteUri}\"></script>";
        return ChromiumRenderer.RenderPng(Page(script, staticPlot: true, width, height), width, height);
    }

    /// <summary>The HTML fragment shown in a Polyglot notebook: a div and a script that draws into it.</summary>
    internal string ToHtmlFragment(string divId)
    {
        var json = Encoding.UTF8.GetString(ToJsonBytes(null, null));
        return $"<div id=\"{divId}\" style=\"width:100%;height:{Height}px\"></div>\n<script>\n" +
               $"(function(){{var f={json};var d=document.getElementById('{divId}');" +
               "if(window.Plotly){Plotly.newPlot(d,f.data,f.layout,{responsive:true,displaylogo:false});}" +
               "else{d.innerText='plotly.js is not loaded in this notebook view: run the cell again (the first figure of a session loads it).';}})();\n</script>";
    }

    private string Page(string plotlyScript, bool staticPlot, int? width, int? height)
    {
        var json = Encoding.UTF8.GetString(ToJsonBytes(width, height));
        var size = width is int w && height is int h
            ? $"width:{w}px;height:{h}px"
            : Width is int fw ? $"width:{fw}px;height:{Height}px" : $"width:100%;height:{Height}px";
        var config = staticPlot ? "{staticPlot:true}" : "{responsive:true,displaylogo:false}";
        var title = System.Net.WebUtility.HtmlEncode(Title ?? "figure");
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title>\n" +
               "<style>html,body{margin:0;padding:0;background:white;overflow:hidden}</style>\n" +
               plotlyScript + "\n</head><body>\n" +
               $"<div id=\"figure\" style=\"{size}\"></div>\n<script>\nvar fig={json};\n" +
               $"Plotly.newPlot('figure',fig.data,fig.layout,{config}).then(function(){{document.title='rendered';}});\n" +
               "</script>\n</body></html>\n";
    }

    /// <summary>A one-line description: title, grid, trace count.</summary>
    public override string ToString() =>
        $"Figure \"{Title ?? "(untitled)"}\": {_traces.Count} trace(s) on a {Rows}×{Columns} grid";
}
