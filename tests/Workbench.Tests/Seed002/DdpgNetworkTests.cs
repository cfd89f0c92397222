using Workbench.Agents;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class DdpgNetworkTests
{
    private static float[] Random(int n, Rng rng)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = rng.NextSingle(-1f, 1f);
        return x;
    }

    [Fact]
    public void TheSeedsSequenceLengthMakesTheGruReadOnlyTheFirstThreeTracks()
    {
        // N = 10 tracks of d = 4; steps = 3 (the seed's sequence_length = ra_length) vs steps = 10.
        var rng = new Rng(1);
        var state = Random(40, rng);
        var changed = (float[])state.Clone();
        for (var i = 12; i < 40; i++) changed[i] += 0.5f; // tracks 4..10
        var three = new GruStateEncoder(10, 4, 5, 3, 1, new Rng(2), seedInit: false);
        var all = new GruStateEncoder(10, 4, 5, 10, 1, new Rng(2), seedInit: false);
        Assert.Equal(three.Forward(state, 1).ToArray(), three.Forward(changed, 1).ToArray());
        Assert.NotEqual(all.Forward(state, 1).ToArray(), all.Forward(changed, 1).ToArray());
    }

    [Fact]
    public void SeedInitDrawsStandardNormalWeightsAndZeroBiases()
    {
        var enc = new GruStateEncoder(10, 64, 64, 10, 1, new Rng(3), seedInit: true);
        var w = enc.Parameters[0].Value; // weight_ih [3H, I]
        var mean = w.Average(v => (double)v);
        var std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.02, 0.02); // 12,288 draws: the mean's s.e. is 0.009
        Assert.InRange(std, 0.97, 1.03);
        Assert.All(enc.Parameters[2].Value, b => Assert.Equal(0f, b));
        Assert.All(enc.Parameters[3].Value, b => Assert.Equal(0f, b));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void CriticActionGradientAndActorParameterGradientMatchFiniteDifferences(int steps)
    {
        // Batch 2, N = 10, d = 3, K = 2 (action 6 floats); double-checked with central differences (h = 1e-2).
        var rng = new Rng(4);
        var critic = new DdpgCritic(new GruStateEncoder(10, 3, 4, steps, 2, new Rng(5), seedInit: false), 6, 2, new Rng(6));
        var actor = new DdpgActor(new GruStateEncoder(10, 3, 5, steps, 2, new Rng(7), seedInit: false), 6, 2, new Rng(8));
        var s = Random(60, rng);
        var a = Random(12, rng);
        critic.Forward(s, a, 2);
        var gradA = new float[12];
        critic.Parameters.ZeroGrad();
        critic.Backward(s, [1f, 1f], gradA); // d(Q_0 + Q_1)/da
        const float h = 1e-2f;
        for (var i = 0; i < 12; i++)
        {
            var ap = (float[])a.Clone(); ap[i] += h;
            var am = (float[])a.Clone(); am[i] -= h;
            var fd = (critic.Forward(s, ap, 2).ToArray().Sum() - critic.Forward(s, am, 2).ToArray().Sum()) / (2 * h);
            Assert.Equal(fd, gradA[i], 2);
        }
        // Actor: L = sum_j c_j w_j for fixed c; dL/dtheta for a GRU input weight.
        var c = Random(12, rng);
        actor.Forward(s, 2);
        actor.Parameters.ZeroGrad();
        actor.Backward(s, c);
        var p = actor.Parameters[0];
        foreach (var idx in new[] { 0, 7, p.Length - 1 })
        {
            float L()
            {
                var w = actor.Forward(s, 2);
                float sum = 0;
                for (var j = 0; j < 12; j++) sum += c[j] * w[j];
                return sum;
            }
            var analytic = p.Grad[idx];
            var keep = p.Value[idx];
            p.Value[idx] = keep + h; var lp = L();
            p.Value[idx] = keep - h; var lm = L();
            p.Value[idx] = keep;
            Assert.Equal((lp - lm) / (2 * h), analytic, 2);
        }
    }
}
