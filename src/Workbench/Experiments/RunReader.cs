using System.Globalization;
using System.Text.Json;

namespace Workbench.Experiments;

/// <summary>One seed's files of a run directory, read back.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Tables">The metric tables, in the order they were written.</param>
/// <param name="Summary">The summary numbers.</param>
/// <param name="Notes">The notes.</param>
/// <param name="Datasets">The dataset checksums.</param>
public sealed record SeedData(int Seed, OrderedDictionary<string, MetricTable> Tables, OrderedDictionary<string, double> Summary,
    OrderedDictionary<string, string> Notes, OrderedDictionary<string, string> Datasets);

/// <summary>A run directory read back: its manifest, every seed's tables and summary, and the bands.</summary>
/// <param name="Directory">The run directory.</param>
/// <param name="Manifest">manifest.json.</param>
/// <param name="Seeds">The seeds' data, in the manifest's seed order.</param>
/// <param name="Bands">bands/*.csv (empty with one seed).</param>
public sealed record RunData(string Directory, RunManifest Manifest, IReadOnlyList<SeedData> Seeds, OrderedDictionary<string, MetricTable> Bands)
{
    /// <summary>Seed <paramref name="seed"/>'s data; a clear error listing the seeds when absent.</summary>
    public SeedData Seed(int seed) => Seeds.FirstOrDefault(s => s.Seed == seed)
        ?? throw new WorkbenchException($"{Directory}: no seed {seed}; seeds: {string.Join(",", Seeds.Select(s => s.Seed))}");
}

