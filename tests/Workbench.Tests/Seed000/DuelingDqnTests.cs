using Workbench.Agents;
using Workbench.Experiments;
using Workbench.Neural;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed000;

public class DuelingDqnTests
{
    private static readonly DuelingDqnExperiment Experiment = new();

    private static (DeezerEnvironment Env, DuelingDqnAgent Agent) Setup(DuelingDqnOptions? o = null)
    {
        var env = Seed000Fixtures.Environment();
        return (env, new DuelingDqnAgent(o ?? new DuelingDqnOptions { Hidden1 = 16, Hidden2 = 8, BatchSize = 8 }, env.Encoder.Width, new Rng(11)));
    }

    private static CsrBatch Rows(DeezerEnvironment env, CsrBatchBuilder b, params int[] rows)
    {
        b.Clear();
        foreach (var r in rows) env.Encoder.AddTo(b, r);
        return b.Build();
    }

    [Fact]
    public void DuelingIdentitiesHoldThroughTheAgent()
    {
        var (env, agent) = Setup();
        var b = new CsrBatchBuilder(env.Encoder.Width, 8, env.Encoder.EntriesPerRow);
        var q = new float[8 * 2];
        agent.QValues(Rows(env, b, 0, 3, 5, 7, 11, 13, 17, 19), q);
        var heads = agent.Network.Head.LastHeads(8); // per row [V, A_like, A_dislike]
        for (var r = 0; r < 8; r++)
        {
            float v = heads[3 * r], a0 = heads[3 * r + 1], a1 = heads[3 * r + 2];
            // Q = V + A - mean(A): the mean of Q over actions is V, and Q differences are A differences.
            Assert.Equal(v, (q[2 * r] + q[2 * r + 1]) / 2, 5);
            Assert.Equal(a0 - a1, q[2 * r] - q[2 * r + 1], 5);
            Assert.Equal(v + a0 - (a0 + a1) / 2, q[2 * r], 5);
        }
    }

    [Fact]
    public void TerminalUpdateReturnsTheMseOfTheTakenActionsAndMovesThemTowardsTheReward()
    {
        var (env, agent) = Setup();
        var b = new CsrBatchBuilder(env.Encoder.Width, 8, env.Encoder.EntriesPerRow);
        var x = Rows(env, b, 1, 2, 3);
        var before = new float[6];
        agent.QValues(x, before);
        int[] actions = [0, 1, 0];
        float[] rewards = [3f, -1f, 1f];
        float[] dones = [1f, 1f, 1f];
        // Every transition terminal: y = r. L = (1/3) sum (Q(s_i, a_i) - r_i)^2 with the Q-values before the step.
        var expected = ((before[0] - 3) * (before[0] - 3) + (before[3] + 1) * (before[3] + 1) + (before[4] - 1) * (before[4] - 1)) / 3;
        var loss = agent.Update(x, actions, rewards, x, dones);
        Assert.Equal(expected, loss, 4);
        Assert.Equal(1, agent.Updates);
        var after = new float[6];
        agent.QValues(x, after);
        Assert.True(Math.Abs(after[0] - 3) < Math.Abs(before[0] - 3));
        Assert.True(Math.Abs(after[3] + 1) < Math.Abs(before[3] + 1));
    }

