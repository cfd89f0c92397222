using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Notebooks;

/// <summary>
/// Prepares a cell's source for the scripting engine, line by line (line numbers are kept, so compiler
/// diagnostics point at the cell's own lines): <c>#!csharp</c> / <c>#!c#</c> lines are blanked; other
/// <c>#!</c> magics, <c>#r "nuget:..."</c> and <c>#i</c> are rejected with a message naming the cell;
/// <c>#r "path"</c> is rewritten to an absolute path resolved against the notebook's folder, and the
/// file must exist.
/// </summary>
internal static partial class CellPreprocessor
{
    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex ReferenceLine();

    /// <summary>The cell text ready to compile, and the absolute paths it references.</summary>
    /// <param name="source">The cell's text.</param>
    /// <param name="notebookDirectory">Folder relative <c>#r</c> paths resolve against.</param>
    /// <param name="where">How messages name the cell.</param>
    /// <param name="mapReference">Maps a resolved absolute reference to the file actually compiled against (see <see cref="HostAssemblies"/>).</param>
    public static (string Code, IReadOnlyList<string> References) Prepare(string source, string notebookDirectory, string where, Func<string, string>? mapReference = null)
    {
        var sb = new StringBuilder(source.Length + 64);
        var references = new List<string>();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var t = line.TrimStart();
            if (t.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = t.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
                if (magic is not ("#!csharp" or "#!c#"))
                    throw new NotebookPreparationException($"{where}, line {i + 1}: the magic command '{magic}' is not supported by the headless runner (only #!csharp); use plain C# and the Workbench library instead");
                line = "";
            }
            else if (t.StartsWith("#i ", StringComparison.Ordinal) || t == "#i")
            {
                throw new NotebookPreparationException($"{where}, line {i + 1}: '#i' (package sources) is not supported by the headless runner");
            }
            else if (t.StartsWith("#r", StringComparison.Ordinal))
            {
                var m = ReferenceLine().Match(line);
                if (!m.Success)
                    throw new NotebookPreparationException($"{where}, line {i + 1}: cannot read the reference '{t}': write #r \"relative/path/to/Assembly.dll\"");
                var path = m.Groups["path"].Value;
                if (path.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                    throw new NotebookPreparationException($"{where}, line {i + 1}: #r \"{path}\" is not supported: NuGet packages are not restored headless; reference the built library instead (#r \"../src/Workbench/bin/Release/net10.0/Workbench.dll\", after `dotnet build -c Release`)");
                var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(notebookDirectory, path));
                if (!File.Exists(full))
                    throw new NotebookPreparationException($"{where}, line {i + 1}: #r \"{path}\": {full} does not exist (build the solution first: dotnet build -c Release)");
                var used = mapReference?.Invoke(full) ?? full;
                references.Add(used);
                line = "#r \"" + used.Replace("\\", "\\\\") + "\"";
            }
            sb.Append(line);
            if (i < lines.Length - 1) sb.Append('\n');
        }
        return (sb.ToString(), references);
    }
}

/// <summary>
/// Assemblies the runner's own process already loaded (Workbench.dll when the runner is the CLI or the
/// tests). The scripting engine binds a submission's references by identity to those loaded copies, so
/// a notebook's <c>#r ".../Workbench.dll"</c> is compiled against the loaded copy too (compile and run
/// then agree); when the referenced file is a different build (another module version id) the cell
/// prints a note asking to rebuild.
/// </summary>
internal static class HostAssemblies
{
    /// <summary>The path to compile against for <paramref name="path"/>, and a note when it differs from the loaded build.</summary>
    public static (string Path, string? Note) Map(string path)
    {
        System.Reflection.AssemblyName name;
        try { name = System.Reflection.AssemblyName.GetAssemblyName(path); }
        catch (BadImageFormatException) { return (path, null); }
        var loaded = System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a =>
            !a.IsDynamic && !string.IsNullOrEmpty(a.Location) &&
            string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase));
        if (loaded is null || string.Equals(Path.GetFullPath(loaded.Location), path, StringComparison.Ordinal)) return (path, null);
        var note = ModuleVersionId(path) == loaded.ManifestModule.ModuleVersionId ? null :
            $"note: {path} is a different build from the {name.Name} the runner has loaded ({loaded.Location}); " +
            $"the cells run against the loaded one. Rebuild both: dotnet build -c Release";
        return (loaded.Location, note);
    }

    private static Guid ModuleVersionId(string path)
    {
        using var s = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(s);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.GetGuid(md.GetModuleDefinition().Mvid);
    }
}

/// <summary>A cell that cannot be run headless (unsupported magic, language or reference).</summary>
internal sealed class NotebookPreparationException(string message) : Exception(message);
