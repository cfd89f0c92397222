using System.Text.Json;
using Workbench.Data;

namespace Workbench.Plotting;

/// <summary>
/// One series of a <see cref="Figure"/>. Each trace writes one or more plotly.js trace objects
/// (a <see cref="BandTrace"/> writes two or three). Traces are immutable once built (init-only).
/// </summary>
public abstract class Trace
{
    /// <summary>Legend entry; null leaves the trace unnamed.</summary>
    public string? Name { get; init; }

    /// <summary>CSS colour (<c>#1f77b4</c>, <c>rgba(31,119,180,0.2)</c>); null takes the next colour of <see cref="Palette"/>.</summary>
    public string? Color { get; init; }

    /// <summary>Whether the trace appears in the legend; null lets plotly decide (named traces do).</summary>
    public bool? ShowLegend { get; init; }

    /// <summary>Groups traces that toggle together in the legend (plotly <c>legendgroup</c>).</summary>
    public string? LegendGroup { get; init; }

    /// <summary>
    /// Colours given to traces without <see cref="Color"/>, in order of addition (plotly.js's default
    /// colorway, written explicitly so a band and its mean line share one colour).
    /// </summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    internal abstract void Write(Utf8JsonWriter w, PlotContext ctx);

    internal void WriteCommon(Utf8JsonWriter w, PlotContext ctx, bool name = true)
    {
        if (name && Name is not null) w.WriteString("name", Name);
        if (ShowLegend is bool show) w.WriteBoolean("showlegend", show);
        if (LegendGroup is not null) w.WriteString("legendgroup", LegendGroup);
        if (ctx.XAxis != "x") w.WriteString("xaxis", ctx.XAxis);
        if (ctx.YAxis != "y") w.WriteString("yaxis", ctx.YAxis);
    }

    internal static void CheckSameLength(int a, int b, string what)
    {
        if (a != b) throw new ArgumentException($"{what}: x has {a} points, y has {b}");
    }
}

/// <summary>Where a trace is written: its subplot's axes, its colour, and the decimation limit.</summary>
internal sealed class PlotContext
{
    public string XAxis = "x";
    public string YAxis = "y";
    public string Color = Trace.Palette[0];
    public int MaxPoints;
    /// <summary>The subplot's paper-coordinate domain in a grid, null for a single plot.</summary>
    public (double X0, double X1, double Y0, double Y1)? Domain;
}

/// <summary>A trace of (x, y) points drawn as a plotly <c>scatter</c>: the base of <see cref="LineTrace"/> and <see cref="ScatterTrace"/>.</summary>
public abstract class XYTrace : Trace
{
    /// <summary>Creates the trace; x and y must have equal lengths.</summary>
    protected XYTrace(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckSameLength(x.Count, y.Count, GetType().Name);
        X = x; Y = y;
    }

    /// <summary>Horizontal coordinates.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Vertical coordinates (NaN leaves a gap).</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Hover text per point (same length as X), or null.</summary>
    public IReadOnlyList<string>? Text { get; init; }

    private protected abstract string Mode { get; }

    private protected abstract void WriteStyle(Utf8JsonWriter w, string color);

    internal sealed override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        if (Text is not null && Text.Count != X.Count) throw new ArgumentException($"{GetType().Name}: {X.Count} points but {Text.Count} texts");
        w.WriteStartObject();
        w.WriteString("type", "scatter");
        w.WriteString("mode", Mode);
        WriteCommon(w, ctx);
        var keep = Json.Keep(Y, ctx.MaxPoints);
        Json.Numbers(w, "x", X, keep);
        Json.Numbers(w, "y", Y, keep);
        if (Text is not null) Json.Strings(w, "text", Text, keep);
        WriteStyle(w, Color ?? ctx.Color);
        w.WriteEndObject();
    }
}

/// <summary>A line through (x, y), optionally with markers at the points (plotly <c>scatter</c>, mode lines).</summary>
public sealed class LineTrace : XYTrace
{
    /// <summary>Creates the line; x and y must have equal lengths.</summary>
    public LineTrace(IReadOnlyList<double> x, IReadOnlyList<double> y) : base(x, y) { }

