namespace Workbench.Evaluation;

/// <summary>
/// Counts of a binary classifier against labels (positive = "like", "skip"...), with precision
/// TP / (TP + FP), recall TP / (TP + FN), accuracy and F1. A ratio with a zero denominator is NaN.
/// </summary>
/// <param name="TruePositives">Predicted positive, actually positive.</param>
/// <param name="FalsePositives">Predicted positive, actually negative.</param>
/// <param name="FalseNegatives">Predicted negative, actually positive.</param>
/// <param name="TrueNegatives">Predicted negative, actually negative.</param>
public readonly record struct BinaryConfusion(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>Counts <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    public static BinaryConfusion Of(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> actual)
    {
        if (predicted.Length != actual.Length) throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} labels");
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            if (predicted[i]) { if (actual[i]) tp++; else fp++; }
            else if (actual[i]) fn++;
            else tn++;
        }
        return new BinaryConfusion(tp, fp, fn, tn);
    }

    /// <summary>All counts.</summary>
    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>TP / (TP + FP): of the predicted positives, the fraction that are positive.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): of the actual positives, the fraction predicted positive.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>(TP + TN) / total.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>2 P R / (P + R).</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Adds two sets of counts (pooling users or sessions).</summary>
    public static BinaryConfusion operator +(BinaryConfusion a, BinaryConfusion b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives, a.TrueNegatives + b.TrueNegatives);

    private static double Ratio(int num, int den) => den == 0 ? double.NaN : (double)num / den;
}
