using Workbench.Cli;
using Workbench.Notebooks;
using Workbench.Plotting;
using static Workbench.Tests.Notebooks.TempNotebooks;

namespace Workbench.Tests.Notebooks;

public class NotebooksCliTests
{
    [Fact]
    public async Task OutWritesEachExecutedNotebookUnderItsOwnName()
    {
        using var t = new TempNotebooks();
        var a = t.Write("a.ipynb", NotebookDocument.CreateNew().AddCode("bool quick = false;", "parameters").AddCode("quick"));
        var b = t.Write("b.ipynb", Notebook("1 + 1"));
        var outDir = Path.Combine(t.Directory, "out");
        var code = await NotebooksCommand.RunAsync([a, b], ["quick=true"], outDir, inplace: false, timeoutSeconds: 60, CancellationToken.None)
            .ContinueWith(task => task.IsFaulted ? -1 : task.Result);
        // b has no parameters cell, so --param quick=true is an error for it
        Assert.Equal(-1, code);
        Assert.Equal(["a.ipynb"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        var done = NotebookDocument.Load(Path.Combine(outDir, "a.ipynb"));
        Assert.Equal("True", MimeData(done.Cells[2]!["outputs"]![0]!, "text/plain"));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
        Assert.Empty(NotebookDocument.Load(a).Cells[1]!["outputs"]!.AsArray()); // the source is untouched
    }

    [Fact]
    public async Task InplaceRewritesTheSourceAndFailuresAreReportedWithTheCell()
    {
        using var t = new TempNotebooks();
        var ok = t.Write("ok.ipynb", Notebook("var x = 2;", "x * 21"));
        Assert.Equal(0, await NotebooksCommand.RunAsync([t.Directory], [], null, inplace: true, timeoutSeconds: 60, CancellationToken.None));
        Assert.Equal("42", MimeData(NotebookDocument.Load(ok).Cells[1]!["outputs"]![0]!, "text/plain"));
        var bad = t.Write("bad.ipynb", Notebook("var y = 1;", "throw new Exception(\"kaput\");"));
        var e = await Assert.ThrowsAsync<WorkbenchException>(() => NotebooksCommand.RunAsync([bad], [], null, inplace: true, 60, CancellationToken.None));
        Assert.Contains("bad.ipynb: cell 2 failed: Exception: kaput", e.Message);
        Assert.Equal("error", NotebookDocument.Load(bad).Cells[1]!["outputs"]![0]!["output_type"]!.GetValue<string>());
    }

    [Fact]
    public void ProgramExitsNonZeroOnAFailingNotebookAndBadOptions()
    {
        using var t = new TempNotebooks();
        var bad = t.Write("bad.ipynb", Notebook("throw new Exception(\"x\");"));
        Assert.Equal(1, Program.Main(["notebooks", "run", bad]));
        Assert.Equal(1, Program.Main(["notebooks", "run", bad, "--out", t.Directory, "--inplace"]));
        Assert.Equal(1, Program.Main(["notebooks", "run", bad, "--param", "novalue"]));
        Assert.Equal(1, Program.Main(["notebooks", "run", Path.Combine(t.Directory, "missing.ipynb")]));
    }

    [SkippableFact]
    public async Task DisplayedFigureLeavesAPngAndPlainText()
    {
        if (ChromiumRenderer.FindExecutable() is null && Environment.GetEnvironmentVariable("WORKBENCH_REQUIRE_DATA") != "1")
            Skip.If(true, "chromium is not installed (apt-get install chromium)");
        using var t = new TempNotebooks();
        var r = await t.Run(Notebook(
            $"#r \"{t.RelativeWorkbenchDll}\"\nusing Workbench.Plotting;",
            "var fig = new Figure(\"curve\") { Height = 300 }.Add(new LineTrace(new double[] { 1, 3, 2 }));\ndisplay(fig);",
            "fig"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        foreach (var output in new[] { Outputs(r, 1)[0]!, Outputs(r, 2)[0]! })
        {
            var png = Convert.FromBase64String(output["data"]!["image/png"]!.GetValue<string>());
            Assert.Equal((FigureFormatterSource.PngWidth, 300), ChromiumRenderer.PngSize(png));
            Assert.Contains("curve", MimeData(output, "text/plain"));
            Assert.Null(output["data"]!["text/html"]); // no plotly.js inlined into saved notebooks
        }
    }
}
