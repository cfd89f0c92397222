using System.CommandLine;

namespace Workbench.Cli;

/// <summary><c>workbench version</c>: prints the tool's version and runtime.</summary>
public sealed class VersionCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var cmd = new Command("version", "Print the workbench version and the .NET runtime.");
        cmd.SetAction(_ =>
        {
            Console.WriteLine($"workbench {typeof(VersionCommand).Assembly.GetName().Version} on .NET {Environment.Version}");
            return 0;
        });
        return cmd;
    }
}
