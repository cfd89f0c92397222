using System.Globalization;

namespace Workbench.Simulation;

/// <summary>
/// The input vector of seed 000's Dueling DQN: StandardScaler of the numeric columns
/// (z = (x - mean) / std with the population std, ddof 0, and std 0 replaced by 1, as scikit-learn does), then one
/// one-hot block per categorical column (categories sorted: numerically when every value parses as a number,
/// else ordinally, as scikit-learn's OneHotEncoder and pandas' get_dummies order them). On the real file the
/// numerics are [Duration, Rank, BPM, Gain, danceability] and the categoricals [GenreID, ArtistID, TrackID,
/// ExplicitLyrics, ExplicitContentLyrics, ExplicitContentCover, track_genre]: 5 + 5 + 229 + 5,780 + 2 + 5 + 5 + 7
/// = 6,038 wide. Each row is kept sparse: its dense numerics plus one active column index per categorical.
/// </summary>
public sealed class DeezerInputEncoder
{
    private readonly float[] _numeric;   // rows x NumericCount, standardised
    private readonly int[] _active;      // rows x CategoricalCount, absolute column indices

    private DeezerInputEncoder(int rows, double[] means, double[] stds, IReadOnlyList<IReadOnlyList<string>> categories, float[] numeric, int[] active)
    {
        Rows = rows;
        Means = means;
        Stds = stds;
        Categories = categories;
        _numeric = numeric;
        _active = active;
        Width = means.Length + categories.Sum(c => c.Count);
    }

    /// <summary>Names of the seed's numeric columns, in input order.</summary>
    public static IReadOnlyList<string> SeedNumericColumns { get; } = ["Duration", "Rank", "BPM", "Gain", "danceability"];

    /// <summary>Names of the seed's one-hot columns, in input order.</summary>
    public static IReadOnlyList<string> SeedCategoricalColumns { get; } =
        ["GenreID", "ArtistID", "TrackID", "ExplicitLyrics", "ExplicitContentLyrics", "ExplicitContentCover", "track_genre"];

    /// <summary>Number of encoded rows.</summary>
    public int Rows { get; }

    /// <summary>Input width: numeric count + total number of categories.</summary>
    public int Width { get; }

    /// <summary>Number of numeric (standardised) columns; they occupy input columns [0, NumericCount).</summary>
    public int NumericCount => Means.Count;

    /// <summary>Number of one-hot blocks (one active column each per row).</summary>
    public int CategoricalCount => Categories.Count;

    /// <summary>Per numeric column: the mean used for standardising.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Per numeric column: the population standard deviation used (1 where it was 0).</summary>
    public IReadOnlyList<double> Stds { get; }

    /// <summary>Per categorical column: its sorted categories (block order of the one-hot part).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Categories { get; }

    /// <summary>All rows' standardised numerics, row-major (Rows x NumericCount).</summary>
    public ReadOnlySpan<float> NumericValues => _numeric;

    /// <summary>All rows' active one-hot column indices, row-major (Rows x CategoricalCount), each in [NumericCount, Width).</summary>
    public ReadOnlySpan<int> ActiveIndices => _active;

    /// <summary>The standardised numerics of <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Numeric(int row) => _numeric.AsSpan(row * NumericCount, NumericCount);

    /// <summary>The active one-hot columns of <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> Active(int row) => _active.AsSpan(row * CategoricalCount, CategoricalCount);

    /// <summary>Writes the dense input vector of <paramref name="row"/> (length <see cref="Width"/>): numerics, zeros, and ones at the active columns.</summary>
    public void EncodeDense(int row, Span<float> destination)
    {
        if (destination.Length != Width) throw new ArgumentException($"destination has length {destination.Length}, expected {Width}", nameof(destination));
        destination.Clear();
        Numeric(row).CopyTo(destination);
        foreach (var c in Active(row)) destination[c] = 1f;
    }

    /// <summary>Entries per encoded row: every numeric plus one active column per categorical.</summary>
    public int EntriesPerRow => NumericCount + CategoricalCount;

    /// <summary>
    /// Writes the sparse form of <paramref name="row"/>: columns [0, NumericCount) with the standardised values,
    /// then the active one-hot columns with value 1 (each span of length <see cref="EntriesPerRow"/>).
    /// </summary>
    public void SparseRow(int row, Span<int> columns, Span<float> values)
    {
        if (columns.Length != EntriesPerRow || values.Length != EntriesPerRow)
            throw new ArgumentException($"columns and values must have length {EntriesPerRow}");
        for (var j = 0; j < NumericCount; j++) columns[j] = j;
        Numeric(row).CopyTo(values);
        Active(row).CopyTo(columns[NumericCount..]);
        values[NumericCount..].Fill(1f);
    }

    /// <summary>Appends the sparse form of <paramref name="row"/> to a CSR batch under construction.</summary>
    public void AddTo(Neural.CsrBatchBuilder batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Span<int> c = stackalloc int[EntriesPerRow];
        Span<float> v = stackalloc float[EntriesPerRow];
        SparseRow(row, c, v);
        batch.AddRow(c, v);
    }

    /// <summary>
    /// Fits the scaler and the categories on all rows and encodes them. <paramref name="numericColumns"/> and
    /// <paramref name="categoricalColumns"/> hold one array per column, all of the same length.
    /// </summary>
    public static DeezerInputEncoder Fit(IReadOnlyList<float[]> numericColumns, IReadOnlyList<string[]> categoricalColumns)
    {
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(categoricalColumns);
        var rows = numericColumns.Count > 0 ? numericColumns[0].Length : categoricalColumns.Count > 0 ? categoricalColumns[0].Length : 0;
        if (rows == 0) throw new ArgumentException("no rows to encode");
        if (numericColumns.Any(c => c.Length != rows) || categoricalColumns.Any(c => c.Length != rows))
            throw new ArgumentException("all columns must have the same length");

        int nn = numericColumns.Count, nc = categoricalColumns.Count;
        var means = new double[nn];
        var stds = new double[nn];
        var numeric = new float[rows * nn];
        for (var j = 0; j < nn; j++)
        {
            var col = numericColumns[j];
            double sum = 0;
            foreach (var x in col) sum += x;
            var mean = sum / rows;
            double ss = 0;
            foreach (var x in col) ss += (x - mean) * (x - mean);
            var std = Math.Sqrt(ss / rows);
            if (std == 0) std = 1;
            means[j] = mean;
            stds[j] = std;
            for (var i = 0; i < rows; i++) numeric[i * nn + j] = (float)((col[i] - mean) / std);
        }

        var categories = new IReadOnlyList<string>[nc];
        var active = new int[rows * nc];
        var offset = nn;
        for (var j = 0; j < nc; j++)
        {
            var col = categoricalColumns[j];
            var distinct = col.Distinct(StringComparer.Ordinal).ToArray();
            var allNumeric = distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            var sorted = allNumeric
                ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ThenBy(v => v, StringComparer.Ordinal).ToArray()
                : distinct.OrderBy(v => v, StringComparer.Ordinal).ToArray();
            var index = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
            for (var k = 0; k < sorted.Length; k++) index[sorted[k]] = offset + k;
            for (var i = 0; i < rows; i++) active[i * nc + j] = index[col[i]];
            categories[j] = sorted;
            offset += sorted.Length;
        }
        return new DeezerInputEncoder(rows, means, stds, categories, numeric, active);
    }
}
