using Workbench.Agents;
using Workbench.Training;

namespace Workbench.Tests.Seed001;

/// <summary>
/// Seed 001's faithful replay traced by hand on a 3-song catalog with a 4 -> 1 -> 1 -> 1 action-head network
/// (and a 2 -> 1 -> 1 -> 3 plain network). Step-2 values were also produced by PyTorch 1.13 running the seed's
/// exact replay code on the same network (faithful_trace_torch.py beside this file).
/// </summary>
public class FaithfulUpdateTests
{
    // Songs (2 tags): s0 = [1, 0], s1 = [0, 1], s2 = [1, 1]; the user p = [0.5, 0.25].
    private static readonly float[] Songs = [1, 0, 0, 1, 1, 1];
    private static readonly float[] P = [0.5f, 0.25f];
    private static readonly SongNetworkOptions Tiny = new() { Hidden1 = 1, Hidden2 = 1, Slots = 4 };

    private static AhDqnNetwork TinyActionHead()
    {
        var net = new AhDqnNetwork(Songs, 2, 2, Tiny, new Rng(1));
        // W1 (inputs s0, s1, a0, a1 -> 1 unit), b1, W2, b2, w3, b3.
        net.SetParameters([0.2f, 0.4f, 0.5f, -0.1f, 0.1f, 2f, 0f, 1.5f, 0.5f]);
        return net;
    }

    [Fact]
    public void ActionHeadScoresTheThreeSongsByHand()
    {
        var net = TinyActionHead();
        var all = SongCandidates.All(Songs, 2);
        var q = new float[3];
        net.Score(P, all, q);
        // base = b1 + 0.5*0.2 + 0.25*0.4 = 0.3
        // s0: h1 = relu(0.3 + 0.5) = 0.8, h2 = relu(2*0.8 + 0) = 1.6, Q = 0.5 + 1.5*1.6 = 2.9
        // s1: h1 = relu(0.3 - 0.1) = 0.2, h2 = 0.4, Q = 0.5 + 0.6 = 1.1
        // s2: h1 = relu(0.3 + 0.5 - 0.1) = 0.7, h2 = 1.4, Q = 0.5 + 2.1 = 2.6
        Assert.Equal(2.9f, q[0], 5);
        Assert.Equal(1.1f, q[1], 5);
        Assert.Equal(2.6f, q[2], 5);
        Assert.Equal(2.9f, net.MaxScore(P, all), 5);
        Assert.Equal(1.1f, net.Forward(0, P, 1), 5);
    }

