using System.CommandLine;
using Workbench.Cli;
using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

/// <summary>A registry holding the test experiments, and a runner for the train command over it.</summary>
public static class ExperimentTestSupport
{
    public static ExperimentRegistry Registry { get; } = new(typeof(BanditExperiment).Assembly);

    /// <summary>Runs <c>workbench train ARGS</c> against the test registry; returns the exit code, standard output and error.</summary>
    public static (int Code, string Out, string Err) Train(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var root = new RootCommand();
        root.Subcommands.Add(new TrainCommand(Registry, o, e).Build());
        var code = root.Parse(["train", .. args]).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>A fresh empty temporary folder, deleted on dispose.</summary>
    public static TempFolder TempDir() => new();
}

/// <summary>A fresh empty temporary folder, deleted with its content on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wb-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static implicit operator string(TempFolder f) => f.Path;

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (DirectoryNotFoundException) { }
    }
}
