using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Workbench.Experiments;

/// <summary>The machine a run ran on (for manifests).</summary>
/// <param name="Os">Operating system description.</param>
/// <param name="Cores">Logical processor count.</param>
/// <param name="CpuModel">CPU model from /proc/cpuinfo, or "unknown".</param>
/// <param name="DotNet">.NET runtime description.</param>
public sealed record MachineInfo(string Os, int Cores, string CpuModel, string DotNet)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current { get; } = new(RuntimeInformation.OSDescription, Environment.ProcessorCount, ReadCpuModel(), RuntimeInformation.FrameworkDescription);

    private static string ReadCpuModel()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return "unknown";
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var i and > 0)
                    return line[(i + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "unknown";
    }
}

/// <summary>
/// manifest.json of a run directory (DESIGN.md rule 1 and 9): what ran, with which options and seeds,
/// on which data (sha256), code (git commit) and machine, when and how long. The only file of a run
/// that holds wall-clock times.
/// </summary>
public sealed record RunManifest
{
    /// <summary>The experiment's name.</summary>
    public required string Experiment { get; init; }

    /// <summary>Faithful or corrected.</summary>
    public required RunMode Mode { get; init; }

    /// <summary>The options record's type name.</summary>
    public required string OptionsType { get; init; }

    /// <summary>The options as JSON (<see cref="OptionsJson"/>).</summary>
    public required JsonElement Options { get; init; }

    /// <summary>The seeds, in order.</summary>
    public required int[] Seeds { get; init; }

    /// <summary>SHA-256 of each dataset read, by name.</summary>
    public OrderedDictionary<string, string> Datasets { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The data directory given, or null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The git commit of the code (from .git/HEAD), or "unknown".</summary>
    public string GitCommit { get; init; } = "unknown";

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>Wall time of the whole run (all seeds).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Training wall time of each seed, in seed order.</summary>
    public double[] TrainingSeconds { get; init; } = [];

    /// <summary>The manifest of <paramref name="run"/> (datasets merged over seeds; git commit read from the working directory's repository).</summary>
    public static RunManifest From(MultiSeedResult run, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var datasets = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in run.Runs)
            foreach (var (k, v) in r.Result.Datasets)
                datasets.TryAdd(k, v);
        return new RunManifest
        {
            Experiment = run.Experiment.Name,
            Mode = run.Options.Mode,
            OptionsType = run.Options.GetType().Name,
            Options = OptionsJson.ToElement(run.Options),
            Seeds = run.Seeds.ToArray(),
            Datasets = datasets,
            DataDirectory = dataDirectory,
            GitCommit = GitInfo.ProcessCommit,
            Machine = MachineInfo.Current,
            StartTime = run.StartTime,
            WallSeconds = run.WallSeconds,
            TrainingSeconds = run.Runs.Select(r => r.TrainingSeconds).ToArray(),
        };
    }

    /// <summary>SHA-256 of a file, lower-case hex, streamed (for <see cref="ExperimentResult.Datasets"/>).</summary>
    public static string Sha256OfFile(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }
}

/// <summary>Reads the current git commit from .git without spawning git.</summary>
public static class GitInfo
{
    /// <summary>
    /// The commit HEAD pointed at when this process first asked (<see cref="Commit"/> with the default folders),
    /// so every run of one invocation records the code it was started with, even if a commit lands meanwhile.
    /// </summary>
    public static string ProcessCommit => LazyProcessCommit.Value;

    private static readonly Lazy<string> LazyProcessCommit = new(() => Commit());

    /// <summary>
    /// The commit of HEAD of the repository containing <paramref name="startDirectory"/> (default: the
    /// working directory, then the application's folder): follows .git files of worktrees, symbolic
    /// refs, commondir and packed-refs. "unknown" when none is found.
    /// </summary>
    public static string Commit(string? startDirectory = null)
    {
        foreach (var start in startDirectory is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : new[] { startDirectory })
        {
            try
            {
                var c = FromDirectory(start);
                if (c is not null) return c;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return "unknown";
    }

    private static string? FromDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            string gitDir;
            if (Directory.Exists(dotGit)) gitDir = dotGit;
            else if (File.Exists(dotGit))
            {
                var text = File.ReadAllText(dotGit).Trim();
                if (!text.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                gitDir = Path.GetFullPath(text["gitdir:".Length..].Trim(), dir.FullName);
            }
            else continue;
            return Resolve(gitDir);
        }
        return null;
    }

    private static string? Resolve(string gitDir)
    {
        var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal)) return IsSha(head) ? head : null;
        var name = head[4..].Trim();
        var common = gitDir;
        var commonFile = Path.Combine(gitDir, "commondir");
        if (File.Exists(commonFile)) common = Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDir);
        foreach (var d in new[] { gitDir, common })
        {
            var f = Path.Combine(d, name);
            if (File.Exists(f) && File.ReadAllText(f).Trim() is var sha && IsSha(sha)) return sha;
        }
        var packed = Path.Combine(common, "packed-refs");
        if (File.Exists(packed))
            foreach (var line in File.ReadLines(packed))
                if (line.EndsWith(" " + name, StringComparison.Ordinal) && IsSha(line[..line.IndexOf(' ')])) return line[..line.IndexOf(' ')];
        return null;
    }

    private static bool IsSha(string s) => s.Length is 40 or 64 && s.All(Uri.IsHexDigit);
}