    [Fact]
    public void FaithfulReplayOfTwoSamplesMatchesTheHandTrace()
    {
        var online = TinyActionHead();
        var target = new AhDqnNetwork(Songs, 2, 2, Tiny, new Rng(2));
        var agent = new DqnAgent(online, target, SongCandidates.All(Songs, 2)); // copies online into target

        // Two replayed transitions (s = s' = p, not done): (a = 1, r = 0.25) then (a = 0, r = 0.5).
        float[] states = [.. P, .. P];
        var stats = agent.ReplaySequential(states, [1, 0], [0.25f, 0.5f], states, [0f, 0f], lossWidth: 3);

        // Sample 1: target = 0.25 + 0.95 * max(2.9, 1.1, 2.6) = 3.005; Q(s, 1) = 1.1.
        //   loss = (1.1 - 3.005)^2 / 3 = 3.629025 / 3 = 1.209675; dL/dQ = 2 * (-1.905) / 3 = -1.27.
        //   grads: b3 -1.27, w3 -1.27*0.4 = -0.508, b2 = W2-delta -1.27*1.5 = -1.905, W2 0.2*(-1.905) = -0.381,
        //   b1 2*(-1.905) = -3.81, W1 = (0.5, 0.25, 0, 1) * (-3.81) = (-1.905, -0.9525, 0, -3.81).
        //   Adam step 1: m^ = g, v^ = g^2, so every parameter with g != 0 moves by +lr = +0.001; W1[a0] stays.
        // Sample 2 (target network unchanged: same max 2.9): target = 0.5 + 0.95 * 2.9 = 3.255.
        //   Q(s, 0) with the stepped online net: base = 0.101 + 0.5*0.201 + 0.25*0.401 = 0.30175,
        //   h1 = 0.80175, h2 = 2.001*0.80175 + 0.001 = 1.60530175, Q = 0.501 + 1.501*1.60530175 = 2.91055793.
        //   loss = (2.91055793 - 3.255)^2 / 3 = 0.03954679; dL/db3 = 2 * (-0.34444207) / 3 = -0.22962805.
        //   b3's Adam step 2: m = 0.9*(-0.127) + 0.1*(-0.22962805) = -0.13726281,
        //   v = 0.999*0.001*1.6129 + 0.001*0.05272904 = 0.00166401; m^ = m/0.19 = -0.72243583,
        //   sqrt(v^) = sqrt(v/0.001999) = 0.91237288; b3 = 0.501 + 0.001 * 0.72243583/0.91237288 = 0.50179182.
        Assert.Equal((1.209675f + 0.03954679f) / 2, stats.Loss, 5);
        Assert.Equal((3.005f + 3.255f) / 2, stats.MeanTarget, 5);
        float[] expected =
        [
            0.20179196f, 0.40179193f, 0.50074416f, -0.09832994f, // W1 (PyTorch)
            0.10179195f, 2.00197935f, 0.00179189f, 1.50197947f,  // b1, W2, b2, w3 (PyTorch)
            0.50179182f,                                         // b3 (by hand, above)
        ];
        var theta = online.Parameters.ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], theta[i], 5);
        // The target network still holds the initial parameters.
        Assert.Equal([0.2f, 0.4f, 0.5f, -0.1f, 0.1f, 2f, 0f, 1.5f, 0.5f], target.Parameters.ToArray());
    }

    [Fact]
    public void FirstAdamStepMovesEveryParameterWithGradientByTheLearningRate()
    {
        var online = TinyActionHead();
        var agent = new DqnAgent(online, new AhDqnNetwork(Songs, 2, 2, Tiny, new Rng(2)), SongCandidates.All(Songs, 2));
        agent.ReplaySequential(P, [1], [0.25f], P, [0f], lossWidth: 3);
        // All gradients are negative except W1[a0] (song 1 has no tag 0), see the trace above.
        float[] expected = [0.201f, 0.401f, 0.5f, -0.099f, 0.101f, 2.001f, 0.001f, 1.501f, 0.501f];
        var theta = online.Parameters.ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], theta[i], 6);
    }

    [Fact]
    public void DoneTransitionDoesNotBootstrap()
    {
        var online = TinyActionHead();
        var agent = new DqnAgent(online, new AhDqnNetwork(Songs, 2, 2, Tiny, new Rng(2)), SongCandidates.All(Songs, 2));
        var stats = agent.ReplaySequential(P, [1], [0.25f], P, [1f], lossWidth: 3);
        // target = r = 0.25; loss = (1.1 - 0.25)^2 / 3 = 0.7225 / 3
        Assert.Equal(0.25f, stats.MeanTarget, 6);
        Assert.Equal(0.7225f / 3, stats.Loss, 5);
    }

    [Fact]
    public void PlainDqnFaithfulStepTouchesOneOutputRowByHand()
    {
        var online = new SongDqnNetwork(2, 3, Tiny, new Rng(1));
        // W1 (2 x 1), b1, W2, b2, W3 (3 outputs x 1), b3 (3).
        online.SetParameters([0.2f, 0.4f, 0.1f, 2f, 0f, 1.5f, -1f, 0.5f, 0.5f, 0f, 0.25f]);
        var q = new float[3];
        var all = SongCandidates.All(Songs, 2);
        online.Score(P, all, q);
        // h1 = relu(0.1 + 0.1 + 0.1) = 0.3, h2 = 0.6, Q = (0.5 + 0.9, 0 - 0.6, 0.25 + 0.3) = (1.4, -0.6, 0.55)
        Assert.Equal([1.4f, -0.6f, 0.55f], q.Select(v => MathF.Round(v, 5)).ToArray());
        var agent = new DqnAgent(online, new SongDqnNetwork(2, 3, Tiny, new Rng(2)), all);
        var stats = agent.ReplaySequential(P, [1], [0.25f], P, [0f], lossWidth: 3);
        // target = 0.25 + 0.95 * 1.4 = 1.58; loss = (-0.6 - 1.58)^2 / 3 = 4.7524 / 3; dL/dQ1 = -4.36 / 3.
        // grads: b3[1] -1.4533, W3[1] -0.872, b2 = -1.4533 * -1 = +1.4533, W2 0.3*1.4533 = +0.436,
        // b1 = 2 * 1.4533 = +2.9067, W1 = (0.5, 0.25) * 2.9067 = (+1.4533, +0.7267); rows 0 and 2 of W3, b3: 0.
        Assert.Equal(1.58f, stats.MeanTarget, 5);
        Assert.Equal(4.7524f / 3, stats.Loss, 5);
        float[] expected = [0.199f, 0.399f, 0.099f, 1.999f, -0.001f, 1.5f, -0.999f, 0.5f, 0.5f, 0.001f, 0.25f];
        var theta = online.Parameters.ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], theta[i], 6);
    }
}
