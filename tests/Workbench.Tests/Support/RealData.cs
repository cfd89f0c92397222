namespace Workbench.Tests.Support;

/// <summary>
/// Locates the real data files (../shared/data layout) for tests. Tests that need them use
/// <c>[SkippableFact]</c> and call <see cref="Require"/>: when the file is missing they are skipped,
/// unless WORKBENCH_REQUIRE_DATA=1 (as in CI), where they fail.
/// </summary>
public static class RealData
{
    /// <summary>The data root: WORKBENCH_DATA, else the repository's data/ folder.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("WORKBENCH_DATA") is { Length: > 0 } env
            ? env
            : Path.Combine(RepoRoot, "data");

    /// <summary>The repository root (the folder holding Workbench.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Workbench.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Whether missing real data must fail the test rather than skip it.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("WORKBENCH_REQUIRE_DATA") == "1";

    /// <summary>Full path of a real data file relative to the data root, or skip / fail when absent.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        if (File.Exists(path)) return path;
        var msg = $"real data file missing: {path} (set WORKBENCH_DATA to the folder laid out like ../shared/data)";
        if (Required) throw new FileNotFoundException(msg, path);
        throw new Xunit.SkipException(msg);
    }
}
