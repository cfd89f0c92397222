using System.Text.Json;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

public class FigureJsonTests
{
    private static string GoldenPath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Plotting", "Golden", name);

    private static void AssertGolden(string name, string json)
    {
        // Committed golden files; set WORKBENCH_UPDATE_GOLDEN=1 to rewrite them in the source tree (review the diff).
        if (Environment.GetEnvironmentVariable("WORKBENCH_UPDATE_GOLDEN") == "1")
        {
            var src = Path.Combine(RepoRoot(), "tests", "Workbench.Tests", "Plotting", "Golden", name);
            File.WriteAllText(src, Pretty(json) + "\n");
            return;
        }
        var expected = File.ReadAllText(GoldenPath(name)).Trim();
        Assert.Equal(expected, Pretty(json));
    }

    private static string Pretty(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void LineWithMarkersTitleAxesAndLegend()
    {
        var fig = new Figure("Reward")
        {
            ShowLegend = true,
        }
            .Add(new LineTrace([0, 1, 2], [0.5, double.NaN, -1.25]) { Name = "agent", Markers = true })
            .Add(new LineTrace([1, 2, 3]) { Name = "mean", Dash = "dash", Color = "#000000" })
            .Axes(1, 1, x: "episode", y: "reward", yRange: (-2, 2));
        // Exact compact bytes: NaN becomes null (a gap), the second trace has x = its indices,
        // the first trace takes palette colour 0, an explicit colour is kept.
        Assert.Equal(
            """{"data":[{"type":"scatter","mode":"lines+markers","name":"agent","x":[0,1,2],"y":[0.5,null,-1.25],"line":{"color":"#1f77b4","width":2}},{"type":"scatter","mode":"lines","name":"mean","x":[0,1,2],"y":[1,2,3],"line":{"color":"#000000","width":2,"dash":"dash"}}],"layout":{"title":{"text":"Reward"},"height":450,"showlegend":true,"template":"plotly_white","xaxis":{"title":{"text":"episode"},"automargin":true},"yaxis":{"title":{"text":"reward"},"range":[-2,2],"automargin":true}}}""",
            fig.ToJson());
    }

    [Fact]
    public void OutputIsDeterministicAndInvariant()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            var a = Build().ToJson();
            Assert.Equal(a, Build().ToJson());
            Assert.Contains("0.1", a);
            Assert.DoesNotContain("0,1", a);
        }
        finally { Thread.CurrentThread.CurrentCulture = previous; }

