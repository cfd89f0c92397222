using Workbench.Agents;
using Workbench.Training;

namespace Workbench.Tests.Seed001;

public class SongNetworkTests
{
    private static float[] RandomTags(int songs, int tags, Rng rng)
    {
        var f = new float[songs * tags];
        for (var s = 0; s < songs; s++)
        {
            f[s * tags + rng.NextInt(tags)] = 1;
            if (rng.NextDouble() < 0.5) f[s * tags + rng.NextInt(tags)] = 1;
        }
        return f;
    }

    private static float[] State(int n, Rng rng) => Enumerable.Range(0, n).Select(_ => rng.NextSingle()).ToArray();

    [Fact]
    public void SeedShapesHaveThePublishedParameterCounts()
    {
        var rng = new Rng(1);
        var tags = RandomTags(1000, 21, rng);
        var ah = new AhDqnNetwork(tags, 21, 21, new SongNetworkOptions(), rng);
        var plain = new SongDqnNetwork(21, 1000, new SongNetworkOptions(), rng);
        // AH-DQN: 42*64 + 64 + 64*64 + 64 + 64 + 1 = 6,977
        Assert.Equal(6977, ah.ParameterCount);
        // DQN: 21*64 + 64 + 64*64 + 64 + 64*1000 + 1000 = 70,568
        Assert.Equal(70568, plain.ParameterCount);
        Assert.Equal(1000, ah.SongCount);
        Assert.Equal(1000, plain.SongCount);
        var q = new float[1000];
        var all = SongCandidates.All(tags, 21);
        ah.Score(State(21, rng), all, q);
        Assert.All(q, v => Assert.True(float.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => ah.Score(new float[20], all, q));
        Assert.Throws<ArgumentException>(() => plain.Score(new float[21], all, new float[999]));
    }

    [Fact]
    public void PyTorchInitialisationBoundsHold()
    {
        var rng = new Rng(2);
        var ah = new AhDqnNetwork(RandomTags(10, 21, rng), 21, 21, new SongNetworkOptions(), rng);
        var theta = ah.Parameters;
        // fc1: fan_in 42 -> |w| < 1/sqrt(42) = 0.1543; fc2, fc3: fan_in 64 -> 0.125
        for (var i = 0; i < 42 * 64 + 64; i++) Assert.True(MathF.Abs(theta[i]) <= 1 / MathF.Sqrt(42));
        for (var i = 42 * 64 + 64; i < theta.Length; i++) Assert.True(MathF.Abs(theta[i]) <= 0.125f);
    }

    [Theory]
    [InlineData(SongNetworkKind.ActionHead)]
    [InlineData(SongNetworkKind.Plain)]
    public void BackwardMatchesFiniteDifferences(SongNetworkKind kind)
    {
        var rng = new Rng(3);
        var tags = RandomTags(7, 5, rng);
        var o = new SongNetworkOptions { Hidden1 = 6, Hidden2 = 4, Slots = 2 };
        ISongQNetwork net = kind == SongNetworkKind.ActionHead ? new AhDqnNetwork(tags, 5, 5, o, rng) : new SongDqnNetwork(5, 7, o, rng);
        var s = State(5, rng);
        const int song = 3;
        net.ZeroGradients();
        net.Forward(0, s, song);
        net.Backward(0, 1f); // dQ/dtheta
        var grad = ((SongQNetworkBase)net).Gradients.ToArray();
        var theta = net.Parameters.ToArray();
        var probe = new float[1];
        var one = SongCandidates.Create(tags, 5, [song]);
        for (var i = 0; i < theta.Length; i++)
        {
            const float h = 1e-2f;
            var t = (float[])theta.Clone();
            t[i] += h;
            net.SetParameters(t);
            net.Score(s, one, probe);
            var plus = (double)probe[0];
            t[i] -= 2 * h;
            net.SetParameters(t);
            net.Score(s, one, probe);
            var fd = (plus - probe[0]) / (2 * h);
            Assert.True(Math.Abs(fd - grad[i]) < 2e-3, $"parameter {i}: finite difference {fd}, backward {grad[i]}");
        }
    }

    [Fact]
    public void ActionHeadScoresDistinctTagVectorsOnceAndDuplicatesEqually()
    {
        float[] tags = [1, 0, 0, 1, 1, 0, 1, 1, 0, 1]; // songs 0 and 2 identical, 1 and 4 identical
        var all = SongCandidates.All(tags, 2);
        Assert.Equal(3, all.DistinctSongs.Length);
        var net = new AhDqnNetwork(tags, 2, 2, new SongNetworkOptions { Hidden1 = 8, Hidden2 = 8 }, new Rng(4));
        var q = new float[5];
        net.Score([0.3f, 0.7f], all, q);
        Assert.Equal(q[0], q[2]);
        Assert.Equal(q[1], q[4]);
        Assert.Equal(q.Max(), net.MaxScore([0.3f, 0.7f], all));
        for (var i = 0; i < 5; i++) Assert.Equal(q[i], net.Forward(0, [0.3f, 0.7f], i), 5);
    }

    [Fact]
    public void ModelFileRoundTripsAndRejectsCorruption()
    {
        var rng = new Rng(5);
        var tags = RandomTags(12, 21, rng);
        var dir = Path.Combine(Path.GetTempPath(), "wb-seed001-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var kind in new[] { SongNetworkKind.ActionHead, SongNetworkKind.Plain })
            {
                var o = new SongNetworkOptions { Hidden1 = 16, Hidden2 = 8 };
                ISongQNetwork net = kind == SongNetworkKind.ActionHead ? new AhDqnNetwork(tags, 21, 21, o, rng) : new SongDqnNetwork(21, 12, o, rng);
                var path = Path.Combine(dir, kind + ".wbnn");
                SongDqnModelFile.Save(path, net);
                var back = SongDqnModelFile.Load(path, tags, 21);
                Assert.Equal(kind, back.Kind);
                Assert.Equal(net.Parameters.ToArray(), back.Parameters.ToArray());
                var bytes = File.ReadAllBytes(path);
                bytes[^10] ^= 0xFF;
                File.WriteAllBytes(path, bytes);
                var e = Assert.Throws<WorkbenchException>(() => SongDqnModelFile.Load(path, tags, 21));
                Assert.Contains(path, e.Message);
            }
            var plainPath = Path.Combine(dir, "p.wbnn");
            SongDqnModelFile.Save(plainPath, new SongDqnNetwork(21, 12, new SongNetworkOptions(), rng));
            var wrong = Assert.Throws<WorkbenchException>(() => SongDqnModelFile.Load(plainPath, RandomTags(13, 21, rng), 21));
            Assert.Contains("13 songs", wrong.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
