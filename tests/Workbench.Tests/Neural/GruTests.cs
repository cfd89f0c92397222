using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

public class GruTests
{
    [Fact]
    public void ZeroWeightsHalveTheState()
    {
        // W = 0, b = 0: r = z = σ(0) = 0.5, n = tanh(0 + 0.5·0) = 0, h' = 0.5·0 + 0.5·h. Two steps from h0 = [2, -4]:
        // [1, -2] then [0.5, -1].
        var gru = new Gru(3, 2, 1, 2, new Rng(1));
        foreach (var p in gru.Parameters) Array.Clear(p.Value);
        var y = gru.Forward(new float[6], 1, 2, [2f, -4f]).ToArray();
        Assert.Equal([1f, -2f, 0.5f, -1f], y);
    }

    [Fact]
    public void OneStepMatchesTheEquations()
    {
        // H = 1, I = 1: W_ih = [0.5, -1, 2], W_hh = [1, 0.5, -0.5], b = 0, x = 1, h = 0.4.
        // r = σ(0.5 + 0.4) = σ(0.9) = 0.7109495; z = σ(-1 + 0.2) = σ(-0.8) = 0.3100255;
        // n = tanh(2 + r·(-0.2)) = tanh(1.8578101) = 0.9524761; h' = (1 - z)·n + z·0.4 = 0.6571842 + 0.1240102 = 0.7811944.
        var gru = new Gru(1, 1, 1, 1, new Rng(1));
        foreach (var p in gru.Parameters) Array.Clear(p.Value);
        float[] wih = [0.5f, -1f, 2f], whh = [1f, 0.5f, -0.5f];
        wih.CopyTo(gru.WeightIH.Value, 0);
        whh.CopyTo(gru.WeightHH.Value, 0);
        var y = gru.Forward([1f], 1, 1, [0.4f]);
        Assert.Equal(0.7811944f, y[0], 5);
    }

    [Fact]
    public void BackpropagationThroughTimeMatchesFiniteDifferences()
    {
        const int batch = 3, steps = 10, input = 4, hidden = 5;
        var gru = new Gru(input, hidden, batch, steps, new Rng(2));
        var rng = new Rng(3);
        var x = GradCheck.Random(rng, batch * steps * input);
        var h0 = GradCheck.Random(rng, batch * hidden, 0.5f);
        var c = GradCheck.Random(rng, batch * steps * hidden); // the loss reads every step
        double Loss() => GradCheck.Dot(gru.Forward(x, batch, steps, h0), c);
        Loss();
        var dx = new float[x.Length];
        var dh0 = new float[h0.Length];
        gru.Backward(x, c, dx, dh0);
        GradCheck.Check("dx", Loss, x, dx, h: 1e-2f, atol: 1e-4);
        GradCheck.Check("dh0", Loss, h0, dh0, h: 1e-2f, atol: 1e-4);
        foreach (var p in gru.Parameters) GradCheck.Check(p.Name, Loss, p.Value, p.Grad.ToArray(), h: 1e-2f, atol: 1e-4, maxProbes: 80);
    }

    [Fact]
    public void GradientFromTheLastStepOnlyReachesTheFirstInput()
    {
        // Loss on h_T alone (the DDPG critic's use): dL/dx_0 must be nonzero through 9 recurrent steps, and match FD.
        const int steps = 10;
        var gru = new Gru(2, 3, 1, steps, new Rng(4));
        var rng = new Rng(5);
        var x = GradCheck.Random(rng, steps * 2);
        var c = new float[steps * 3];
        c[^3] = 1f; c[^2] = -2f; c[^1] = 0.5f;
        double Loss() => GradCheck.Dot(gru.Forward(x, 1, steps), c);
        Loss();
        var dx = new float[x.Length];
        gru.Backward(x, c, dx);
        Assert.True(Math.Abs(dx[0]) + Math.Abs(dx[1]) > 1e-6);
        GradCheck.Check("dx", Loss, x, dx, h: 1e-2f, atol: 1e-5);
    }

    [Fact]
    public void InitIsUniformOverOneOverSqrtHidden()
    {
        var gru = new Gru(30, 16, 1, 1, new Rng(6));
        foreach (var p in gru.Parameters) Assert.All(p.Value, v => Assert.InRange(v, -0.25f, 0.25f)); // 1/√16
        Assert.True(gru.WeightIH.Value.Max() > 0.24f);
    }
}
