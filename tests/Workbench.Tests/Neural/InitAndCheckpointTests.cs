using Workbench.Neural;
using Workbench.Training;

namespace Workbench.Tests.Neural;

public class InitTests
{
    [Fact]
    public void LinearInitIsPyTorchUniform()
    {
        // U(-b, b) with b = 1/√400 = 0.05: mean 0, variance b²/3 = 1/(3·400) = 8.333e-4.
        var lin = new Linear(400, 300, new Rng(1));
        var w = lin.Weight.Value;
        Assert.All(w, x => Assert.InRange(x, -0.05f, 0.05f));
        var mean = w.Average(x => (double)x);
        var variance = w.Average(x => ((double)x - mean) * ((double)x - mean));
        // 120,000 draws: sd of the mean = 0.05/√3/√120000 = 8.3e-5; of the variance ≈ 8.333e-4·√(0.8/120000) = 2.2e-6.
        Assert.InRange(mean, -4e-4, 4e-4);
        Assert.InRange(variance, 8.333e-4 - 1.2e-5, 8.333e-4 + 1.2e-5);
        Assert.True(w.Max() > 0.0499f && w.Min() < -0.0499f, "draws should fill the interval");
        Assert.All(lin.Bias.Value, x => Assert.InRange(x, -0.05f, 0.05f));
        Assert.True(lin.Bias.Value.Distinct().Count() > 290);
    }

    [Fact]
    public void SameSeedSameWeightsAndTraining()
    {
        static float[] TrainAndDump(ulong seed)
        {
            var rng = new Rng(seed);
            var net = Sequential.Mlp(rng.Derive("init"), 16, [4, 8, 2]);
            var adam = new Adam(net.Parameters);
            var data = rng.Derive("data");
            var x = new float[16 * 4];
            var t = new float[16 * 2];
            var g = new float[16 * 2];
            for (var step = 0; step < 20; step++)
            {
                for (var i = 0; i < x.Length; i++) x[i] = data.NextSingle();
                for (var i = 0; i < t.Length; i++) t[i] = data.NextSingle();
                net.Parameters.ZeroGrad();
                var y = net.Forward(x, 16);
                Losses.Mse(y, t, g);
                net.Backward(x, g);
                adam.Step();
            }
            return net.Parameters.SelectMany(p => p.Value).ToArray();
        }
        Assert.Equal(TrainAndDump(7), TrainAndDump(7));
        Assert.NotEqual(TrainAndDump(7), TrainAndDump(8));
    }

    [Fact]
    public void MlpLearnsALinearMap()
    {
        // y = 2x₀ - x₁ + 0.5 on [0,1)²; a 2-16-1 ReLU MLP with Adam reaches MSE < 1e-3 well within 1,500 steps.
        var rng = new Rng(3);
        var net = Sequential.Mlp(rng.Derive("init"), 32, [2, 16, 1]);
        var adam = new Adam(net.Parameters, new AdamOptions { LearningRate = 1e-2 });
        var x = new float[64];
        var t = new float[32];
        var g = new float[32];
        float loss = 0;
        for (var step = 0; step < 1500; step++)
        {
            for (var i = 0; i < 32; i++)
            {
                x[2 * i] = rng.NextSingle();
                x[2 * i + 1] = rng.NextSingle();
                t[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5f;
            }
            net.Parameters.ZeroGrad();
            loss = Losses.Mse(net.Forward(x, 32), t, g);
            net.Backward(x, g);
            adam.Step();
        }
        Assert.True(loss < 1e-3, $"final loss {loss}");
    }
}

public class DuelingIdentityTests
{
    [Fact]
    public void QMinusVHasZeroMeanAndEqualsCenteredA()
    {
        var head = new DuelingHead(5, 4, 3, new Rng(2));
        var rng = new Rng(3);
        var x = GradCheck.Random(rng, 3 * 5);
        var q = new float[3 * 4];
        head.Forward(x, q, 3);
        var h = head.LastHeads(3);
        for (var r = 0; r < 3; r++)
        {
            var v = h[r * 5];
            var a = h.Slice(r * 5 + 1, 4).ToArray();
            var meanA = a.Average();
            double meanQmV = 0;
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(a[j] - meanA, q[r * 4 + j] - v, 5);
                meanQmV += q[r * 4 + j] - v;
            }
            Assert.Equal(0, meanQmV / 4, 5);
        }
    }

    [Fact]
    public void AddingAConstantToAdvantagesLeavesQUnchanged()
    {
        // Q = V + A - mean A is invariant to A + c: shift the A bias by 3 and Q must not move.
        var head = new DuelingHead(3, 2, 1, new Rng(4));
        float[] x = [0.3f, -1.2f, 0.8f];
        var q1 = new float[2];
        var q2 = new float[2];
        head.Forward(x, q1, 1);
        head.Values.Bias.Value[1] += 3f;
        head.Values.Bias.Value[2] += 3f;
        head.Forward(x, q2, 1);
        Assert.Equal(q1[0], q2[0], 5);
        Assert.Equal(q1[1], q2[1], 5);
    }

    [Fact]
    public void GradientOfAdvantagesHasZeroMean()
    {
        // dA_j = dQ_j - mean dQ: the A-part of the gradient sums to zero per row; dV = Σ dQ.
        var head = new DuelingHead(3, 3, 2, new Rng(5));
        var x = new float[] { 1, 0, 0, 0, 1, 0 };
        var q = new float[6];
        head.Forward(x, q, 2);
        head.Backward(x, q, [1f, 2f, 6f, 0f, 0f, 3f], default, 2);
        // Bias gradient = Σ_rows head gradient: dV = 9 + 3 = 12; dA = [1-3, 2-3, 6-3] + [0-1, 0-1, 3-1] = [-3, -2, 5].
        var db = head.Values.Bias.Grad;
        Assert.Equal(12f, db[0], 5);
        Assert.Equal(-3f, db[1], 5);
        Assert.Equal(-2f, db[2], 5);
        Assert.Equal(5f, db[3], 5);
    }
}

