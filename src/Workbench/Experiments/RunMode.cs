namespace Workbench.Experiments;

/// <summary>Which computation an experiment runs (see SEEDS.md).</summary>
public enum RunMode
{
    /// <summary>The seed's computation, quirks included, so its published figures can be reproduced.</summary>
    Faithful,

    /// <summary>The same idea with the seed's bugs fixed, so the comparison means something.</summary>
    Corrected,
}
