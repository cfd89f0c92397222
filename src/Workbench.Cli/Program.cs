using System.CommandLine;
using System.Reflection;
using Spectre.Console;

namespace Workbench.Cli;

/// <summary>Entry point of the <c>workbench</c> command.</summary>
public static class Program
{
    /// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Workbench: reinforcement-learning music recommendation, reproduced and corrected.");
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build());
        foreach (var c in commands) root.Subcommands.Add(c);
        return root;
    }

    /// <summary>Runs the tool; user errors print one clear message and exit 1, without a stack trace.</summary>
    public static int Main(string[] args)
    {
        try
        {
            var parse = BuildRoot().Parse(args);
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Unwrap(e) is WorkbenchException w)
        {
            Console.Error.WriteLine($"error: {w.Message}");
            return 1;
        }
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException!;
        return e;
    }
}
