using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.IO;

namespace Workbench.Experiments;

/// <summary>
/// Writes a run directory (DESIGN.md rules 9 and 10), every file atomically:
/// <code>
/// DIR/manifest.json            options, seeds, dataset sha256, git commit, machine, start time, wall seconds
/// DIR/summary.json             per summary key: n, mean, std, 95% CI; the per-seed values; notes
/// DIR/seed-S/TABLE.csv         one CSV per metric table of seed S (invariant culture, round-trippable numbers)
/// DIR/seed-S/summary.json      seed S's summary, notes, datasets and column kinds
/// DIR/bands/TABLE.csv          with 2 or more seeds: pointwise mean, std and 95% band per column
/// </code>
/// Only manifest.json holds times, so the same seeds give byte-identical CSVs and summaries.
/// <see cref="RunReader"/> loads it back, so figures are redrawn without retraining.
/// </summary>
public static class RunWriter
{
    /// <summary>Writes the whole run directory for <paramref name="run"/>.</summary>
    public static void Write(string directory, MultiSeedResult run, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(directory);
        foreach (var r in run.Runs)
        {
            var seedDir = Path.Combine(directory, SeedDirectoryName(r.Seed));
            foreach (var t in r.Result.Tables.Values) WriteCsv(Path.Combine(seedDir, t.Name + ".csv"), t);
            AtomicFile.WriteAllText(Path.Combine(seedDir, "summary.json"), SeedSummaryJson(r));
        }
        if (run.Runs.Count >= 2)
            foreach (var t in run.Statistics.Bands.Values) WriteCsv(Path.Combine(directory, "bands", t.Name + ".csv"), t);
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), SummaryJson(run));
        AtomicFile.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(RunManifest.From(run, dataDirectory), OptionsJson.Settings) + "\n");
    }

    /// <summary>The folder name of seed <paramref name="seed"/>'s files: "seed-S".</summary>
    public static string SeedDirectoryName(int seed) => "seed-" + seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes one table as CSV, atomically.</summary>
    public static void WriteCsv(string path, MetricTable table) => AtomicFile.WriteAllText(path, ToCsv(table));

    /// <summary>A table as CSV text: a header of column names, then one line per row, '\n' line ends, invariant culture (see <see cref="MetricColumn.Format"/>).</summary>
    public static string ToCsv(MetricTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.RowCount;
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(c => c.Name)).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(table.Columns[c].Format(r));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The CLI's <c>--json</c> summary, flat: experiment, mode, seeds, episodes, updates, seconds (mean
    /// training wall time per seed), wall_seconds, then every summary key (the mean over seeds), then
    /// "ci95" (key -> [low, high]) with 2 or more seeds, and the first seed's notes.
    /// </summary>
    public static string JsonSummary(MultiSeedResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Json(w =>
        {
            w.WriteString("experiment", run.Experiment.Name);
            w.WriteString("mode", JsonNamingPolicy.SnakeCaseLower.ConvertName(run.Options.Mode.ToString()));
            WriteInts(w, "seeds", run.Seeds);
            var stats = run.Statistics.Summary;
            if (!stats.ContainsKey("episodes")) WriteNumber(w, "episodes", run.Options.Episodes);
            WriteNumber(w, "seconds", run.Runs.Average(r => r.TrainingSeconds));
            WriteNumber(w, "wall_seconds", run.WallSeconds);
            foreach (var (k, s) in stats) WriteNumber(w, k, s.Mean);
            if (run.Runs.Count >= 2)
            {
                w.WriteStartObject("ci95");
                foreach (var (k, s) in stats)
                {
                    w.WriteStartArray(k);
                    WriteNumber(w, null, s.CiLow);
                    WriteNumber(w, null, s.CiHigh);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            WriteStrings(w, "notes", run.Runs[0].Result.Notes);
        });
    }

    /// <summary>The run directory's top summary.json text (no times).</summary>
    public static string SummaryJson(MultiSeedResult run) => Json(w =>
    {
        w.WriteString("experiment", run.Experiment.Name);
        w.WriteString("mode", JsonNamingPolicy.SnakeCaseLower.ConvertName(run.Options.Mode.ToString()));
        WriteInts(w, "seeds", run.Seeds);
        w.WriteStartObject("statistics");
        foreach (var (k, s) in run.Statistics.Summary)
        {
            w.WriteStartObject(k);
            w.WriteNumber("n", s.N);
            WriteNumber(w, "mean", s.Mean);
            WriteNumber(w, "std", s.Std);
            WriteNumber(w, "ci_low", s.CiLow);
            WriteNumber(w, "ci_high", s.CiHigh);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("per_seed");
        foreach (var k in run.Statistics.Summary.Keys)
        {
            w.WriteStartArray(k);
            foreach (var r in run.Runs) WriteNumber(w, null, r.Result.Summary[k]);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        WriteStrings(w, "notes", run.Runs[0].Result.Notes);
    });

    /// <summary>A seed folder's summary.json text: seed, summary, notes, datasets and each table's column kinds.</summary>
    public static string SeedSummaryJson(SeedRun run) => Json(w =>
    {
        w.WriteNumber("seed", run.Seed);
        w.WriteStartObject("summary");
        foreach (var (k, v) in run.Result.Summary) WriteNumber(w, k, v);
        w.WriteEndObject();
        WriteStrings(w, "notes", run.Result.Notes);
        WriteStrings(w, "datasets", run.Result.Datasets);
        w.WriteStartObject("tables");
        foreach (var t in run.Result.Tables.Values)
        {
            w.WriteStartObject(t.Name);
            foreach (var c in t.Columns) w.WriteString(c.Name, JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Kind.ToString()));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    /// <summary>Writes <paramref name="run"/>'s <see cref="JsonSummary"/> to <paramref name="path"/>, atomically.</summary>
    public static void WriteJsonSummary(string path, MultiSeedResult run) => AtomicFile.WriteAllText(path, JsonSummary(run));

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Writes a number; NaN and infinities as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).</summary>
    private static void WriteNumber(Utf8JsonWriter w, string? name, double v)
    {
        if (name is not null) w.WritePropertyName(name);
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) w.WriteString(k, v);
        w.WriteEndObject();
    }
}
