using System.CommandLine;
using Workbench.Cli;
using Workbench.Data;
using Workbench.Tests.Support;

namespace Workbench.Tests.Seed000;

public class RecommendDeezerCommandTests
{
    private static (int Code, string Output) Run(string stdin, params string[] args)
    {
        var dataDir = Path.GetDirectoryName(Path.GetDirectoryName(RealData.Require(DataRoot.DeezerFile)))!;
        var output = new StringWriter();
        var root = new RootCommand { new RecommendDeezerCommand(new StringReader(stdin), output).Build() };
        var code = root.Parse(["deezer", .. args, "--data", dataDir]).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        return (code, output.ToString());
    }

    [SkippableFact]
    public void PipedAnswersDriveTheSessionUntilLike()
    {
        var (code, text) = Run("dislike\nn\nmaybe\ny\n", "--artist", "cesária evora", "--genre", "Acoustic", "--danceability", "0.4:0.8");
        Assert.Equal(0, code);
        Assert.Contains("49 matching songs", text);
        Assert.Equal(3, text.Split("Recommended: ").Length - 1);   // two dislikes, then the third is liked
        Assert.Contains("Please answer like or dislike (y/n), not 'maybe'", text);
        Assert.Contains("Enjoy \"", text);
        Assert.Contains("Preview: https://", text);
    }

    [SkippableFact]
    public void EndOfInputEndsCleanly()
    {
        var (code, text) = Run("", "--artist", "Eminem", "--genre", "afrobeat");
        Assert.Equal(0, code);
        Assert.Contains("End of input: session ended after 1 recommendation(s).", text);
    }

    [SkippableFact]
    public void DislikingEverythingAsksToChangeThePreference()
    {
        // Eminem's afrobeat rows with danceability in [0.9, 1]: few songs; dislike them all.
        var (code, text) = Run(string.Concat(Enumerable.Repeat("n\n", 60)), "--artist", "Eminem", "--genre", "afrobeat", "--danceability", "0.85:1", "--model", "q");
        Assert.Equal(0, code);
        Assert.Contains("Please change your preference.", text);
    }

    [SkippableFact]
    public void UnknownNamesAndBadRangesAreClearErrors()
    {
        var e = Assert.Throws<WorkbenchException>(() => Run("", "--artist", "Cesaria Evora", "--genre", "acoustic"));
        Assert.Equal("unknown artist 'Cesaria Evora'; closest artist names: 'Cesária Evora', 'Maria Becerra', 'Danna Paola'", e.Message);
        e = Assert.Throws<WorkbenchException>(() => Run("", "--artist", "Eminem", "--genre", "acustic"));
        Assert.StartsWith("unknown genre 'acustic'; closest genre names: 'acoustic'", e.Message);
        e = Assert.Throws<WorkbenchException>(() => Run("", "--artist", "Eminem", "--genre", "edm", "--danceability", "0.9:0.2"));
        Assert.Contains("--danceability '0.9:0.2' is invalid", e.Message);
        e = Assert.Throws<WorkbenchException>(() => Run("", "--artist", "Eminem", "--genre", "edm", "--model", "dqn"));
        Assert.Contains("allowed values: q, dueling", e.Message);
    }
}
