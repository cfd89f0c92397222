using System.Text.Json.Nodes;
using Workbench.Notebooks;
using static Workbench.Tests.Notebooks.TempNotebooks;

namespace Workbench.Tests.Notebooks;

public class NotebookParametersTests
{
    private const string ParametersCell = "bool quick = false;\nint episodes = 500;\ndouble lr = 0.001;\nstring dataPath = \"data\";\nvar seeds = 5;";

    private static NotebookDocument WithParameters() => NotebookDocument.CreateNew()
        .AddCode("var before = 1;")
        .AddCode(ParametersCell, NotebookParameters.Tag)
        .AddCode("$\"{quick} {episodes} {lr} {dataPath} {seeds}\"");

    [Fact]
    public void DeclaredParametersAreReadWithTheirTypes()
    {
        var declared = NotebookParameters.Declared(ParametersCell);
        Assert.Equal(["quick:bool", "episodes:int", "lr:double", "dataPath:string", "seeds:int"], declared.Select(d => d.Name + ":" + d.Type));
        Assert.Equal("false", declared[0].DefaultText);
    }

    [Fact]
    public async Task WithoutOverridesTheNotebookRunsAsWritten()
    {
        using var t = new TempNotebooks();
        var r = await t.Run(WithParameters());
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(3, r.Document.Cells.Count);
        Assert.Equal("False 500 0.001 data 5", MimeData(Outputs(r, 2)[0]!, "text/plain"));
    }

    [Fact]
    public async Task OverridesAreInjectedRightAfterTheParametersCellTypedByDeclaration()
    {
        using var t = new TempNotebooks();
        var r = await t.Run(WithParameters(), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["quick"] = "true", ["episodes"] = "50", ["lr"] = "0.5", ["dataPath"] = "a \"quoted\" path", ["seeds"] = "2" },
        });
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(4, r.Document.Cells.Count);
        var injected = Cell(r, 2);
        Assert.Equal([NotebookParameters.InjectedTag], NotebookDocument.TagsOf(injected));
        Assert.Equal("// Parameters injected by `workbench notebooks run --param`\ndataPath = \"a \\\"quoted\\\" path\";\nepisodes = 50;\nlr = 0.5d;\nquick = true;\nseeds = 2;",
            NotebookDocument.SourceOf(injected));
        Assert.Equal("True 50 0.5 a \"quoted\" path 2", MimeData(Outputs(r, 3)[0]!, "text/plain"));
        // Running the executed notebook again replaces the injected cell instead of adding another.
        var again = await new NotebookRunner(new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["quick"] = "false" } })
            .RunAsync(r.Document, t.Directory, "again.ipynb");
        Assert.Equal(4, again.Document.Cells.Count);
        Assert.Equal("False 500 0.001 data 5", MimeData(Outputs(again, 3)[0]!, "text/plain"));
    }

    [Fact]
    public async Task UnknownParameterListsTheDeclaredOnes()
    {
        using var t = new TempNotebooks();
        var e = await Assert.ThrowsAsync<WorkbenchException>(() => t.Run(WithParameters(), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["episode"] = "3" },
        }));
        Assert.Contains("unknown parameter 'episode'", e.Message);
        Assert.Contains("bool quick = false", e.Message);
        Assert.Contains("int episodes = 500", e.Message);
    }

    [Theory]
    [InlineData("quick", "yes", "is bool: 'yes' is not true or false")]
    [InlineData("episodes", "1.5", "is int: '1.5' is not an int")]
    [InlineData("lr", "fast", "is double: 'fast' is not a finite number")]
    public async Task BadValuesAreRejected(string name, string value, string expected)
    {
        using var t = new TempNotebooks();
        var e = await Assert.ThrowsAsync<WorkbenchException>(() => t.Run(WithParameters(), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { [name] = value },
        }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task OverridesWithoutAParametersCellAreAnError()
    {
        using var t = new TempNotebooks();
        var e = await Assert.ThrowsAsync<WorkbenchException>(() => t.Run(Notebook("var x = 1;"), new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["quick"] = "true" },
        }));
        Assert.Contains("no cell is tagged 'parameters'", e.Message);
    }
}
