using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

public class ExperimentRegistryTests
{
    [Fact]
    public void FindsTheTestExperimentByReflection()
    {
        var e = ExperimentTestSupport.Registry.Get("bandit");
        Assert.IsType<BanditExperiment>(e);
        Assert.Equal(typeof(BanditOptions), e.OptionsType);
        Assert.Same(e, ExperimentTestSupport.Registry.Get("BANDIT"));
    }

    [Fact]
    public void DefaultRegistryScansOnlyTheLibrary()
    {
        Assert.DoesNotContain("bandit", ExperimentRegistry.Default.Names);
    }

    [Fact]
    public void UnknownExperimentListsTheKnownNames()
    {
        var ex = Assert.Throws<WorkbenchException>(() => ExperimentTestSupport.Registry.Get("nope"));
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains("bandit", ex.Message);
    }

    [Fact]
    public void DefaultOptionsCarryTheMode()
    {
        var e = ExperimentTestSupport.Registry.Get("bandit");
        var f = (BanditOptions)e.DefaultOptions(RunMode.Faithful);
        var c = (BanditOptions)e.DefaultOptions(RunMode.Corrected);
        Assert.Equal(RunMode.Faithful, f.Mode);
        Assert.Equal(RunMode.Corrected, c.Mode);
        Assert.Equal(200, f.Episodes);
        Assert.Equal(0.05, c.Epsilon);
    }

    [Theory]
    [InlineData("faithful", RunMode.Faithful)]
    [InlineData("Corrected", RunMode.Corrected)]
    public void ParsesModes(string text, RunMode expected) => Assert.Equal(expected, ExperimentRegistry.ParseMode(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("1")]
    [InlineData("")]
    public void BadModeNamesTheAllowedValues(string text)
    {
        var ex = Assert.Throws<WorkbenchException>(() => ExperimentRegistry.ParseMode(text));
        Assert.Contains("--mode", ex.Message);
        Assert.Contains("faithful, corrected", ex.Message);
    }

    [Fact]
    public void BaseClassAddsEpisodesToTheSummary()
    {
        var e = ExperimentTestSupport.Registry.Get("bandit");
        var r = e.Run(new ExperimentContext("bandit", e.DefaultOptions(RunMode.Faithful) with { Episodes = 7 }, 1));
        Assert.Equal("episodes", r.Summary.GetAt(0).Key);
        Assert.Equal(7, r.Summary["episodes"]);
        Assert.Equal(7, r.Summary["updates"]);
        Assert.Equal(7, r.Table("episodes").RowCount);
    }

    [Fact]
    public void WrongOptionsTypeIsRejected()
    {
        var e = ExperimentTestSupport.Registry.Get("bandit");
        Assert.Throws<ArgumentException>(() => e.Run(new ExperimentContext("bandit", new OtherOptions(), 1)));
    }

    private sealed record OtherOptions : ExperimentOptions;
}
