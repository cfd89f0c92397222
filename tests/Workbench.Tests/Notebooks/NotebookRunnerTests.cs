using System.Text.Json.Nodes;
using Workbench.Notebooks;
using static Workbench.Tests.Notebooks.TempNotebooks;

namespace Workbench.Tests.Notebooks;

public class NotebookRunnerTests
{
    [Fact]
    public async Task StateIsSharedAcrossCellsAndConsoleAndTrailingExpressionsAreCaptured()
    {
        using var t = new TempNotebooks();
        var doc = NotebookDocument.CreateNew()
            .AddMarkdown("# a title")
            .AddCode("var xs = new List<int> { 1, 2, 3 };\nint Twice(int v) => 2 * v;")
            .AddCode("Console.WriteLine(\"sum \" + xs.Sum());\nConsole.Error.WriteLine(\"warn\");\nConsole.WriteLine(\"after\");\nTwice(xs.Count)")
            .AddCode("await Task.Delay(1);\nxs.Add(4);\nxs")
            .AddCode("var none = 1;");
        var r = await t.Run(doc);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(4, r.CellsRun);
        Assert.Null(Cell(r, 0)["execution_count"]);
        Assert.Equal(1, Cell(r, 1)["execution_count"]!.GetValue<int>());
        Assert.Empty(Outputs(r, 1));
        var o = Outputs(r, 2);
        Assert.Equal(4, o.Count);
        Assert.Equal(("stdout", "sum 6\n"), (o[0]!["name"]!.GetValue<string>(), Text(o[0]!)));
        Assert.Equal(("stderr", "warn\n"), (o[1]!["name"]!.GetValue<string>(), Text(o[1]!)));
        Assert.Equal("after\n", Text(o[2]!));
        Assert.Equal("execute_result", o[3]!["output_type"]!.GetValue<string>());
        Assert.Equal("6", MimeData(o[3]!, "text/plain")); // Twice(3)
        Assert.Equal(2, o[3]!["execution_count"]!.GetValue<int>());
        Assert.Equal("[ 1, 2, 3, 4 ]", MimeData(Outputs(r, 3)[0]!, "text/plain"));
        Assert.Empty(Outputs(r, 4));
    }

