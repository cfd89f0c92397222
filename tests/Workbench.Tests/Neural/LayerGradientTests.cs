using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

public class LayerGradientTests
{
    private static void CheckLayer(ILayer layer, int batch, float avoidBelow = 0f, float h = 1e-2f, int seed = 3)
    {
        var rng = new Rng(seed);
        var x = GradCheck.Random(rng, batch * layer.InputSize, 1f, avoidBelow);
        var c = GradCheck.Random(rng, batch * layer.OutputSize);
        var y = new float[batch * layer.OutputSize];
        double Loss()
        {
            layer.Forward(x, y, batch);
            return GradCheck.Dot(y, c);
        }
        Loss();
        foreach (var p in layer.Parameters) p.ZeroGrad();
        var dx = new float[x.Length];
        layer.Backward(x, y, c, dx, batch);
        GradCheck.Check("dx", Loss, x, dx, h);
        foreach (var p in layer.Parameters)
        {
            var g = p.Grad.ToArray();
            GradCheck.Check(p.Name, Loss, p.Value, g, h);
        }
    }

    [Fact]
    public void LinearGradients() => CheckLayer(new Linear(7, 5, new Rng(1)), batch: 4);

    [Fact]
    public void LinearGradientsAcrossKernelBlocks() => CheckLayer(new Linear(300, 19, new Rng(2)), batch: 13);

    [Theory]
    [InlineData(ActivationKind.ReLU)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Sigmoid)]
    public void ActivationGradients(ActivationKind kind) =>
        // Inputs at least 0.05 from the ReLU kink so x ± h never crosses it.
        CheckLayer(new Activation(kind, 6), batch: 5, avoidBelow: 0.05f, h: 1e-2f);

    [Fact]
    public void ReluHasZeroGradientBelowZero()
    {
        var act = new Activation(ActivationKind.ReLU, 3);
        float[] x = [-1f, 0f, 2f], y = new float[3], dx = new float[3];
        act.Forward(x, y, 1);
        act.Backward(x, y, [5f, 5f, 5f], dx, 1);
        Assert.Equal([0f, 0f, 2f], y);
        Assert.Equal([0f, 0f, 5f], dx);
    }

    [Fact]
    public void DuelingHeadGradients() => CheckLayer(new DuelingHead(6, 3, 8, new Rng(4)), batch: 5);

    private static void CheckNetwork(Sequential net, int batch, int seed, float h = 1e-2f, double rtol = 2e-2, double atol = 2e-4)
    {
        var rng = new Rng(seed);
        var x = GradCheck.Random(rng, batch * net.InputSize);
        var c = GradCheck.Random(rng, batch * net.OutputSize);
        double Loss() => GradCheck.Dot(net.Forward(x, batch), c);
        Loss();
        net.Parameters.ZeroGrad();
        var dx = new float[x.Length];
        net.Backward(x, c, dx);
        GradCheck.Check("dx", Loss, x, dx, h, rtol, atol);
        foreach (var p in net.Parameters) GradCheck.Check(p.Name, Loss, p.Value, p.Grad.ToArray(), h, rtol, atol);
    }

    [Fact]
    public void MlpGradients() => CheckNetwork(Sequential.Mlp(new Rng(5), 8, [5, 9, 7, 3], ActivationKind.Tanh), 4, seed: 6);

    [Fact]
    public void ReluMlpWithDuelingHeadGradients()
    {
        var rng = new Rng(7);
        var net = new Sequential(6, new Linear(4, 10, rng, "fc1"), new Activation(ActivationKind.ReLU, 10), new DuelingHead(10, 4, 6, rng));
        // Small h: ReLU kinks are crossed with probability ~ h.
        CheckNetwork(net, 6, seed: 8, h: 1e-3f, rtol: 3e-2, atol: 1e-3);
    }

    [Fact]
    public void ConcatForwardAndBackward()
    {
        // [1 2 | 3] and [4 5 | 6] rows: a = [[1,2],[4,5]], b = [[3],[6]].
        float[] a = [1, 2, 4, 5], b = [3, 6], y = new float[6];
        Concat.Forward(a, 2, b, 1, y, 2);
        Assert.Equal([1f, 2, 3, 4, 5, 6], y);
        float[] da = new float[4], db = new float[2];
        Concat.Backward([10f, 20, 30, 40, 50, 60], 2, 1, da, db, 2);
        Assert.Equal([10f, 20, 40, 50], da);
        Assert.Equal([30f, 60], db);
    }

    [Fact]
    public void ConcatGradientThroughLinear()
    {
        // L = c · Linear([a; b]) checked by finite differences on a and b.
        var rng = new Rng(8);
        var lin = new Linear(5, 3, rng);
        var a = GradCheck.Random(rng, 2 * 3);
        var b = GradCheck.Random(rng, 2 * 2);
        var c = GradCheck.Random(rng, 2 * 3);
        var x = new float[10];
        var y = new float[6];
        double Loss()
        {
            Concat.Forward(a, 3, b, 2, x, 2);
            lin.Forward(x, y, 2);
            return GradCheck.Dot(y, c);
        }
        Loss();
        var dx = new float[10];
        lin.Backward(x, y, c, dx, 2);
        float[] da = new float[6], db = new float[4];
        Concat.Backward(dx, 3, 2, da, db, 2);
        GradCheck.Check("da", Loss, a, da);
        GradCheck.Check("db", Loss, b, db);
    }

    [Fact]
    public void SequentialRejectsMismatchedLayers() =>
        Assert.Throws<ArgumentException>(() => new Sequential(4, new Linear(3, 4, new Rng(1)), new Linear(5, 2, new Rng(1))));

    [Fact]
    public void ForwardValidatesSpanLengths()
    {
        var lin = new Linear(3, 2, new Rng(1));
        Assert.Throws<ArgumentException>(() => lin.Forward(new float[5], new float[4], 2));
    }
}
