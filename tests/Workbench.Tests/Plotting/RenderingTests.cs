using System.Text;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

public class RenderingTests
{
    private static void RequireChromium()
    {
        // Needed in CI (.ci/run installs chromium and sets WORKBENCH_REQUIRE_DATA=1); skipped elsewhere when missing.
        if (ChromiumRenderer.FindExecutable() is null && Environment.GetEnvironmentVariable("WORKBENCH_REQUIRE_DATA") != "1")
            Skip.If(true, "chromium is not installed (apt-get install chromium)");
    }

    private static Figure Sample() =>
        new Figure("Sample", rows: 1, columns: 2)
            .Add(new LineTrace([0, 1, 2, 3], [1, 3, 2, 4]) { Name = "line", Markers = true })
            .Add(new HistogramTrace([1, 2, 2, 3, 3, 3]) { Bins = 3 }, 1, 2);

    [SkippableFact]
    public void SavePngWritesAPngOfTheRequestedSize()
    {
        RequireChromium();
        var dir = Directory.CreateTempSubdirectory("wb-png-");
        try
        {
            var path = Path.Combine(dir.FullName, "fig.png");
            Sample().SavePng(path, 640, 360);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal((640, 360), ChromiumRenderer.PngSize(bytes));
            Assert.True(bytes.Length > 3000, $"PNG of {bytes.Length} bytes looks blank");
        }
        finally { dir.Delete(true); }
    }

    [SkippableFact]
    public void RenderingTheSameFigureTwiceGivesTheSamePng()
    {
        // A many-subplot figure used to come out cut off (raster tiles missing) now and then.
        RequireChromium();
        var features = Enumerable.Range(0, 10)
            .Select(k => ($"f{k}", (IReadOnlyList<double>)Enumerable.Range(0, 5000).Select(i => Math.Sin(i * (k + 1) * 0.001)).ToArray())).ToArray();
        var fig = DataFigures.Histograms("ten panels", features, columns: 5);
        var a = fig.RenderPng(900, fig.Height);
        var b = fig.RenderPng(900, fig.Height);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(a)), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)));
    }

    [SkippableFact]
    public void TheSharedBrowserGivesTheOneShotBytesAcrossSizesAndSurvivesACrash()
    {
        RequireChromium();
        var fig = Sample();
        byte[] OneShot(int w, int h)
        {
            ChromiumRenderer.ReuseOverride.Value = false;
            try { return fig.RenderPng(w, h); }
            finally { ChromiumRenderer.ReuseOverride.Value = null; }
        }
        string Hash(byte[] b) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b));
        var (big, small) = (Hash(OneShot(640, 360)), Hash(OneShot(300, 200)));
        // Alternating sizes in one browser: the viewport follows each figure and the bytes equal a fresh chromium's.
        Assert.Equal(big, Hash(fig.RenderPng(640, 360)));
        Assert.Equal(small, Hash(fig.RenderPng(300, 200)));
        Assert.Equal(big, Hash(fig.RenderPng(640, 360)));
        // A browser that died between figures is replaced without an error.
        var pid = ChromiumRenderer.SessionProcessId;
        Assert.NotNull(pid);
        using (var browser = System.Diagnostics.Process.GetProcessById(pid.Value))
        {
            browser.Kill(entireProcessTree: true);
            browser.WaitForExit(5000);
        }
        Assert.Equal(small, Hash(fig.RenderPng(300, 200)));
        Assert.NotEqual(pid, ChromiumRenderer.SessionProcessId);
        // Closing from outside waits for any rendering in progress and leaves no browser behind.
        var last = ChromiumRenderer.SessionProcessId;
        ChromiumRenderer.CloseSession();
        if (last is int id) Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(id));
    }

    [Fact]
    public void PngSizeReadsTheHeaderAndRejectsOtherFiles()
    {
        var header = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 2, 128, 0, 0, 1, 104 };
        Assert.Equal((640, 360), ChromiumRenderer.PngSize(header)); // 2*256+128 = 640, 256+104 = 360
        Assert.Throws<WorkbenchException>(() => ChromiumRenderer.PngSize(Encoding.ASCII.GetBytes("GIF89a, not a png at all")));
    }

    [Fact]
    public void MissingChromiumGivesAClearError()
    {
        // Only this test's async flow sees the missing executable; tests rendering in parallel are unaffected.
        ChromiumRenderer.ExecutableOverride.Value = "/nonexistent/chromium";
        try
        {
            var e = Assert.Throws<WorkbenchException>(() => Sample().RenderPng(100, 100));
            Assert.Contains("apt-get install chromium", e.Message);
        }
        finally { ChromiumRenderer.ExecutableOverride.Value = null; }
    }

    [Fact]
    public void HtmlIsSelfContainedAndSaveHtmlSharesOnePlotlyCopy()
    {
        var html = Sample().ToHtml();
        Assert.Contains("plotly.js v3.1.2", html);
        Assert.DoesNotContain("cdn", html.Substring(0, 200), StringComparison.OrdinalIgnoreCase);
        var dir = Directory.CreateTempSubdirectory("wb-html-");
        try
        {
            var a = Path.Combine(dir.FullName, "a.html");
            Sample().SaveHtml(a);
            Sample().SaveHtml(Path.Combine(dir.FullName, "b.html"));
            var page = File.ReadAllText(a);
            Assert.Contains("<script src=\"plotly.min.js\"></script>", page);
            Assert.True(page.Length < 20_000, $"{page.Length} chars");
            Assert.True(File.Exists(Path.Combine(dir.FullName, PlotlyAsset.FileName)));
            Assert.Equal(3, dir.GetFiles().Length);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void NotebookHtmlInlinesPlotlyOnceThenReusesIt()
    {
        FigureFormatterSource.ResetSession();
        var html = new FigureFormatterSource().CreateTypeFormatters().Cast<ConventionFormatter>().Single(f => f.MimeType == "text/html");
        var first = new StringWriter();
        var second = new StringWriter();
        Assert.True(html.Format(Sample(), first));
        Assert.True(html.Format(Sample(), second));
        Assert.Contains("plotly.js v3.1.2", first.ToString());
        Assert.DoesNotContain("plotly.js v3.1.2", second.ToString());
        Assert.Contains("window.Plotly", second.ToString());
        Assert.False(html.Format("not a figure", new StringWriter()));
        var attr = (TypeFormatterSourceAttribute)Attribute.GetCustomAttribute(typeof(Figure), typeof(TypeFormatterSourceAttribute))!;
        Assert.Equal(typeof(FigureFormatterSource), attr.FormatterSourceType);
        Assert.Equal(["text/html"], attr.PreferredMimeTypes!);
    }
}
