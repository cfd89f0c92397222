using System.Collections.Immutable;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>
/// Seed 003's <c>track_ids.csv</c>: a header <c>track_id</c> and 114,000 Spotify track ids (89,741 distinct),
/// shuffled by the seed's unseeded <c>df.sample(frac=1)</c>. The action index of seed 003's DQN is a row of this list.
/// </summary>
public sealed class TrackIdList
{
    /// <summary>Wraps <paramref name="ids"/> (taken, not copied).</summary>
    public TrackIdList(DataProvenance provenance, string[] ids)
    {
        Provenance = provenance;
        Ids = ColumnArrays.Wrap(ids);
        DistinctCount = ids.Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Where the ids came from.</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the ids are synthetic.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>The ids in file order (114,000 on the real file).</summary>
    public ImmutableArray<string> Ids { get; }

    /// <summary>Number of ids.</summary>
    public int Count => Ids.Length;

    /// <summary>Number of distinct ids (89,741 on the real file).</summary>
    public int DistinctCount { get; }

    /// <summary>Loads the one-column CSV; an empty id is an error.</summary>
    public static TrackIdList Load(string path)
    {
        using var reader = Utf8CsvReader.Open(path);
        var h = CsvHeader.Read(reader, "track-ids");
        var c = h.Require("track_id");
        var ids = new List<string>();
        while (reader.Read())
        {
            h.CheckFieldCount();
            if (reader[c].IsEmpty) throw reader.Error("track_id", "empty track id");
            ids.Add(h.String(c));
        }
        if (ids.Count == 0) throw h.HeaderOnly();
        return new TrackIdList(DataProvenance.FromFile(path), [.. ids]);
    }
}
