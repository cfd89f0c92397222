namespace Workbench.Experiments.Reproduction;

/// <summary>
/// The reproduction plan of the five seed projects: which experiments <c>workbench reproduce</c> runs, in
/// which modes and budgets, and which figures it draws from them. Each entry names the seed's
/// experiment; the quick overrides keep <c>reproduce --quick</c> within a few minutes.
/// </summary>
public static class ReproductionCatalog
{
    /// <summary>The default plan over every seed experiment.</summary>
    public static ReproductionPlan Default { get; } = Build();

    private static ReproductionPlan Build()
    {
        var plan = new ReproductionPlan();
        return plan;
    }
}