/// <summary>
/// Reads what <see cref="RunWriter"/> wrote, so figures are redrawn from files without retraining.
/// CSVs written by <see cref="RunWriter"/> read back to identical values (floats and integers
/// included, using the column kinds in the seed's summary.json), so writing them again gives the same bytes.
/// </summary>
public static class RunReader
{
    /// <summary>Reads a run directory; errors name the file (and line and column for CSVs).</summary>
    public static RunData Read(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath)) throw new WorkbenchException($"{manifestPath}: not found (not a run directory?)");
        RunManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(manifestPath), OptionsJson.Settings)
                       ?? throw new DataFormatException(manifestPath, 0, null, "empty manifest");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(manifestPath, (e.LineNumber ?? -1) + 1, null, e.Message, e);
        }
        var seeds = manifest.Seeds.Select(s => ReadSeed(Path.Combine(directory, RunWriter.SeedDirectoryName(s)), s)).ToList();
        var bands = new OrderedDictionary<string, MetricTable>(StringComparer.Ordinal);
        var bandDir = Path.Combine(directory, "bands");
        if (seeds.Count >= 2 && Directory.Exists(bandDir)) // a stale bands/ beside a one-seed run is ignored
            foreach (var name in seeds[0].Tables.Keys)
            {
                var p = Path.Combine(bandDir, name + ".csv");
                if (File.Exists(p)) bands[name] = ReadCsv(p);
            }
        return new RunData(directory, manifest, seeds, bands);
    }

    /// <summary>Reads one seed folder (seed-S/summary.json and its tables).</summary>
    public static SeedData ReadSeed(string seedDirectory, int seed)
    {
        var path = Path.Combine(seedDirectory, "summary.json");
        if (!File.Exists(path)) throw new RunFileMissingException(path);
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        var summary = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in Object(root, "summary", path).EnumerateObject()) summary[p.Name] = Number(p.Value, path, p.Name);
        var tables = new OrderedDictionary<string, MetricTable>(StringComparer.Ordinal);
        foreach (var t in Object(root, "tables", path).EnumerateObject())
        {
            var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
            foreach (var c in t.Value.EnumerateObject())
                kinds[c.Name] = Enum.TryParse<ColumnKind>(c.Value.GetString(), ignoreCase: true, out var k) ? k
                    : throw new DataFormatException(path, 0, c.Name, $"unknown column kind '{c.Value}'");
            tables[t.Name] = ReadCsv(Path.Combine(seedDirectory, t.Name + ".csv"), kinds);
        }
        return new SeedData(seed, tables, summary, Strings(root, "notes"), Strings(root, "datasets"));
    }

    /// <summary>
    /// Reads a CSV of numbers with a header row. Column kinds come from <paramref name="kinds"/>, else
    /// are inferred (all values integers: <see cref="ColumnKind.Integer"/>, otherwise <see cref="ColumnKind.Double"/>).
    /// A <see cref="ColumnKind.Float"/> column is parsed as float and widened, as written.
    /// </summary>
    public static MetricTable ReadCsv(string path, IReadOnlyDictionary<string, ColumnKind>? kinds = null)
    {
        if (!File.Exists(path)) throw new RunFileMissingException(path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new DataFormatException(path, 1, null, "empty file (expected a header row)");
        var header = lines[0].Split(',');
        var data = header.Select(_ => new List<double>()).ToArray();
        var inferInt = header.Select(_ => true).ToArray();
        for (var li = 1; li < lines.Length; li++)
        {
            if (lines[li].Length == 0 && li == lines.Length - 1) break;
            var cells = lines[li].Split(',');
            if (cells.Length != header.Length)
                throw new DataFormatException(path, li + 1, null, $"{cells.Length} values, the header has {header.Length} columns");
            for (var c = 0; c < cells.Length; c++)
            {
                var kind = kinds is not null && kinds.TryGetValue(header[c], out var k) ? k : ColumnKind.Double;
                double v;
                if (kind == ColumnKind.Float)
                    v = float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f
                        : throw new DataFormatException(path, li + 1, header[c], $"'{cells[c]}' is not a number");
                else
                    v = double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                        : throw new DataFormatException(path, li + 1, header[c], $"'{cells[c]}' is not a number");
                if (inferInt[c] && !(double.IsFinite(v) && v == Math.Floor(v) && !cells[c].Contains('.') && !cells[c].Contains('E') && !cells[c].Contains('e')))
                    inferInt[c] = false;
                data[c].Add(v);
            }
        }
        var table = new MetricTable(Path.GetFileNameWithoutExtension(path));
        for (var c = 0; c < header.Length; c++)
        {
            var kind = kinds is not null && kinds.TryGetValue(header[c], out var k) ? k : inferInt[c] ? ColumnKind.Integer : ColumnKind.Double;
            table.AddColumn(header[c], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(data[c]), kind);
        }
        return table;
    }

    /// <summary>Reads a run directory's top summary.json statistics: key -> (n, mean, std, ci low, ci high).</summary>
    public static OrderedDictionary<string, Evaluation.SummaryStatistic> ReadStatistics(string directory)
    {
        var path = Path.Combine(directory, "summary.json");
        using var doc = ParseJson(path);
        var result = new OrderedDictionary<string, Evaluation.SummaryStatistic>(StringComparer.Ordinal);
        foreach (var p in Object(doc.RootElement, "statistics", path).EnumerateObject())
        {
            var o = p.Value;
            result[p.Name] = new Evaluation.SummaryStatistic(o.GetProperty("n").GetInt32(), Number(o.GetProperty("mean"), path, p.Name),
                Number(o.GetProperty("std"), path, p.Name), Number(o.GetProperty("ci_low"), path, p.Name), Number(o.GetProperty("ci_high"), path, p.Name));
        }
        return result;
    }

    private static JsonDocument ParseJson(string path)
    {
        if (!File.Exists(path)) throw new RunFileMissingException(path);
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (e.LineNumber ?? -1) + 1, null, e.Message, e);
        }
    }

    private static JsonElement Object(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e
            : throw new DataFormatException(path, 0, null, $"missing object '{name}'");

    private static double Number(JsonElement e, string path, string key) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new DataFormatException(path, 0, key, $"'{e}' is not a number"),
    };

    private static OrderedDictionary<string, string> Strings(JsonElement root, string name)
    {
        var d = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject()) d[p.Name] = p.Value.GetString() ?? "";
        return d;
    }
}

/// <summary>A file a run directory lists (a seed's table, a band, the summary) is absent; <see cref="Path"/> names it.</summary>
public sealed class RunFileMissingException(string path) : WorkbenchException($"{path}: not found")
{
    /// <summary>The missing file.</summary>
    public string Path { get; } = path;
}
