using Workbench.Agents;
using Workbench.Replay;
using Workbench.Training;

namespace Workbench.Tests.Seed002;

public class DdpgAgentTests
{
    // A one-dimensional DDPG: state s in R^1, action a in R^1, identity mapping, MLP encoders.
    internal static DdpgAgent Toy(DdpgAgentOptions options, int seed, int batch = 16)
    {
        var rng = new Rng(seed);
        DdpgActor MakeActor(string n) => new(new MlpStateEncoder(1, 8, batch, rng.Derive(n + ".enc")), 1, batch, rng.Derive(n));
        DdpgCritic MakeCritic(string n) => new(new MlpStateEncoder(1, 8, batch, rng.Derive(n + ".enc")), 1, batch, rng.Derive(n));
        return new DdpgAgent(options, MakeActor("actor"), MakeActor("actor.target"), MakeCritic("critic"), MakeCritic("critic.target"), new IdentityActionMapper());
    }

    // A batch of a one-step bandit: s ~ U(0, 1), a ~ U(-1, 2), r = -(a - 0.5)^2, done.
    internal static void FillBandit(ReplayBatch b, Rng rng)
    {
        for (var i = 0; i < b.Size; i++)
        {
            var s = rng.NextSingle();
            var a = rng.NextSingle(-1f, 2f);
            b.States[i] = s;
            b.NextStates[i] = s;
            b.ActionVectors[i] = a;
            b.Rewards[i] = -(a - 0.5f) * (a - 0.5f);
            b.Dones[i] = 1;
        }
    }

    private static float Policy(DdpgAgent agent, float s) => agent.Actor.Forward([s], 1)[0];

    private static float QAt(DdpgAgent agent, float s, float a) => agent.Critic.Forward([s], [a], 1)[0];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneActorStepMovesAlongOrAgainstTheCriticsGradient(bool ascend)
    {
        // At the first update the target actor equals the online actor and both see s, so the faithful and the corrected
        // gradient points coincide (mu'(s) = mu(s)); only the sign differs. Measured with the critic after its step (the
        // one the actor step used): Q(s, mu_after(s)) - Q(s, mu_before(s)) has the sign of the ascent.
        var o = new DdpgAgentOptions { ActorAscendsQ = ascend, ActorLearningRate = 1e-3, CriticLearningRate = 1e-3, Gamma = 0 };
        var agent = Toy(o, seed: 3);
        var batch = new ReplayBatch(16, 1, 1);
        FillBandit(batch, new Rng(4));
        for (var i = 0; i < 16; i++) batch.States[i] = 0.5f; // one state, so the step's direction is unambiguous
        var before = Policy(agent, 0.5f);
        agent.Update(batch);
        var after = Policy(agent, 0.5f);
        var dq = QAt(agent, 0.5f, after) - QAt(agent, 0.5f, before);
        Assert.NotEqual(before, after);
        if (ascend) Assert.True(dq > 0, $"Q fell by {-dq}");
        else Assert.True(dq < 0, $"Q rose by {dq}");
    }

    [Fact]
    public void CorrectedDdpgFindsTheBanditOptimumAndTheSeedsSignRunsAway()
    {
        // r = -(a - 0.5)^2, gamma = 0: Q*(s, a) = -(a - 0.5)^2, the optimal policy is a = 0.5 for every s.
        float Train(DdpgAgentOptions o)
        {
            var agent = Toy(o, seed: 5);
            var rng = new Rng(6);
            var batch = new ReplayBatch(16, 1, 1);
            for (var step = 0; step < 1500; step++)
            {
                FillBandit(batch, rng);
                agent.Update(batch);
            }
            return Policy(agent, 0.3f);
        }
        var common = new DdpgAgentOptions { Gamma = 0, ActorLearningRate = 3e-3, CriticLearningRate = 1e-2, Tau = 0.05 };
        var corrected = Train(common with { ActorAscendsQ = true, TargetActionFromNextState = true, ActionGradientAtOnlineAction = true });
        var faithful = Train(common);
        Assert.InRange(corrected, 0.4f, 0.6f);
        Assert.True(Math.Abs(faithful - 0.5f) > 0.5f, $"faithful policy {faithful} did not run away from the optimum");
    }

