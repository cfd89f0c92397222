using Spectre.Console;
using Workbench.Cli;
using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

public class ProgressDisplayTests
{
    [Fact]
    public void DrawsOneBarPerSeedFedByParallelRuns()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(text),
        });
        var bandit = ExperimentTestSupport.Registry.Get("bandit");
        int[] seeds = [0, 1];
        var sinkSeen = false;
        var run = ProgressDisplay.Run(console, "bandit (faithful)", seeds, enabled: true, progress =>
        {
            sinkSeen = progress is not null;
            return MultiSeedRunner.Run(bandit, bandit.DefaultOptions(RunMode.Faithful) with { Episodes = 50 }, seeds, progress: progress, maxDegreeOfParallelism: 2);
        });
        Assert.True(sinkSeen);
        Assert.Equal(2, run.Runs.Count);
        var output = text.ToString();
        Assert.Contains("bandit (faithful) seed 0", output);
        Assert.Contains("bandit (faithful) seed 1", output);
        Assert.Contains("100%", output);
    }

    [Fact]
    public void DisabledRunsTheWorkWithoutASink()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        Assert.Equal(3, ProgressDisplay.Run(console, "t", [0], enabled: false, p => p is null ? 3 : 4));
        Assert.False(ProgressDisplay.ShouldShow(console, quiet: true));
    }
}
