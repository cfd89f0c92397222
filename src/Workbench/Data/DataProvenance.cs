namespace Workbench.Data;

/// <summary>
/// Where a catalog's rows came from: a real file, or a seeded synthetic generator. Everything shown from
/// a catalog (tables, figures, reports) should print <see cref="Label"/> or <see cref="Source"/>, so
/// synthetic results are never mistaken for results on the real data.
/// </summary>
/// <param name="Source">Human-readable origin: the file path, or "SYNTHETIC ..." with the generator and seed.</param>
/// <param name="IsSynthetic">True when the rows were generated, not read from the real dataset.</param>
/// <param name="Path">The file that was read, or null for synthetic data.</param>
public sealed record DataProvenance(string Source, bool IsSynthetic, string? Path = null)
{
    /// <summary>Provenance of rows read from <paramref name="path"/>.</summary>
    public static DataProvenance FromFile(string path) => new(System.IO.Path.GetFullPath(path), false, System.IO.Path.GetFullPath(path));

    /// <summary>Provenance of rows made by <paramref name="generator"/> from <paramref name="seed"/>.</summary>
    public static DataProvenance Synthetic(string generator, ulong seed) =>
        new($"SYNTHETIC data ({generator}, seed {seed}), not the real dataset", true);

    /// <summary>"synthetic" or "real", for captions.</summary>
    public string Label => IsSynthetic ? "synthetic" : "real";
}