    // Records every proto-action it maps (identity otherwise).
    private sealed class SpyMapper : IDdpgActionMapper
    {
        public List<float[]> Seen { get; } = [];

        public void Map(ReadOnlySpan<float> proto, int batch, Span<float> actions)
        {
            Seen.Add(proto[..batch].ToArray());
            proto[..batch].CopyTo(actions);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheTargetActionComesFromTheStateTheSwitchNames(bool fromNextState)
    {
        var rng = new Rng(3);
        var spy = new SpyMapper();
        DdpgActor MakeActor(string n) => new(new MlpStateEncoder(1, 8, 16, rng.Derive(n + ".enc")), 1, 16, rng.Derive(n));
        DdpgCritic MakeCritic(string n) => new(new MlpStateEncoder(1, 8, 16, rng.Derive(n + ".enc")), 1, 16, rng.Derive(n));
        var o = new DdpgAgentOptions { TargetActionFromNextState = fromNextState, ActionGradientAtOnlineAction = true, ActorAscendsQ = true };
        var agent = new DdpgAgent(o, MakeActor("a"), MakeActor("at"), MakeCritic("c"), MakeCritic("ct"), spy);
        var batch = new ReplayBatch(16, 1, 1);
        FillBandit(batch, new Rng(4));
        for (var i = 0; i < 16; i++) batch.NextStates[i] = batch.States[i] + 1; // s' != s
        var expectedFrom = fromNextState ? batch.NextStates : batch.States;
        var expected = agent.TargetActor.Forward(expectedFrom, 16).ToArray();
        var other = agent.TargetActor.Forward(fromNextState ? batch.States : batch.NextStates, 16).ToArray();
        var onlineAtS = agent.Actor.Forward(batch.States, 16).ToArray();
        agent.Update(batch);
        // First mapped: the target action; second: the online actor's action for dQ/da (online = target at the start).
        Assert.Equal(expected, spy.Seen[0]);
        Assert.NotEqual(other, spy.Seen[0]);
        Assert.Equal(onlineAtS, spy.Seen[1]); // dQ/da at map(mu(s)), mu before its step
        Assert.Equal(2, spy.Seen.Count);
    }

    [Fact]
    public void TrainingTwiceGivesIdenticalWeights()
    {
        float[] Run()
        {
            var agent = Toy(new DdpgAgentOptions { ActorAscendsQ = true, Gamma = 0.9 }, seed: 8);
            var rng = new Rng(9);
            var batch = new ReplayBatch(16, 1, 1);
            for (var step = 0; step < 50; step++)
            {
                FillBandit(batch, rng);
                agent.Update(batch);
            }
            return agent.Actor.Parameters.Concat(agent.Critic.Parameters).Concat(agent.TargetActor.Parameters).SelectMany(p => p.Value).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void TargetsStartEqualAndMoveByTau()
    {
        var agent = Toy(new DdpgAgentOptions { Tau = 0.25 }, seed: 1);
        Assert.Equal(agent.Critic.Parameters[0].Value, agent.TargetCritic.Parameters[0].Value);
        var before = agent.TargetCritic.Parameters[0].Value.ToArray();
        var batch = new ReplayBatch(16, 1, 1);
        FillBandit(batch, new Rng(2));
        agent.Update(batch);
        // theta' <- 0.25 theta_new + 0.75 theta'_old
        var online = agent.Critic.Parameters[0].Value;
        var target = agent.TargetCritic.Parameters[0].Value;
        for (var i = 0; i < target.Length; i++) Assert.Equal(0.25f * online[i] + 0.75f * before[i], target[i], 5);
    }
}
