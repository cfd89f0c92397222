using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

public class LossTests
{
    [Fact]
    public void MseValueAndGradient()
    {
        // d = [1, -2, 0.5]; L = (1 + 4 + 0.25) / 3 = 1.75; dL/dp = 2d/3 = [0.6667, -1.3333, 0.3333].
        var g = new float[3];
        var l = Losses.Mse([2f, -1f, 1.5f], [1f, 1f, 1f], g);
        Assert.Equal(1.75f, l, 6);
        Assert.Equal(2f / 3, g[0], 6);
        Assert.Equal(-4f / 3, g[1], 6);
        Assert.Equal(1f / 3, g[2], 6);
    }

    [Fact]
    public void HuberValueAndGradient()
    {
        // d = [0.5, -3, 1]: ℓ = [0.5·0.25 = 0.125, 3 - 0.5 = 2.5, 1 - 0.5 = 0.5] (|d| = β uses the linear branch);
        // L = 3.125 / 3 = 1.0416667; dL/dp = [0.5, -1, 1] / 3.
        var g = new float[3];
        var l = Losses.Huber([0.5f, -3f, 1f], [0f, 0f, 0f], g);
        Assert.Equal(3.125f / 3, l, 6);
        Assert.Equal(0.5f / 3, g[0], 6);
        Assert.Equal(-1f / 3, g[1], 6);
        Assert.Equal(1f / 3, g[2], 6);
    }

    [Theory]
    [InlineData(LossKind.Mse)]
    [InlineData(LossKind.Huber)]
    public void FiniteDifferences(LossKind kind)
    {
        var rng = new Rng(11);
        // Differences spread over both Huber branches, away from |d| = 1 by more than h.
        var p = new float[40];
        var t = new float[40];
        for (var i = 0; i < 40; i++)
        {
            t[i] = (float)rng.NextGaussian();
            float d;
            do d = (float)(rng.NextGaussian() * 2); while (Math.Abs(Math.Abs(d) - 1) < 0.05);
            p[i] = t[i] + d;
        }
        var g = new float[40];
        Losses.Compute(kind, p, t, g);
        GradCheck.Check(kind.ToString(), () => Losses.Compute(kind, p, t, default), p, g, h: 1e-2f, atol: 1e-5);
    }

    [Fact]
    public void SingleMatchesFullLossWithOneNonzeroDifference()
    {
        // 1,000 outputs, all equal to their target except one: the seed-001 loss.
        var p = new float[1000];
        var t = new float[1000];
        p[17] = 3f;
        t[17] = 1f;
        var g = new float[1000];
        var full = Losses.Mse(p, t, g);
        var single = Losses.Single(LossKind.Mse, 3f, 1f, 1000, out var g1);
        Assert.Equal(full, single, 6);     // 4 / 1000
        Assert.Equal(g[17], g1, 6);        // 2·2 / 1000
        Assert.Equal(0.004f, single, 6);
    }

    [Fact]
    public void RejectsMismatchedLengths() =>
        Assert.Throws<ArgumentException>(() => Losses.Mse([1f, 2f], [1f], default));
}