    [Fact]
    public void DoubleDqnTargetUsesTheOnlineArgmaxAndTheTargetValue()
    {
        foreach (var doubleDqn in new[] { false, true })
        {
            var (env, agent) = Setup(new DuelingDqnOptions { Hidden1 = 16, Hidden2 = 8, BatchSize = 8, DoubleDqn = doubleDqn, TargetUpdateInterval = 1000, Gamma = 0.5 });
            var b = new CsrBatchBuilder(env.Encoder.Width, 8, env.Encoder.EntriesPerRow);
            var nb = new CsrBatchBuilder(env.Encoder.Width, 8, env.Encoder.EntriesPerRow);
            var x = Rows(env, b, 4, 9);
            var next = Rows(env, nb, 6, 8);
            int[] actions = [1, 0];
            float[] rewards = [1f, -1f];
            float[] live = [0f, 0f];
            // Move the online network away from the target (created as its copy on the first non-terminal update).
            for (var i = 0; i < 20; i++) agent.Update(x, actions, rewards, next, live);
            var q = new float[4];
            var qNextOnline = new float[4];
            var qNextTarget = new float[4];
            agent.QValues(x, q);
            agent.QValues(next, qNextOnline);
            agent.TargetQValues(next, qNextTarget);
            Assert.NotEqual(qNextOnline, qNextTarget);
            double y(int i)
            {
                var best = doubleDqn ? (qNextOnline[2 * i] >= qNextOnline[2 * i + 1] ? 0 : 1) : (qNextTarget[2 * i] >= qNextTarget[2 * i + 1] ? 0 : 1);
                return rewards[i] + 0.5 * qNextTarget[2 * i + best]; // y = r + gamma * Q_target(s', a*)
            }
            var expected = (Math.Pow(q[2 * 0 + 1] - y(0), 2) + Math.Pow(q[2 * 1 + 0] - y(1), 2)) / 2;
            Assert.Equal(expected, agent.Update(x, actions, rewards, next, live), 4);
        }
    }

    [Fact]
    public void FaithfulRunUpdatesOnEveryStepFromTheFirst()
    {
        var env = Seed000Fixtures.Environment();
        var o = Experiment.DefaultOptionsFor(RunMode.Faithful) with { Episodes = 2, Hidden = 8 };
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var run = DuelingDqnExperiment.Train(env, user, o, new Rng(3));
        // 2 episodes x 40 rows = 80 updates: the first on a batch of 1, then min(stored, 64) from a 100-slot buffer.
        Assert.Equal(80, run.Agent.Updates);
        Assert.Equal(80, run.StepLoss.Length);
        // The first update's batch is the first transition, whose reward is +-1 or +-3; MSE from a small Q is near r^2 >= 1.
        Assert.True(run.StepLoss[0] > 0.2f);
    }

    [Fact]
    public void TrainingTwiceWithTheSameSeedIsIdentical()
    {
        var env = Seed000Fixtures.Environment();
        var o = Experiment.DefaultOptionsFor(RunMode.Corrected) with { Episodes = 2, Hidden = 8, Artist = "Artist1" };
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var a = DuelingDqnExperiment.Train(env, user, o, new Rng(5));
        var b = DuelingDqnExperiment.Train(env, user, o, new Rng(5));
        Assert.Equal(a.StepLoss, b.StepLoss);
        Assert.Equal(DuelingDqnExperiment.QValues(env, a.Agent), DuelingDqnExperiment.QValues(env, b.Agent));
        var c = DuelingDqnExperiment.Train(env, user, o, new Rng(6));
        Assert.NotEqual(a.StepLoss, c.StepLoss);
    }

    [Fact]
    public void CorrectedAgentLearnsTheUsersLikesFarBetterThanRandom()
    {
        // 6 artists x 20 songs; the user likes the 8 songs of Artist3 (genre g1) with danceability in [0.3, 0.7].
        var env = Seed000Fixtures.Environment(6, 20);
        var o = Experiment.DefaultOptionsFor(RunMode.Corrected) with
        {
            Episodes = 40, Hidden = 32, Artist = "Artist3", Genre = "g1", DanceabilityLow = 0.3f, DanceabilityHigh = 0.7f,
        };
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var run = DuelingDqnExperiment.Train(env, user, o, new Rng(1));
        var likes = env.Likes(user);
        var q = DuelingDqnExperiment.QValues(env, run.Agent);
        int tp = 0, fp = 0, fn = 0;
        for (var r = 0; r < env.Count; r++)
        {
            var like = q[2 * r] > q[2 * r + 1];
            if (like && likes[r]) tp++;
            else if (like) fp++;
            else if (likes[r]) fn++;
        }
        // A random guesser has precision 8/120 = 0.07 and recall 0.5; the learned policy finds (nearly) all 8 liked songs.
        Assert.True(tp >= 7, $"tp {tp} fp {fp} fn {fn}");
        Assert.True(fp <= 2, $"tp {tp} fp {fp} fn {fn}");
    }
}
