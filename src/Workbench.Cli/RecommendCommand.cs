using System.CommandLine;

namespace Workbench.Cli;

/// <summary>
/// A subcommand of <c>workbench recommend</c> (for example <c>recommend deezer</c>, <c>recommend
/// playlist</c>). Every non-abstract implementation in the CLI assembly with a parameterless
/// constructor is discovered by <see cref="RecommendCommand"/>, so adding one is one new file.
/// </summary>
public interface IRecommendSubcommand
{
    /// <summary>Builds the subcommand (its name, options and action).</summary>
    Command Build();
}

/// <summary><c>workbench recommend SUB</c>: interactive recommendation sessions, one subcommand per <see cref="IRecommendSubcommand"/>.</summary>
public sealed class RecommendCommand : ICliCommand
{
    private readonly System.Reflection.Assembly[] _assemblies;

    /// <summary>The command over the CLI assembly's subcommands.</summary>
    public RecommendCommand() : this(typeof(RecommendCommand).Assembly) { }

    /// <summary>The command over the subcommands found in <paramref name="assemblies"/> (tests).</summary>
    public RecommendCommand(params System.Reflection.Assembly[] assemblies) => _assemblies = assemblies;

    /// <inheritdoc />
    public Command Build()
    {
        var cmd = new Command("recommend", "Interactive recommendation sessions in the terminal (reads answers from standard input, so they also work piped).");
        var subs = _assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Where(t => typeof(IRecommendSubcommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => ((IRecommendSubcommand)Activator.CreateInstance(t)!).Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var s in subs) cmd.Subcommands.Add(s);
        if (subs.Count == 0)
            cmd.SetAction(_ =>
            {
                Console.Error.WriteLine("error: no recommenders are available yet");
                return 1;
            });
        return cmd;
    }
}
