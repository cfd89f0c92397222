using Workbench.Experiments;

namespace Workbench.Plotting;

/// <summary>
/// Figures drawn from run files (<see cref="MetricTable"/>): a column against another, the mean and 95%
/// band over seeds of a band table (<see cref="Evaluation.SeedStatistics.Band"/>: columns
/// <c>C_mean</c>, <c>C_lo</c>, <c>C_hi</c>), and the seeds' published curve style: raw series, moving
/// average, least-squares trend and mean line.
/// </summary>
public static class MetricFigures
{
    /// <summary>The values of column <paramref name="name"/> (a clear error naming the table's columns when it is missing).</summary>
    public static double[] Column(MetricTable table, string name)
    {
        if (!table.HasColumn(name))
            throw new WorkbenchException($"table '{table.Name}' has no column '{name}'; it has: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        return table[name].Values.ToArray();
    }

    /// <summary>A line of column <paramref name="y"/> against column <paramref name="x"/>.</summary>
    public static LineTrace Line(MetricTable table, string x, string y, string? name = null) =>
        new(Column(table, x), Column(table, y)) { Name = name ?? y };

    /// <summary>
    /// The band of <paramref name="column"/> over seeds from a band table: mean line <c>column_mean</c>,
    /// shaded between <c>column_lo</c> and <c>column_hi</c> (the Student-t interval of the mean).
    /// </summary>
    public static BandTrace Band(MetricTable band, string x, string column, string? name = null) =>
        new(Column(band, x), Column(band, column + "_lo"), Column(band, column + "_hi"), Column(band, column + "_mean"))
        {
            Name = name ?? $"{column} (mean, 95% band)",
        };

    /// <summary>
    /// The seeds' loss-plot style (seed 000's <c>loss_q.png</c>, <c>loss_dqn.png</c>): the raw series
    /// (faint), its trailing moving average over <paramref name="window"/> points, the least-squares line
    /// of the raw series (<see cref="SeriesMath.LinearTrend(ReadOnlySpan{double}, ReadOnlySpan{double})"/>)
    /// and a horizontal line at its mean. Long series are decimated for display (<see cref="Figure.MaxPointsPerTrace"/>).
    /// </summary>
    public static Figure SmoothedWithTrend(string title, IReadOnlyList<double> x, IReadOnlyList<double> y, int window,
        string xLabel, string yLabel)
    {
        var xs = x as double[] ?? x.ToArray();
        var ys = y as double[] ?? y.ToArray();
        if (xs.Length != ys.Length) throw new ArgumentException($"x has {xs.Length} points, y has {ys.Length}");
        var fit = SeriesMath.LinearTrend(xs, ys);
        var finite = ys.Where(double.IsFinite).ToArray();
        double mean = finite.Length > 0 ? finite.Average() : double.NaN;
        double x0 = xs.Where(double.IsFinite).Min(), x1 = xs.Where(double.IsFinite).Max();
        return new Figure(title) { ShowLegend = true }
            .Add(new LineTrace(xs, ys) { Name = yLabel, Color = "rgba(31,119,180,0.3)", Width = 1 })
            .Add(new LineTrace(xs, SeriesMath.MovingAverage(ys, window)) { Name = $"{window}-point moving average", Color = Trace.Palette[0] })
            .Add(new LineTrace([x0, x1], [fit.At(x0), fit.At(x1)])
            {
                Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"linear fit (slope {fit.Slope:G3})"),
                Color = Trace.Palette[3],
                Dash = "dash",
            })
            .Add(new LineTrace([x0, x1], [mean, mean])
            {
                Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mean {mean:G4}"),
                Color = Trace.Palette[2],
                Dash = "dot",
            })
            .Axes(xLabel, yLabel);
    }
}
