using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Workbench.Data;

/// <summary>Helpers for building immutable struct-of-arrays columns without copying.</summary>
internal static class ColumnArrays
{
    /// <summary>Wraps <paramref name="array"/> as an immutable array (no copy: the caller gives it up).</summary>
    public static ImmutableArray<T> Wrap<T>(T[] array) => ImmutableCollectionsMarshal.AsImmutableArray(array);

    /// <summary>Throws unless every length equals <paramref name="n"/>.</summary>
    public static void CheckLengths(int n, params int[] lengths)
    {
        foreach (var l in lengths)
            if (l != n) throw new ArgumentException($"all columns must have the same length ({n}); one has {l}");
    }

    /// <summary>Interns <paramref name="value"/> in <paramref name="pool"/> (for low-cardinality string columns).</summary>
    public static string Intern(Dictionary<string, string> pool, string value)
    {
        if (pool.TryGetValue(value, out var s)) return s;
        pool[value] = value;
        return value;
    }
}