public class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wb-neural-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static (Sequential Net, Adam Adam) Trained(int steps, ulong seed = 1)
    {
        var net = Sequential.Mlp(new Rng(seed), 8, [3, 5, 2]);
        var adam = new Adam(net.Parameters, new AdamOptions { LearningRate = 0.01 });
        TrainSome(net, adam, steps, 100);
        return (net, adam);
    }

    private static void TrainSome(Sequential net, Adam adam, int steps, ulong dataSeed)
    {
        var rng = new Rng(dataSeed);
        var x = new float[8 * 3];
        var t = new float[8 * 2];
        var g = new float[8 * 2];
        for (var s = 0; s < steps; s++)
        {
            for (var i = 0; i < x.Length; i++) x[i] = rng.NextSingle();
            for (var i = 0; i < t.Length; i++) t[i] = rng.NextSingle();
            net.Parameters.ZeroGrad();
            Losses.Mse(net.Forward(x, 8), t, g);
            net.Backward(x, g);
            adam.Step();
        }
    }

    [Fact]
    public void RoundTripRestoresTrainingExactly()
    {
        var path = Path.Combine(_dir, "net.wbnn");
        var (net, adam) = Trained(10);
        NeuralCheckpoint.Save(path, net.Parameters, adam);
        var (copy, copyAdam) = Trained(0, seed: 99);
        var info = NeuralCheckpoint.Load(path, copy.Parameters, copyAdam);
        Assert.True(info.HasOptimizer);
        Assert.Equal(10, info.Step);
        Assert.Equal(0.01, info.Options!.LearningRate);
        Assert.Equal(10, copyAdam.StepCount);
        for (var i = 0; i < net.Parameters.Count; i++) Assert.Equal(net.Parameters[i].Value, copy.Parameters[i].Value);
        // Continuing both gives identical floats: the moments were restored too.
        TrainSome(net, adam, 5, 200);
        TrainSome(copy, copyAdam, 5, 200);
        for (var i = 0; i < net.Parameters.Count; i++) Assert.Equal(net.Parameters[i].Value, copy.Parameters[i].Value);
    }

    [Fact]
    public void LazyRowsAreFlushedBeforeSaving()
    {
        var path = Path.Combine(_dir, "sparse.wbnn");
        var p = new Parameter("emb", 4, 3, rowSparseGradient: true);
        var set = new ParameterSet([p]);
        var adam = new Adam(set);
        p.MarkTouched(2);
        p.Grad.AsSpan(6, 3).Fill(1f);
        adam.Step();
        p.ZeroGrad();
        adam.Step(); // row 2 is now one step behind
        NeuralCheckpoint.Save(path, set, adam);
        var q = new Parameter("emb", 4, 3, rowSparseGradient: true);
        var qAdam = new Adam(new ParameterSet([q]));
        NeuralCheckpoint.Load(path, qAdam.Parameters, qAdam);
        Assert.Equal(p.Value, q.Value); // Save synchronized p; the file holds the two-step value
        Assert.Equal(adam.SecondMoment(0).ToArray(), qAdam.SecondMoment(0).ToArray());
    }

    [Fact]
    public void CorruptFileIsReportedWithItsName()
    {
        var path = Path.Combine(_dir, "net.wbnn");
        var (net, adam) = Trained(2);
        NeuralCheckpoint.Save(path, net.Parameters, adam);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<WorkbenchException>(() => NeuralCheckpoint.Load(path, net.Parameters, adam));
        Assert.Contains(path, e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void TruncatedFileIsReported()
    {
        var path = Path.Combine(_dir, "net.wbnn");
        var (net, _) = Trained(1);
        NeuralCheckpoint.Save(path, net.Parameters);
        var bytes = File.ReadAllBytes(path);
        foreach (var keep in new[] { bytes.Length - 1, bytes.Length / 2, 10, 2 })
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<WorkbenchException>(() => NeuralCheckpoint.Load(path, net.Parameters));
            Assert.Contains(path, e.Message);
            Assert.True(e.Message.Contains("truncated") || e.Message.Contains("magic"), e.Message);
        }
    }

    [Fact]
    public void ShapeMismatchAndMissingOptimizerAreReported()
    {
        var path = Path.Combine(_dir, "net.wbnn");
        var (net, _) = Trained(1);
        NeuralCheckpoint.Save(path, net.Parameters);
        var other = Sequential.Mlp(new Rng(1), 8, [3, 6, 2]);
        var e = Assert.Throws<WorkbenchException>(() => NeuralCheckpoint.Load(path, other.Parameters));
        Assert.Contains("fc1.weight", e.Message);
        var adam = new Adam(net.Parameters);
        e = Assert.Throws<WorkbenchException>(() => NeuralCheckpoint.Load(path, net.Parameters, adam));
        Assert.Contains("no optimizer state", e.Message);
        File.WriteAllText(path, "hello world, not a checkpoint");
        e = Assert.Throws<WorkbenchException>(() => NeuralCheckpoint.Load(path, net.Parameters));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Crc32CCheckValue() =>
        // The standard check value of CRC-32C over the ASCII digits "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
}
