namespace Workbench.Replay;

/// <summary>
/// A binary sum tree over <see cref="Capacity"/> non-negative leaf values with O(log n) update,
/// total, minimum and prefix-sum search, the index structure of proportional prioritized replay
/// (Schaul et al. 2016, "Prioritized Experience Replay", appendix B.2.1). Parents are recomputed from
/// their children on every update (no accumulated drift). Leaves never set count 0 in the sum and
/// are ignored by <see cref="Min"/>.
/// </summary>
public sealed class SumTree
{
    private readonly int _leaves;
    private readonly double[] _sum;
    private readonly double[] _min;

    /// <summary>Creates a tree of <paramref name="capacity"/> leaves, all unset.</summary>
    public SumTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _leaves = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _sum = new double[2 * _leaves];
        _min = new double[2 * _leaves];
        _min.AsSpan().Fill(double.PositiveInfinity);
    }

    /// <summary>Number of leaves.</summary>
    public int Capacity { get; }

    /// <summary>Sum of all leaf values.</summary>
    public double Total => _sum[1];

    /// <summary>Minimum over the leaves that were set (+infinity when none).</summary>
    public double Min => _min[1];

    /// <summary>Leaf <paramref name="index"/>'s value (0 when unset).</summary>
    public double this[int index] => _sum[_leaves + Check(index)];

    /// <summary>Sets leaf <paramref name="index"/> to <paramref name="value"/> (finite, &gt;= 0).</summary>
    public void Set(int index, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "priorities must be finite and >= 0");
        var i = _leaves + Check(index);
        _sum[i] = value;
        _min[i] = value;
        for (i >>= 1; i >= 1; i >>= 1)
        {
            _sum[i] = _sum[2 * i] + _sum[2 * i + 1];
            _min[i] = Math.Min(_min[2 * i], _min[2 * i + 1]);
        }
    }

    /// <summary>
    /// The leaf i whose cumulative range [sum of leaves before i, that plus leaf i) contains
    /// <paramref name="mass"/> in [0, <see cref="Total"/>): sampling with mass ~ U(0, Total) draws leaf i
    /// with probability value_i / Total. Rounding at the top end is resolved to the last positive leaf.
    /// </summary>
    public int Find(double mass)
    {
        if (!(Total > 0)) throw new InvalidOperationException("the tree's total is 0");
        var i = 1;
        while (i < _leaves)
        {
            var left = 2 * i;
            if (mass < _sum[left]) i = left;
            else
            {
                mass -= _sum[left];
                i = left + 1;
            }
        }
        var leaf = i - _leaves;
        // Rounding can walk past the last positive leaf; step back to it.
        while (leaf > 0 && (leaf >= Capacity || _sum[_leaves + leaf] <= 0)) leaf--;
        return leaf;
    }

    private int Check(int index) =>
        (uint)index < (uint)Capacity ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"tree has {Capacity} leaves");
}
