namespace Workbench.Tests;

public class CliSmokeTests
{
    [Fact]
    public void UnknownCommandExitsNonZero()
    {
        Assert.NotEqual(0, Workbench.Cli.Program.Main(["no-such-command"]));
    }

    [Fact]
    public void VersionExitsZero()
    {
        Assert.Equal(0, Workbench.Cli.Program.Main(["version"]));
    }
}
