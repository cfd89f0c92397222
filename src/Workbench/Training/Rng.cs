using System.Numerics;
using System.Runtime.CompilerServices;

namespace Workbench.Training;

/// <summary>
/// A small, fast, seedable pseudo-random generator (xoshiro256**, Blackman and Vigna 2018) with named
/// sub-streams. There is no ambient randomness in Workbench: every stochastic component takes its own
/// <see cref="Rng"/>, derived from one root seed with <see cref="Derive(string)"/>, so the same seed on
/// the same machine gives identical results (Dopamine's rule, not RecSim's global <c>np.random</c>).
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator from a 64-bit seed (expanded with SplitMix64).</summary>
    public Rng(ulong seed)
    {
        Seed = seed;
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Creates a generator from an integer seed.</summary>
    public Rng(int seed) : this(unchecked((ulong)seed)) { }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// A child generator for a named stream ("env", "agent/explore", "replay"...). The child depends only
    /// on this generator's seed and the name, not on how many numbers were drawn, so adding a stream
    /// never shifts another one.
    /// </summary>
    public Rng Derive(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // FNV-1a over the name's UTF-16 code units, mixed with the seed.
        ulong h = 14695981039346656037UL;
        foreach (var c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        var x = Seed ^ h;
        return new Rng(SplitMix64(ref x));
    }

    /// <summary>A child generator for an indexed stream (for example seed <paramref name="index"/> of a multi-seed run).</summary>
    public Rng Derive(string name, int index) => Derive(name + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be positive");
        ulong range = (ulong)n;
        ulong x = NextUInt64() >> 32;
        ulong m = x * range;
        ulong l = m & 0xFFFFFFFFUL;
        if (l < range)
        {
            ulong t = (0x1_0000_0000UL - range) % range;
            while (l < t)
            {
                x = NextUInt64() >> 32;
                m = x * range;
                l = m & 0xFFFFFFFFUL;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform float in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    public float NextSingle(float lo, float hi) => lo + (hi - lo) * NextSingle();

    /// <summary>A standard normal variate (Marsaglia's polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Writes <paramref name="destination"/>.Length distinct indices from [0, n), uniformly (partial Fisher-Yates over a scratch span of length n).</summary>
    public void SampleWithoutReplacement(int n, Span<int> destination, Span<int> scratch)
    {
        if (destination.Length > n) throw new ArgumentException($"cannot draw {destination.Length} distinct values from {n}");
        if (scratch.Length < n) throw new ArgumentException("scratch must hold n ints", nameof(scratch));
        for (var i = 0; i < n; i++) scratch[i] = i;
        for (var i = 0; i < destination.Length; i++)
        {
            var j = i + NextInt(n - i);
            (scratch[i], scratch[j]) = (scratch[j], scratch[i]);
            destination[i] = scratch[i];
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