    /// <summary>Creates a line against the index 0, 1, 2, ...</summary>
    public LineTrace(IReadOnlyList<double> y) : base(Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y) { }

    /// <summary>Draw a marker at every (kept) point too.</summary>
    public bool Markers { get; init; }

    /// <summary>Line width in pixels.</summary>
    public double Width { get; init; } = 2;

    /// <summary>Dash style: null (solid), "dash", "dot", "dashdot".</summary>
    public string? Dash { get; init; }

    private protected override string Mode => Markers ? "lines+markers" : "lines";

    private protected override void WriteStyle(Utf8JsonWriter w, string color)
    {
        w.WriteStartObject("line");
        w.WriteString("color", color);
        w.WriteNumber("width", Width);
        if (Dash is not null) w.WriteString("dash", Dash);
        w.WriteEndObject();
    }
}

/// <summary>Markers at (x, y) without a line (plotly <c>scatter</c>, mode markers).</summary>
public sealed class ScatterTrace : XYTrace
{
    /// <summary>Creates the scatter; x and y must have equal lengths.</summary>
    public ScatterTrace(IReadOnlyList<double> x, IReadOnlyList<double> y) : base(x, y) { }

    /// <summary>Marker diameter in pixels.</summary>
    public double MarkerSize { get; init; } = 6;

    /// <summary>Marker opacity in [0, 1].</summary>
    public double Opacity { get; init; } = 1;

    private protected override string Mode => "markers";

    private protected override void WriteStyle(Utf8JsonWriter w, string color)
    {
        w.WriteStartObject("marker");
        w.WriteString("color", color);
        w.WriteNumber("size", MarkerSize);
        if (Opacity != 1) w.WriteNumber("opacity", Opacity);
        w.WriteEndObject();
    }
}

/// <summary>Bars over categories, with optional symmetric error bars (plotly <c>bar</c>, <c>error_y</c>).</summary>
public sealed class BarTrace : Trace
{
    /// <summary>Creates bars; categories and values must have equal lengths.</summary>
    public BarTrace(IReadOnlyList<string> categories, IReadOnlyList<double> values)
    {
        CheckSameLength(categories.Count, values.Count, "bar");
        Categories = categories; Values = values;
    }

    /// <summary>Category labels (the x axis, or the y axis when <see cref="Horizontal"/>).</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Bar heights.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Half-widths of the error bars (e.g. the 95% interval half-width), same length as Values, or null.</summary>
    public IReadOnlyList<double>? Errors { get; init; }

    /// <summary>Draw horizontal bars.</summary>
    public bool Horizontal { get; init; }

    internal override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        if (Errors is not null && Errors.Count != Values.Count)
            throw new ArgumentException($"bar: {Values.Count} values but {Errors.Count} errors");
        w.WriteStartObject();
        w.WriteString("type", "bar");
        WriteCommon(w, ctx);
        if (Horizontal) w.WriteString("orientation", "h");
        Json.Strings(w, Horizontal ? "y" : "x", Categories, null);
        Json.Numbers(w, Horizontal ? "x" : "y", Values, null);
        w.WriteStartObject("marker");
        w.WriteString("color", Color ?? ctx.Color);
        w.WriteEndObject();
        if (Errors is not null)
        {
            w.WriteStartObject(Horizontal ? "error_x" : "error_y");
            w.WriteString("type", "data");
            Json.Numbers(w, "array", Errors, null);
            w.WriteBoolean("visible", true);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}

/// <summary>How a <see cref="HistogramTrace"/> scales its bars.</summary>
public enum HistogramNorm
{
    /// <summary>Bar height = number of values in the bin.</summary>
    Count,
    /// <summary>Bar height = count / total (heights sum to 1).</summary>
    Probability,
    /// <summary>Bar height = count / (total · bin width) (area sums to 1).</summary>
    Density,
}

/// <summary>
/// A histogram, binned here (not in the browser) so the figure stays small however many values there
/// are: <see cref="Bins"/> equal bins over [min, max] of the finite values (or <see cref="Range"/>); bin
/// k is [lo + k·w, lo + (k+1)·w), the last bin also holds max. Written as a plotly <c>bar</c> with
/// the bin centres, full-width bars.
/// </summary>
public sealed class HistogramTrace : Trace
{
    /// <summary>Creates the histogram of <paramref name="values"/> (NaN and infinities are ignored).</summary>
    public HistogramTrace(IReadOnlyList<double> values) => Values = values;

