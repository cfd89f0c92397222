namespace Workbench.Plotting;

/// <summary>
/// Finds plotly.min.js (npm package <c>plotly.js-dist-min</c>, version pinned in package-lock.json; never
/// a CDN). Search order: the <c>WORKBENCH_PLOTLY</c> environment variable (a file path); next to the
/// loaded Workbench.dll (the build copies it there); the application base directory; then
/// <c>node_modules/plotly.js-dist-min/plotly.min.js</c> in this folder or any parent.
/// </summary>
public static class PlotlyAsset
{
    /// <summary>The file name the build copies next to Workbench.dll and <see cref="Figure.SaveHtml"/> copies next to pages.</summary>
    public const string FileName = "plotly.min.js";

    private static string? _cachedScript;
    private static readonly Lock Gate = new();

    /// <summary>The full path of plotly.min.js.</summary>
    /// <exception cref="WorkbenchException">it is nowhere to be found (says how to install it).</exception>
    public static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("WORKBENCH_PLOTLY");
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (File.Exists(env)) return Path.GetFullPath(env);
            throw new WorkbenchException($"WORKBENCH_PLOTLY points to '{env}', which does not exist");
        }
        var candidates = new List<string>();
        var libDir = Path.GetDirectoryName(typeof(PlotlyAsset).Assembly.Location);
        if (!string.IsNullOrEmpty(libDir)) candidates.Add(Path.Combine(libDir, FileName));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        foreach (var c in candidates)
            if (File.Exists(c)) return c;
        foreach (var start in new[] { libDir, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "node_modules", "plotly.js-dist-min", FileName);
                if (File.Exists(p)) return p;
            }
        }
        throw new WorkbenchException(
            "plotly.min.js not found (next to Workbench.dll, or node_modules/plotly.js-dist-min in a parent folder): " +
            "run `npm ci` in the repository root and rebuild, or set WORKBENCH_PLOTLY to the file");
    }

    /// <summary>The contents of plotly.min.js (read once per process).</summary>
    public static string ReadScript()
    {
        lock (Gate)
        {
            return _cachedScript ??= File.ReadAllText(Locate());
        }
    }

    /// <summary>Copies plotly.min.js into <paramref name="directory"/> unless a file of the same size is already there.</summary>
    public static void CopyTo(string directory)
    {
        var source = Locate();
        var target = Path.Combine(directory, FileName);
        if (File.Exists(target) && new FileInfo(target).Length == new FileInfo(source).Length) return;
        IO.AtomicFile.Write(target, s =>
        {
            using var f = File.OpenRead(source);
            f.CopyTo(s);
        });
    }
}