        static Figure Build() => new Figure().Add(new ScatterTrace([0.1, 0.2], [1e-7, 12345.678]) { Name = "s" });
    }

    [Fact]
    public void BarWithErrorBars()
    {
        var fig = new Figure("Skip rate").Add(new BarTrace(["faithful", "corrected"], [0.25, 0.5]) { Errors = [0.01, 0.02], Name = "95% CI" });
        Assert.Equal(
            """{"data":[{"type":"bar","name":"95% CI","x":["faithful","corrected"],"y":[0.25,0.5],"marker":{"color":"#1f77b4"},"error_y":{"type":"data","array":[0.01,0.02],"visible":true}}],"layout":{"title":{"text":"Skip rate"},"height":450,"barmode":"group","template":"plotly_white"}}""",
            fig.ToJson());
        Assert.Throws<ArgumentException>(() => new Figure().Add(new BarTrace(["a"], [1]) { Errors = [1, 2] }).ToJson());
    }

    [Fact]
    public void HistogramIsBinnedByHand()
    {
        // values 0, 1, 1, 2, 3, 4 over [0, 4] in 4 bins of width 1:
        // [0,1): 0 -> 1; [1,2): 1,1 -> 2; [2,3): 2 -> 1; [3,4]: 3,4 -> 2 (the last bin holds the max)
        var h = new HistogramTrace([0, 1, 1, 2, 3, 4, double.NaN]) { Bins = 4 };
        var (lower, width, heights) = h.Compute();
        Assert.Equal([0, 1, 2, 3], lower);
        Assert.Equal(1, width);
        Assert.Equal([1, 2, 1, 2], heights);
        var p = new HistogramTrace([0, 1, 1, 2, 3, 4]) { Bins = 4, Norm = HistogramNorm.Probability }.Compute().Heights;
        Assert.Equal([1 / 6.0, 2 / 6.0, 1 / 6.0, 2 / 6.0], p);
        // density over [0, 8] in 2 bins of width 4: counts 5 and 1 of 6 -> 5/24, 1/24
        var d = new HistogramTrace([0, 1, 1, 2, 3, 4]) { Bins = 2, Range = (0, 8), Norm = HistogramNorm.Density }.Compute().Heights;
        Assert.Equal([5 / 24.0, 1 / 24.0], d);
        var json = new Figure().Add(h).ToJson();
        Assert.Contains("\"x\":[0.5,1.5,2.5,3.5],\"y\":[1,2,1,2],\"width\":1", json);
    }

    [Fact]
    public void BoxStatisticsByHand()
    {
        // sorted 1,2,3,4,5,6,7,8,100 (n = 9): q1 at position 2 -> 3, median at 4 -> 5, q3 at 6 -> 7
        // IQR = 4, fences 3 - 6 = -3 and 7 + 6 = 13: lower whisker 1, upper 8 (100 is an outlier); mean = 136/9
        var box = new BoxTrace([5, 3, 1, 2, 4, 100, 6, 8, 7]) { Name = "seed 0" };
        var s = box.Summary();
        Assert.Equal((3.0, 5.0, 7.0, 1.0, 8.0), (s.Q1, s.Median, s.Q3, s.LowerFence, s.UpperFence));
        Assert.Equal(136 / 9.0, s.Mean, 12);
        // interpolated: 1,2,3,4 -> q1 at position 0.75 -> 1.75, median at 1.5 -> 2.5, whiskers at the extremes
        var even = new BoxTrace([4, 1, 3, 2]).Summary();
        Assert.Equal((1.75, 2.5, 3.25, 1.0, 4.0), (even.Q1, even.Median, even.Q3, even.LowerFence, even.UpperFence));
        Assert.Contains("\"q1\":[3],\"median\":[5],\"q3\":[7],\"lowerfence\":[1],\"upperfence\":[8]", new Figure().Add(box).ToJson());
    }

    [Fact]
    public void GridWithHeatmapBoxBandAndSubplotTitlesMatchesGolden()
    {
        var fig = new Figure("Overview", rows: 2, columns: 2) { LegendBelow = true }
            .Add(new BandTrace([0, 1, 2], [0, 1, 2], [2, 3, 4], mean: [1, 2, 3]) { Name = "mean ± 95%" })
            .Add(new HeatmapTrace(new double[,] { { 1, 0.5 }, { 0.5, 1 } }) { XLabels = ["rock", "pop"], YLabels = ["rock", "pop"], ColorScale = "Blues", ZMin = 0, ZMax = 1 }, 1, 2)
            .Add(new BoxTrace([1, 2, 3, 4]) { Name = "a" }, 2, 1)
            .Add(new BoxTrace([2, 3, 4, 5]) { Name = "b" }, 2, 1)
            .Add(new BarTrace(["x", "y"], [3, 4]) { Horizontal = true }, 2, 2)
            .SubplotTitle(1, 1, "learning curve")
            .SubplotTitle(1, 2, "co-occurrence")
            .Axes(1, 1, x: "episode", y: "return");
        fig.YAxis(1, 2).Reversed = true;
        fig.XAxis(1, 2).TickAngle = -45;
        AssertGolden("grid.json", fig.ToJson());
    }

    [Fact]
    public void LongSeriesAreDecimatedForDisplay()
    {
        var y = Enumerable.Range(0, 61290).Select(i => (double)(i % 97)).ToArray();
        var fig = new Figure().Add(new LineTrace(y));
        var json = fig.ToJson();
        using var doc = JsonDocument.Parse(json);
        var xs = doc.RootElement.GetProperty("data")[0].GetProperty("x");
        Assert.InRange(xs.GetArrayLength(), 1000, 2002);
        Assert.True(json.Length < 40_000, $"{json.Length} bytes");
        fig.MaxPointsPerTrace = 0;
        using var full = JsonDocument.Parse(fig.ToJson());
        Assert.Equal(61290, full.RootElement.GetProperty("data")[0].GetProperty("x").GetArrayLength());
    }

    [Fact]
    public void BadShapesAndCellsThrow()
    {
        Assert.Throws<ArgumentException>(() => new LineTrace([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new BandTrace([1, 2], [1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Figure(rows: 1, columns: 2).Add(new LineTrace([1.0]), 1, 3));
        Assert.Throws<ArgumentException>(() => new Figure().Add(new HeatmapTrace(new double[2, 3]) { XLabels = ["a"] }).ToJson());
    }

    [Fact]
    public void TableFormatsInvariantAndEscapes()
    {
        var t = new Table("dataset", "rows", "mean") { Caption = "Data" }
            .AddRow("songs<1>", 1000, 0.123456)
            .AddRow("logs", 5, double.NaN);
        Assert.Equal("<table><caption>Data</caption><thead><tr><th>dataset</th><th>rows</th><th>mean</th></tr></thead><tbody>" +
                     "<tr><td>songs&lt;1&gt;</td><td style=\"text-align:right\">1000</td><td style=\"text-align:right\">0.1235</td></tr>" +
                     "<tr><td>logs</td><td style=\"text-align:right\">5</td><td style=\"text-align:right\">NaN</td></tr></tbody></table>", t.ToHtml());
        Assert.Equal("Data\ndataset   rows    mean\n--------  ----  ------\nsongs<1>  1000  0.1235\nlogs         5     NaN", t.ToString());
        Assert.Throws<ArgumentException>(() => t.AddRow("only one"));
    }
}
