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
    public static (string Code, IReadOnlyList<string> References) Prepare(string source, string notebookDirectory, string where)
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
                references.Add(full);
                line = "#r \"" + full.Replace("\\", "\\\\") + "\"";
            }
            sb.Append(line);
            if (i < lines.Length - 1) sb.Append('\n');
        }
        return (sb.ToString(), references);
    }
}

/// <summary>A cell that cannot be run headless (unsupported magic, language or reference).</summary>
internal sealed class NotebookPreparationException(string message) : Exception(message);
