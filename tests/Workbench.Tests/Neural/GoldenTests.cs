using System.Text.Json;
using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

/// <summary>
/// Numbers computed once with PyTorch 1.13 (Debian python3-torch) by golden/make_golden.py, committed as
/// golden/golden.json. Inputs are closed-form: value(i, scale, phase) = scale·sin(0.37 i + phase).
/// </summary>
public class GoldenTests
{
    private static readonly Lazy<JsonElement> Golden = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "Workbench.Tests", "Neural", "golden", "golden.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "tests", "Workbench.Tests", "Neural", "golden", "golden.json"))).RootElement;
    });

    private static float[] Val(int n, double scale, double phase) => Enumerable.Range(0, n).Select(i => (float)(scale * Math.Sin(0.37 * i + phase))).ToArray();

    private static float[] Arr(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    private static void Close(float[] expected, ReadOnlySpan<float> actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol + rtol * Math.Abs(expected[i]), $"{what}[{i}]: torch {expected[i]:G9}, ours {actual[i]:G9}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void AdamMatchesTorch(double wd)
    {
        var steps = Golden.Value.GetProperty(wd == 0 ? "adam_wd0.0" : "adam_wd0.1");
        var p = new Parameter("p", 1, 7);
        Val(7, 0.5, 0.3).CopyTo(p.Value, 0);
        var adam = new Adam(new ParameterSet([p]), new AdamOptions { LearningRate = 1e-2, WeightDecay = wd });
        for (var s = 0; s < 3; s++)
        {
            Val(7, 0.2 * (s + 1), 1.1 * s).CopyTo(p.Grad, 0);
            adam.Step();
            var g = steps[s];
            // torch fuses some multiply-adds (vectorised fmadd), so agreement is to a few ulps, not bits.
            Close(Arr(g.GetProperty("m")), adam.FirstMoment(0), 1e-6, 1e-9, $"m step {s + 1}");
            Close(Arr(g.GetProperty("v")), adam.SecondMoment(0), 1e-6, 1e-12, $"v step {s + 1}");
            Close(Arr(g.GetProperty("w")), p.Value, 1e-6, 1e-7, $"w step {s + 1}");
        }
    }

    [Fact]
    public void LossesMatchTorch()
    {
        var pred = Val(9, 2.0, 0.0);
        var target = Val(9, 1.0, 0.7);
        var g = new float[9];
        var mse = Golden.Value.GetProperty("mse");
        Assert.Equal(mse.GetProperty("loss").GetDouble(), Losses.Mse(pred, target, g), 5);
        Close(Arr(mse.GetProperty("grad")), g, 1e-6, 1e-7, "mse grad");
        var huber = Golden.Value.GetProperty("huber");
        Assert.Equal(huber.GetProperty("loss").GetDouble(), Losses.Huber(pred, target, g), 5);
        Close(Arr(huber.GetProperty("grad")), g, 1e-6, 1e-7, "huber grad");
    }

    [Fact]
    public void ClippingMatchesTorch()
    {
        var a = new Parameter("a", 1, 4);
        var b = new Parameter("b", 1, 3);
        Val(4, 3.0, 0.2).CopyTo(a.Grad, 0);
        Val(3, 2.0, 0.9).CopyTo(b.Grad, 0);
        var clip = Golden.Value.GetProperty("clip");
        var norm = GradientClipping.ClipByNorm(new ParameterSet([a, b]), 1.5);
        Assert.Equal(clip.GetProperty("norm").GetDouble(), norm, 5);
        Close(Arr(clip.GetProperty("a")), a.Grad, 1e-6, 1e-7, "a");
        Close(Arr(clip.GetProperty("b")), b.Grad, 1e-6, 1e-7, "b");
    }

    [Fact]
    public void GruMatchesTorch()
    {
        var gru = new Gru(4, 5, 2, 3, new Rng(1));
        Val(60, 0.4, 0.1).CopyTo(gru.WeightIH.Value, 0);
        Val(75, 0.4, 0.5).CopyTo(gru.WeightHH.Value, 0);
        Val(15, 0.3, 0.9).CopyTo(gru.BiasIH.Value, 0);
        Val(15, 0.3, 1.3).CopyTo(gru.BiasHH.Value, 0);
        var x = Val(24, 1.0, 0.2);
        var h0 = Val(10, 0.5, 0.4);
        var c = Val(30, 1.0, 1.7);
        var e = Golden.Value.GetProperty("gru");
        Close(Arr(e.GetProperty("out")), gru.Forward(x, 2, 3, h0), 1e-5, 1e-6, "out");
        var dx = new float[24];
        var dh0 = new float[10];
        gru.Backward(x, c, dx, dh0);
        Close(Arr(e.GetProperty("dx")), dx, 1e-5, 1e-6, "dx");
        Close(Arr(e.GetProperty("dh0")), dh0, 1e-5, 1e-6, "dh0");
        Close(Arr(e.GetProperty("dw_ih")), gru.WeightIH.Grad, 1e-5, 1e-6, "dW_ih");
        Close(Arr(e.GetProperty("dw_hh")), gru.WeightHH.Grad, 1e-5, 1e-6, "dW_hh");
        Close(Arr(e.GetProperty("db_ih")), gru.BiasIH.Grad, 1e-5, 1e-6, "db_ih");
        Close(Arr(e.GetProperty("db_hh")), gru.BiasHH.Grad, 1e-5, 1e-6, "db_hh");
    }

    [Fact]
    public void DuelingHeadMatchesTorch()
    {
        var head = new DuelingHead(4, 2, 3, new Rng(1));
        var w = head.Values.Weight.Value; // rows: V, A1, A2
        Val(4, 0.5, 0.0).CopyTo(w, 0);
        Val(8, 0.5, 1.0).CopyTo(w, 4);
        float[] bias = [0.1f, 0.2f, -0.3f];
        bias.CopyTo(head.Values.Bias.Value, 0);
        var feat = Val(12, 1.0, 0.3);
        var q = new float[6];
        head.Forward(feat, q, 3);
        var e = Golden.Value.GetProperty("dueling");
        Close(Arr(e.GetProperty("q")), q, 1e-6, 1e-6, "q");
        head.Backward(feat, q, Val(6, 1.0, 2.0), default, 3);
        Close(Arr(e.GetProperty("dv_w")), head.Values.Weight.Grad.AsSpan(0, 4), 1e-5, 1e-6, "dV/dW");
        Close(Arr(e.GetProperty("da_w")), head.Values.Weight.Grad.AsSpan(4, 8), 1e-5, 1e-6, "dA/dW");
        Close(Arr(e.GetProperty("da_b")), head.Values.Bias.Grad.AsSpan(1, 2), 1e-5, 1e-6, "dA/db");
    }

    [Fact]
    public void SoftUpdateMatchesTorchBitForBit()
    {
        var t = Val(10, 1.0, 0.0);
        TargetUpdate.Blend(t, Val(10, 2.0, 1.0), 1e-3);
        Assert.Equal(Arr(Golden.Value.GetProperty("soft_update")), t);
    }
}
