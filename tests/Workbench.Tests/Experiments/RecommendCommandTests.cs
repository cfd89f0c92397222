using System.CommandLine;
using Workbench.Cli;

namespace Workbench.Tests.Experiments;

/// <summary>A test recommender: <c>recommend echo --name X</c> writes "hello X" to the given writer.</summary>
public sealed class EchoRecommender : IRecommendSubcommand
{
    public static StringWriter Output { get; } = new();

    public Command Build()
    {
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "you" };
        var cmd = new Command("echo", "Test-only recommender.");
        cmd.Options.Add(name);
        cmd.SetAction(pr =>
        {
            Output.Write("hello " + pr.GetValue(name));
            return 0;
        });
        return cmd;
    }
}

public class RecommendCommandTests
{
    [Fact]
    public void DiscoversSubcommandsByReflection()
    {
        var root = new RootCommand();
        root.Subcommands.Add(new RecommendCommand(typeof(EchoRecommender).Assembly).Build());
        Assert.Equal(0, root.Parse(["recommend", "echo", "--name", "Ada"]).Invoke());
        Assert.Equal("hello Ada", EchoRecommender.Output.ToString());
    }

    [Fact]
    public void TheRealCommandScansOnlyTheCliAssembly()
    {
        var cmd = new RecommendCommand().Build();
        Assert.DoesNotContain(cmd.Subcommands, c => c.Name == "echo");
    }
}
