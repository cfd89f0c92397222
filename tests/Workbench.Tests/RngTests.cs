using Workbench.Training;

namespace Workbench.Tests;

public class RngTests
{
    [Fact]
    public void SameSeedSameSequence()
    {
        var a = new Rng(42); var b = new Rng(42);
        for (var i = 0; i < 100; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void DerivedStreamsIgnoreDrawCountAndDiffer()
    {
        var root = new Rng(7);
        var env1 = root.Derive("env").NextUInt64();
        root.NextUInt64();
        Assert.Equal(env1, root.Derive("env").NextUInt64());
        Assert.NotEqual(env1, root.Derive("agent").NextUInt64());
    }

    [Fact]
    public void NextIntIsUniformEnough()
    {
        var r = new Rng(1); var counts = new int[10];
        for (var i = 0; i < 100_000; i++) counts[r.NextInt(10)]++;
        // Each bucket expects 10,000; 5 sigma = 5*sqrt(10000*0.9) ~ 474.
        Assert.All(counts, c => Assert.InRange(c, 9_526, 10_474));
    }

    [Fact]
    public void GaussianHasUnitMoments()
    {
        var r = new Rng(3); double s = 0, s2 = 0; const int n = 200_000;
        for (var i = 0; i < n; i++) { var g = r.NextGaussian(); s += g; s2 += g * g; }
        Assert.InRange(s / n, -0.01, 0.01);
        Assert.InRange(s2 / n, 0.98, 1.02);
    }
}