    [Fact]
    public async Task DisplayAndHtmlProduceDisplayData()
    {
        using var t = new TempNotebooks();
        var r = await t.Run(Notebook(
            "display(42);\ndisplay(\"text\");\nConsole.WriteLine(\"between\");\ndisplay(HTML(\"<b>bold</b>\"));\ndisplay(null);",
            "HTML(\"<i>last</i>\")",
            "display(1.5)",
            "(string)null"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var o = Outputs(r, 0);
        Assert.Equal(["display_data", "display_data", "stream", "display_data", "display_data"], o.Select(x => x!["output_type"]!.GetValue<string>()));
        Assert.Equal("42", MimeData(o[0]!, "text/plain"));
        Assert.Equal("text", MimeData(o[1]!, "text/plain"));
        Assert.Equal("<b>bold</b>", MimeData(o[3]!, "text/html"));
        Assert.Equal("<null>", MimeData(o[4]!, "text/plain"));
        Assert.Equal("<i>last</i>", MimeData(Outputs(r, 1)[0]!, "text/html"));
        // a trailing display(...) is void: one display_data, no execute_result
        Assert.Equal("display_data", Assert.Single(Outputs(r, 2))!["output_type"]!.GetValue<string>());
        Assert.Equal("<null>", MimeData(Assert.Single(Outputs(r, 3))!, "text/plain"));
    }

    [Fact]
    public async Task ReferenceToTheBuiltLibraryByRelativePathAndTables()
    {
        using var t = new TempNotebooks();
        Assert.False(Path.IsPathRooted(t.RelativeWorkbenchDll));
        var r = await t.Run(Notebook(
            $"#r \"{t.RelativeWorkbenchDll}\"\nusing Workbench.Plotting;",
            "var fit = SeriesMath.LinearTrend(new double[] { 1, 3, 5 });\nfit.Slope",
            "new Table(\"name\", \"value\").AddRow(\"slope\", fit.Slope)"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal("2", MimeData(Outputs(r, 1)[0]!, "text/plain"));
        var table = Outputs(r, 2)[0]!;
        Assert.StartsWith("<table>", MimeData(table, "text/html"));
        Assert.Contains("slope", MimeData(table, "text/plain"));
    }

    [Fact]
    public async Task DependenciesOfAReferencedAssemblyResolveFromItsFolder()
    {
        using var t = new TempNotebooks();
        var lib = Path.Combine(t.Directory, "lib");
        Directory.CreateDirectory(lib);
        var b = Compile("DepB", "namespace DepB; public static class B { public static int Value() => 41; }", lib);
        Compile("DepA", "namespace DepA; public static class A { public static int Call() => DepB.B.Value() + 1; }", lib, b);
        var r = await t.Run(Notebook("#r \"lib/DepA.dll\"", "DepA.A.Call()"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal("42", MimeData(Outputs(r, 1)[0]!, "text/plain"));
    }

    [Fact]
    public async Task AReferenceTheRunnerAlreadyLoadedCompilesAgainstTheLoadedCopyAndNotesADifferentBuild()
    {
        using var t = new TempNotebooks();
        var name = "HostDep" + Guid.NewGuid().ToString("N")[..8];
        var loadedDir = Directory.CreateDirectory(Path.Combine(t.Directory, "loaded")).FullName;
        var otherDir = Directory.CreateDirectory(Path.Combine(t.Directory, "other")).FullName;
        var loaded = Compile(name, $"namespace {name}; public static class V {{ public static int Get() => 1; }}", loadedDir);
        Compile(name, $"namespace {name}; public static class V {{ public static int Get() => 2; public static int New() => 3; }}", otherDir);
        System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(loaded);
        var r = await t.Run(Notebook($"#r \"other/{name}.dll\"", $"{name}.V.Get()"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal("1", MimeData(Outputs(r, 1)[0]!, "text/plain")); // the loaded build runs (and was compiled against)
        var note = Outputs(r, 0)[0]!;
        Assert.Equal("stderr", note["name"]!.GetValue<string>());
        Assert.Contains("different build", Text(note));
        // the other build's new member does not exist in the loaded one: a compile error, not a TypeLoadException
        var r2 = await t.Run(Notebook($"#r \"other/{name}.dll\"", $"{name}.V.New()"));
        Assert.Equal("CompilationError", r2.Failure!.ErrorName);
    }

    private static string Compile(string name, string code, string dir, params string[] references)
    {
        var refs = new List<Microsoft.CodeAnalysis.MetadataReference>();
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var f in new[] { "System.Private.CoreLib.dll", "System.Runtime.dll" }) refs.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(Path.Combine(runtime, f)));
        refs.AddRange(references.Select(p => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p)));
        var comp = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(name,
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code)], refs,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(dir, name + ".dll");
        Microsoft.CodeAnalysis.Emit.EmitResult emit;
        using (var fs = File.Create(path)) emit = comp.Emit(fs);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }

    [Fact]
    public async Task ThrowingCellStopsTheRunAndIsSavedAsAnError()
    {
        using var t = new TempNotebooks();
        var doc = NotebookDocument.CreateNew()
            .AddMarkdown("intro")
            .AddCode("Console.WriteLine(\"before\");")
            .AddCode("Console.WriteLine(\"partial\");\nthrow new InvalidOperationException(\"boom\");")
            .AddCode("Console.WriteLine(\"never\");");
        var r = await t.Run(doc, name: "fails.ipynb");
        Assert.False(r.Succeeded);
        Assert.Equal(3, r.Failure!.CellNumber); // 1-based among all cells: markdown, code, code
        Assert.Equal("InvalidOperationException", r.Failure.ErrorName);
        Assert.Contains("fails.ipynb", r.Failure.ToString());
        Assert.Contains("cell 3", r.Failure.ToString());
        Assert.Contains("boom", r.Failure.ToString());
        var o = Outputs(r, 2);
        Assert.Equal("partial\n", Text(o[0]!));
        var err = o[1]!;
        Assert.Equal("error", err["output_type"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", err["ename"]!.GetValue<string>());
        Assert.Equal("boom", err["evalue"]!.GetValue<string>());
        Assert.NotEmpty((JsonArray)err["traceback"]!);
        Assert.Empty(Outputs(r, 3));
        Assert.Null(Cell(r, 3)["execution_count"]);
    }

    [Fact]
    public async Task CompileErrorsNameTheLine()
    {
        using var t = new TempNotebooks();
        var r = await t.Run(Notebook("var a = 1;", "var b = 2;\nvar c = undefinedName;"));
        Assert.Equal(2, r.Failure!.CellNumber);
        Assert.Equal("CompilationError", r.Failure.ErrorName);
        Assert.Contains("(2,9)", r.Failure.Message);
        Assert.Contains("CS0103", r.Failure.Message);
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "'#!fsharp' is not supported")]
    [InlineData("#r \"nuget: Plotly.NET, 4.0.0\"", "NuGet packages are not restored")]
    [InlineData("#r \"missing/Nothing.dll\"", "does not exist")]
    public async Task UnsupportedCellsGetAClearMessageNamingTheCell(string source, string expected)
    {
        using var t = new TempNotebooks();
        var r = await t.Run(Notebook("#!csharp\nvar ok = 1;", source, "var never = 1;"), name: "bad.ipynb");
        Assert.Equal(2, r.Failure!.CellNumber);
        Assert.Equal("UnsupportedCell", r.Failure.ErrorName);
        Assert.Contains(expected, r.Failure.Message);
        Assert.Contains("bad.ipynb: cell 2", r.Failure.Message);
        Assert.Equal("error", Outputs(r, 1)[0]!["output_type"]!.GetValue<string>());
        Assert.Null(Cell(r, 2)["execution_count"]);
    }

    [Fact]
    public async Task CellsInAnotherLanguageAreRejected()
    {
        using var t = new TempNotebooks();
        var doc = Notebook("var a = 1;", "let x = 1");
        ((JsonObject)doc.Cells[1]!)["metadata"]!["polyglot_notebook"]!["kernelName"] = "fsharp";
        var r = await t.Run(doc);
        Assert.Equal(2, r.Failure!.CellNumber);
        Assert.Contains("'fsharp' cell", r.Failure.Message);
    }

    [Fact]
    public async Task SlowCellHitsTheTimeout()
    {
        using var t = new TempNotebooks();
        var r = await t.Run(Notebook("System.Threading.Thread.Sleep(3000);", "var never = 1;"),
            new NotebookRunOptions { CellTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal("Timeout", r.Failure!.ErrorName);
        Assert.Equal(1, r.Failure.CellNumber);
        Assert.Contains("timeout", r.Failure.Message);
        Assert.Equal("Timeout", Outputs(r, 0).Last()!["ename"]!.GetValue<string>());
        Assert.Null(Cell(r, 1)["execution_count"]);
    }

    [Fact]
    public async Task ProgressReportsEveryCell()
    {
        using var t = new TempNotebooks();
        var reports = new List<CellProgress>();
        var progress = new SyncProgress(reports.Add);
        var r = await t.Run(NotebookDocument.CreateNew().AddMarkdown("m").AddCode("1").AddCode("2"), new NotebookRunOptions { Progress = progress }, "p.ipynb");
        Assert.True(r.Succeeded);
        Assert.Equal([CellStatus.Running, CellStatus.Succeeded, CellStatus.Running, CellStatus.Succeeded], reports.Select(p => p.Status));
        Assert.Equal([2, 2, 3, 3], reports.Select(p => p.CellNumber));
        Assert.StartsWith("[p.ipynb] cell 3/3 ... ok ", reports[3].ToString());
    }

    private sealed class SyncProgress(Action<CellProgress> report) : IProgress<CellProgress>
    {
        public void Report(CellProgress value) => report(value);
    }
}
