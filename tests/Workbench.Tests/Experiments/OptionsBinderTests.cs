using System.Text.Json;
using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

public class OptionsBinderTests
{
    private static readonly BanditOptions Defaults = new();

    [Fact]
    public void SetsEveryKindOfOptionAndLeavesTheOriginalUnchanged()
    {
        var o = OptionsBinder.Apply(Defaults, [
            "epsilon=0.25", "arm-means=100,200,900", "reward=gaussian", "step_size=0.5", "Label=hello world",
            "write-q=false", "PullsPerEpisode=3", "episodes=1e3", "mode=corrected",
        ]);
        Assert.Equal(0.25, o.Epsilon);
        Assert.Equal([100, 200, 900], o.ArmMeans);
        Assert.Equal(BanditReward.Gaussian, o.Reward);
        Assert.Equal(0.5f, o.StepSize);
        Assert.Equal("hello world", o.Label);
        Assert.False(o.WriteQ);
        Assert.Equal(3L, o.PullsPerEpisode);
        Assert.Equal(1000, o.Episodes);
        Assert.Equal(RunMode.Corrected, o.Mode);
        Assert.IsType<BanditOptions>(o);
        Assert.Equal(0.1, Defaults.Epsilon);
        Assert.Equal([300, 700], Defaults.ArmMeans);
    }

    [Fact]
    public void NullClearsANullable()
    {
        var o = OptionsBinder.Apply(Defaults with { StepSize = 0.1f }, ["step-size=null"]);
        Assert.Null(o.StepSize);
    }

    [Fact]
    public void UnknownKeyNamesTheKeyAndTheAllowedKeys()
    {
        var ex = Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(Defaults, ["learning-rate=0.1"]));
        Assert.Contains("'learning-rate'", ex.Message);
        Assert.Contains("epsilon (double)", ex.Message);
        Assert.Contains("arm-means (int[])", ex.Message);
        Assert.Contains("episodes (int)", ex.Message);
    }

    [Theory]
    [InlineData("epsilon=abc", "epsilon", "'abc' is not a number")]
    [InlineData("episodes=1.5", "episodes", "'1.5' is not an integer")]
    [InlineData("episodes=99999999999", "episodes", "is not an integer")]
    [InlineData("write-q=maybe", "write-q", "allowed values: true, false")]
    [InlineData("reward=poisson", "reward", "allowed values: bernoulli, gaussian")]
    [InlineData("mode=fast", "mode", "allowed values: faithful, corrected")]
    [InlineData("arm-means=1,x,3", "arm-means", "item 2")]
    public void BadValueNamesTheOptionAndTheValue(string assignment, string key, string detail)
    {
        var ex = Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(Defaults, [assignment]));
        Assert.Contains("--set " + key + "=", ex.Message);
        Assert.Contains(detail, ex.Message);
    }

    [Fact]
    public void MissingEqualsSignIsAnError()
    {
        var ex = Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(Defaults, ["epsilon"]));
        Assert.Contains("key=value", ex.Message);
    }

    [Fact]
    public void ValidationRunsAfterSetting()
    {
        var ex = Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(Defaults, ["epsilon=2"]));
        Assert.Contains("option epsilon = 2", ex.Message);
        Assert.Contains("[0, 1]", ex.Message);
        var neg = Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(Defaults, ["episodes=-1"]));
        Assert.Contains("episodes = -1", neg.Message);
    }

    [Fact]
    public void DescribeListsKeysInDeclarationOrderBaseFirst()
    {
        var keys = OptionsBinder.Describe(Defaults).Select(d => d.Key).ToArray();
        Assert.Equal(["episodes", "mode", "epsilon", "arm-means", "reward", "step-size", "label", "write-q", "pulls-per-episode"], keys);
        var arm = OptionsBinder.Describe(Defaults).Single(d => d.Key == "arm-means");
        Assert.Equal("300,700", arm.Value);
        // Descriptions come from the XML documentation file of the declaring assembly (the library's for Episodes).
        var episodes = OptionsBinder.Describe(Defaults).Single(d => d.Key == "episodes");
        Assert.Equal("Number of training episodes (the CLI's --episodes).", episodes.Description);
    }

    [Fact]
    public void JsonRoundTripsAndUsesSnakeCase()
    {
        var o = Defaults with { Epsilon = 0.3, ArmMeans = [1, 2], StepSize = 0.1f, Mode = RunMode.Corrected };
        var json = OptionsJson.Serialize(o);
        Assert.Contains("\"arm_means\"", json);
        // The common options come first.
        Assert.True(json.IndexOf("\"episodes\"", StringComparison.Ordinal) < json.IndexOf("\"epsilon\"", StringComparison.Ordinal));
        Assert.True(json.IndexOf("\"mode\"", StringComparison.Ordinal) < json.IndexOf("\"epsilon\"", StringComparison.Ordinal));
        Assert.Contains("\"mode\": \"corrected\"", json);
        Assert.Contains("\"step_size\": 0.1", json);
        var back = (BanditOptions)OptionsJson.Deserialize(typeof(BanditOptions), json);
        Assert.Equal(o with { ArmMeans = back.ArmMeans }, back);
        Assert.Equal([1, 2], back.ArmMeans);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(0.3, doc.RootElement.GetProperty("epsilon").GetDouble());
    }

    [Fact]
    public void SetAcceptsTheJsonKeysToo()
    {
        var o = OptionsBinder.Apply(Defaults, ["pulls_per_episode=4"]);
        Assert.Equal(4, o.PullsPerEpisode);
    }

    private sealed record ProbeOptions : ExperimentOptions
    {
        public long? Budget { get; init; } = 5;
        public bool? Flag { get; init; }
        public RunMode? Other { get; init; }
        public double[] Rates { get; init; } = [];
        public float[]? Weights { get; init; }
        public string? Name { get; init; } = "x";
    }

    [Fact]
    public void NullableScalarsArraysAndNullableStrings()
    {
        var o = OptionsBinder.Apply(new ProbeOptions(), ["budget=null", "flag=yes", "other=corrected", "rates=0.5, 1e-3", "weights=", "name=null"]);
        Assert.Null(o.Budget);
        Assert.True(o.Flag);
        Assert.Equal(RunMode.Corrected, o.Other);
        Assert.Equal([0.5, 0.001], o.Rates);
        Assert.Equal([], o.Weights!);
        Assert.Null(o.Name);
        Assert.Null(OptionsBinder.Apply(new ProbeOptions(), ["weights=null"]).Weights);
        // A non-nullable array refuses null.
        Assert.Contains("'null' is not allowed", Assert.Throws<WorkbenchException>(() => OptionsBinder.Apply(new ProbeOptions(), ["rates=null"])).Message);
        Assert.Equal(7L, OptionsBinder.Apply(new ProbeOptions(), ["budget=7"]).Budget);
    }
}