    /// <summary>The raw values.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Number of equal-width bins (at least 1).</summary>
    public int Bins { get; init; } = 30;

    /// <summary>Binned range; null uses [min, max] of the finite values.</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>Bar scaling.</summary>
    public HistogramNorm Norm { get; init; } = HistogramNorm.Count;

    /// <summary>Bar opacity (below 1 to overlay several histograms).</summary>
    public double Opacity { get; init; } = 1;

    /// <summary>Computes the bins: lower edges, width and heights (after <see cref="Norm"/>).</summary>
    public (double[] Lower, double Width, double[] Heights) Compute()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 1, nameof(Bins));
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        long total = 0;
        foreach (var v in Values)
        {
            if (!double.IsFinite(v)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (Range is { } r) { lo = r.Min; hi = r.Max; }
        if (!double.IsFinite(lo)) { lo = 0; hi = 1; }
        if (hi <= lo) hi = lo + 1;
        double width = (hi - lo) / Bins;
        var counts = new double[Bins];
        foreach (var v in Values)
        {
            if (!double.IsFinite(v) || v < lo || v > hi) continue;
            int k = Math.Min(Bins - 1, (int)((v - lo) / width));
            counts[k]++;
            total++;
        }
        var lower = new double[Bins];
        for (int k = 0; k < Bins; k++)
        {
            lower[k] = lo + k * width;
            if (total > 0 && Norm == HistogramNorm.Probability) counts[k] /= total;
            else if (total > 0 && Norm == HistogramNorm.Density) counts[k] /= total * width;
        }
        return (lower, width, counts);
    }

    internal override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        var (lower, width, heights) = Compute();
        var centers = lower.Select(l => l + width / 2).ToArray();
        w.WriteStartObject();
        w.WriteString("type", "bar");
        WriteCommon(w, ctx);
        Json.Numbers(w, "x", centers, null);
        Json.Numbers(w, "y", heights, null);
        w.WriteNumber("width", width);
        w.WriteStartObject("marker");
        w.WriteString("color", Color ?? ctx.Color);
        if (Opacity != 1) w.WriteNumber("opacity", Opacity);
        w.WriteStartObject("line");
        w.WriteString("color", "white");
        w.WriteNumber("width", 0.5);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>A heatmap of a matrix <c>Z[row, column]</c>, row 0 at the bottom (plotly <c>heatmap</c>).</summary>
public sealed class HeatmapTrace : Trace
{
    /// <summary>Creates the heatmap of <paramref name="z"/> (rows are y, columns are x).</summary>
    public HeatmapTrace(double[,] z) => Z = z;

    /// <summary>The values: <c>Z[i, j]</c> is drawn at y = row i, x = column j. NaN cells stay empty.</summary>
    public double[,] Z { get; }

    /// <summary>Column labels (length = columns), or null for 0, 1, ...</summary>
    public IReadOnlyList<string>? XLabels { get; init; }

    /// <summary>Row labels (length = rows), or null for 0, 1, ...</summary>
    public IReadOnlyList<string>? YLabels { get; init; }

    /// <summary>A plotly colour scale name: Viridis, Blues, RdBu, Hot, ...</summary>
    public string ColorScale { get; init; } = "Viridis";

    /// <summary>Lower end of the colour scale; null uses the data minimum.</summary>
    public double? ZMin { get; init; }

    /// <summary>Upper end of the colour scale; null uses the data maximum.</summary>
    public double? ZMax { get; init; }

    /// <summary>Show the colour bar.</summary>
    public bool ShowScale { get; init; } = true;

    internal override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        int rows = Z.GetLength(0), cols = Z.GetLength(1);
        if (XLabels is not null && XLabels.Count != cols) throw new ArgumentException($"heatmap: {cols} columns but {XLabels.Count} x labels");
        if (YLabels is not null && YLabels.Count != rows) throw new ArgumentException($"heatmap: {rows} rows but {YLabels.Count} y labels");
        w.WriteStartObject();
        w.WriteString("type", "heatmap");
        WriteCommon(w, ctx);
        w.WriteStartArray("z");
        for (int i = 0; i < rows; i++)
        {
            w.WriteStartArray();
            for (int j = 0; j < cols; j++) Json.Number(w, Z[i, j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (XLabels is not null) Json.Strings(w, "x", XLabels, null);
        if (YLabels is not null) Json.Strings(w, "y", YLabels, null);
        w.WriteString("colorscale", ColorScale);
        if (ZMin is double zmin) w.WriteNumber("zmin", zmin);
        if (ZMax is double zmax) w.WriteNumber("zmax", zmax);
        w.WriteBoolean("showscale", ShowScale);
        if (ShowScale && ctx.Domain is { } d)
        {
            // In a grid, keep the colour bar beside its own subplot instead of spanning the whole figure.
            w.WriteStartObject("colorbar");
            w.WriteNumber("x", Math.Round(d.X1 + 0.01, 6));
            w.WriteString("xanchor", "left");
            w.WriteNumber("y", Math.Round((d.Y0 + d.Y1) / 2, 6));
            w.WriteString("yanchor", "middle");
            w.WriteNumber("len", Math.Round(d.Y1 - d.Y0, 6));
            w.WriteNumber("thickness", 12);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}

/// <summary>
/// A box plot of a sample, summarised here so the figure stays small: quartiles by linear interpolation
/// between order statistics (<see cref="FeatureSummary.Quantile"/>, R type 7: position p·(n−1)), whiskers at the most extreme values within
/// 1.5·IQR of the box (Tukey). Written as a plotly <c>box</c> with precomputed q1/median/q3/fences.
/// </summary>
public sealed class BoxTrace : Trace
{
    /// <summary>Creates the box of <paramref name="values"/> (non-finite values are ignored).</summary>
    public BoxTrace(IReadOnlyList<double> values) => Values = values;

    /// <summary>The sample.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The box statistics: (q1, median, q3, lower fence, upper fence, mean, n).</summary>
    public (double Q1, double Median, double Q3, double LowerFence, double UpperFence, double Mean, int Count) Summary()
    {
        var s = Values.Where(double.IsFinite).ToArray();
        if (s.Length == 0) throw new ArgumentException($"box '{Name}': no finite values");
        Array.Sort(s);
        double q1 = FeatureSummary.Quantile(s, 0.25), med = FeatureSummary.Quantile(s, 0.5), q3 = FeatureSummary.Quantile(s, 0.75), iqr = q3 - q1;
        double lo = s.First(v => v >= q1 - 1.5 * iqr), hi = s.Last(v => v <= q3 + 1.5 * iqr);
        return (q1, med, q3, lo, hi, s.Average(), s.Length);
    }

    internal override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        var s = Summary();
        var label = Name ?? "";
        w.WriteStartObject();
        w.WriteString("type", "box");
        WriteCommon(w, ctx);
        w.WriteStartArray("x"); w.WriteStringValue(label); w.WriteEndArray();
        Json.Numbers(w, "q1", [s.Q1], null);
        Json.Numbers(w, "median", [s.Median], null);
        Json.Numbers(w, "q3", [s.Q3], null);
        Json.Numbers(w, "lowerfence", [s.LowerFence], null);
        Json.Numbers(w, "upperfence", [s.UpperFence], null);
        Json.Numbers(w, "mean", [s.Mean], null);
        w.WriteStartObject("marker");
        w.WriteString("color", Color ?? ctx.Color);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>
/// A shaded band between <see cref="Lower"/> and <see cref="Upper"/> (e.g. the 95% interval over seeds),
/// optionally with the <see cref="Mean"/> line on top in the same colour. Written as an invisible lower
/// line, the upper line filled down to it (<c>fill: "tonexty"</c>), then the mean line.
/// </summary>
public sealed class BandTrace : Trace
{
    /// <summary>Creates the band; all arrays must have the length of x.</summary>
    public BandTrace(IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, IReadOnlyList<double>? mean = null)
    {
        CheckSameLength(x.Count, lower.Count, "band lower");
        CheckSameLength(x.Count, upper.Count, "band upper");
        if (mean is not null) CheckSameLength(x.Count, mean.Count, "band mean");
        X = x; Lower = lower; Upper = upper; Mean = mean;
    }

    /// <summary>Horizontal coordinates.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Lower edge of the band.</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>Upper edge of the band.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>The centre line, or null for the band alone.</summary>
    public IReadOnlyList<double>? Mean { get; }

    /// <summary>Opacity of the fill (the line keeps full opacity).</summary>
    public double FillOpacity { get; init; } = 0.2;

    internal override void Write(Utf8JsonWriter w, PlotContext ctx)
    {
        var color = Color ?? ctx.Color;
        var fill = Json.WithAlpha(color, FillOpacity);
        var group = LegendGroup ?? Name ?? ("band" + ctx.Color);
        // Decimate all three on the same indices (chosen from the upper edge) so they stay aligned.
        var keep = Json.Keep(Upper, ctx.MaxPoints);
        void Start()
        {
            w.WriteStartObject();
            w.WriteString("type", "scatter");
            w.WriteString("mode", "lines");
            if (ctx.XAxis != "x") w.WriteString("xaxis", ctx.XAxis);
            if (ctx.YAxis != "y") w.WriteString("yaxis", ctx.YAxis);
            w.WriteString("legendgroup", group);
        }
        void Edge(IReadOnlyList<double> y, bool filled)
        {
            Start();
            bool legend = filled && Mean is null && Name is not null;
            if (legend) w.WriteString("name", Name);
            w.WriteBoolean("showlegend", legend && ShowLegend != false);
            w.WriteString("hoverinfo", "skip");
            Json.Numbers(w, "x", X, keep);
            Json.Numbers(w, "y", y, keep);
            w.WriteStartObject("line"); w.WriteNumber("width", 0); w.WriteString("color", fill); w.WriteEndObject();
            if (filled) { w.WriteString("fill", "tonexty"); w.WriteString("fillcolor", fill); }
            w.WriteEndObject();
        }
        Edge(Lower, false);
        Edge(Upper, true);
        if (Mean is null) return;
        Start();
        if (Name is not null) w.WriteString("name", Name);
        if (ShowLegend is bool show) w.WriteBoolean("showlegend", show);
        Json.Numbers(w, "x", X, keep);
        Json.Numbers(w, "y", Mean, keep);
        w.WriteStartObject("line"); w.WriteString("color", color); w.WriteNumber("width", 2); w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>JSON writing helpers shared by the traces: invariant, shortest round-trip numbers, NaN as null.</summary>
internal static class Json
{
    public static void Number(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    public static int[]? Keep(IReadOnlyList<double> y, int maxPoints)
    {
        if (maxPoints <= 0 || y.Count <= maxPoints) return null;
        var arr = y as double[] ?? y.ToArray();
        return SeriesMath.DecimationIndices(arr, maxPoints);
    }

    public static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values, int[]? keep)
    {
        w.WriteStartArray(name);
        if (keep is null) for (int i = 0; i < values.Count; i++) Number(w, values[i]);
        else foreach (var i in keep) Number(w, values[i]);
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values, int[]? keep)
    {
        w.WriteStartArray(name);
        if (keep is null) for (int i = 0; i < values.Count; i++) w.WriteStringValue(values[i]);
        else foreach (var i in keep) w.WriteStringValue(values[i]);
        w.WriteEndArray();
    }

    /// <summary><c>#rrggbb</c> -> <c>rgba(r,g,b,alpha)</c>; any other colour string is returned unchanged.</summary>
    public static string WithAlpha(string color, double alpha)
    {
        if (color.Length == 7 && color[0] == '#' &&
            int.TryParse(color.AsSpan(1), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var rgb))
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"rgba({(rgb >> 16) & 255},{(rgb >> 8) & 255},{rgb & 255},{alpha})");
        }
        return color;
    }
}
