using System.CommandLine;

namespace Workbench.Cli;

/// <summary>
/// A top-level command of the <c>workbench</c> tool. Every non-abstract implementation in this
/// assembly is discovered by <see cref="Program"/>, so a new command is one new file.
/// </summary>
public interface ICliCommand
{
    /// <summary>Builds the command (with its subcommands and options).</summary>
    Command Build();
}
