using Workbench.Neural;
using Workbench.Replay;

namespace Workbench.Agents;

/// <summary>
/// Hyper-parameters and update-rule switches of <see cref="DdpgAgent"/>. The defaults are the seed's values; the
/// three booleans default to the seed's quirks (SEEDS.md section 002), corrected mode flips them.
/// </summary>
public sealed record DdpgAgentOptions
{
    /// <summary>Discount γ of the TD target <c>y = r + γ Q'(s', a')</c> (the seed's 0.99).</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Actor Adam learning rate (the seed's 5e-5).</summary>
    public double ActorLearningRate { get; init; } = 5e-5;

    /// <summary>Critic Adam learning rate (the seed's 1e-3).</summary>
    public double CriticLearningRate { get; init; } = 1e-3;

    /// <summary>Soft target update rate τ: <c>θ' ← τθ + (1-τ)θ'</c> after every update (the seed's 0.001).</summary>
    public double Tau { get; init; } = 0.001;

    /// <summary>
    /// Whether the actor ascends Q. The seed hands <c>dQ/da</c> to <c>apply_gradients</c> as if it were a loss
    /// gradient, so Adam <b>descends</b> Q (false); DDPG's policy gradient ascends it (true).
    /// </summary>
    public bool ActorAscendsQ { get; init; }

    /// <summary>
    /// Whether the target action is computed from the next state, <c>a' = μ'(s')</c>. The seed computes it from the
    /// current state, <c>μ'(s)</c>, then evaluates <c>Q'(s', μ'(s))</c> (false).
    /// </summary>
    public bool TargetActionFromNextState { get; init; }

    /// <summary>
    /// Whether <c>dQ/da</c> for the actor is taken at the online actor's action <c>a = μ(s)</c>. The seed reuses the
    /// target actor's action <c>μ'(s)</c> from the TD target (false).
    /// </summary>
    public bool ActionGradientAtOnlineAction { get; init; }

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1)) throw new WorkbenchException($"option gamma: {Gamma} must be in [0, 1]");
        if (!(ActorLearningRate > 0)) throw new WorkbenchException($"option actor-lr: {ActorLearningRate} must be positive");
        if (!(CriticLearningRate > 0)) throw new WorkbenchException($"option critic-lr: {CriticLearningRate} must be positive");
        if (!(Tau > 0 && Tau <= 1)) throw new WorkbenchException($"option tau: {Tau} must be in (0, 1]");
    }
}

/// <summary>What one <see cref="DdpgAgent.Update"/> measured.</summary>
/// <param name="CriticLoss">The critic's MSE before its step, <c>mean (Q(s,a) - y)^2</c>.</param>
/// <param name="MaxQ">The largest <c>Q(s, a)</c> in the batch before the step (the seed's <c>np.amax(critic_Q_value)</c>).</param>
/// <param name="MeanQAtPolicy">Mean <c>Q(s, a_grad)</c> at the point where dQ/da was taken.</param>
public readonly record struct DdpgUpdate(float CriticLoss, float MaxQ, float MeanQAtPolicy);

/// <summary>
/// Deep Deterministic Policy Gradient (Lillicrap et al. 2015, arXiv 1509.02971) as LIRD uses it (Zhao et al. 2018,
/// arXiv 1801.00209, Algorithm 3): online and target actor and critic, Adam for both, Polyak target updates. The
/// actor's outputs pass through an <see cref="IDdpgActionMapper"/> (for LIRD: weight vectors to the picked tracks'
/// embeddings) before the critic sees them, and the critic's <c>dQ/da</c> is passed straight to the actor's output.
/// The runner owns the environment and the replay buffer; the agent only updates from sampled batches.
/// </summary>
public sealed class DdpgAgent
{
    private readonly Adam _actorOpt;
    private readonly Adam _criticOpt;
    private readonly float[] _proto;
    private readonly float[] _nextAction;
    private readonly float[] _gradAction;
    private readonly float[] _y;
    private readonly float[] _dq;
    private readonly float[] _ones;

    /// <summary>Creates the agent; the targets are made equal to the online networks (<c>θ' ← θ</c>).</summary>
    public DdpgAgent(DdpgAgentOptions options, DdpgActor actor, DdpgActor targetActor, DdpgCritic critic, DdpgCritic targetCritic, IDdpgActionMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Actor = actor ?? throw new ArgumentNullException(nameof(actor));
        TargetActor = targetActor ?? throw new ArgumentNullException(nameof(targetActor));
        Critic = critic ?? throw new ArgumentNullException(nameof(critic));
        TargetCritic = targetCritic ?? throw new ArgumentNullException(nameof(targetCritic));
        Mapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        TargetUpdate.Copy(targetActor.Parameters, actor.Parameters);
        TargetUpdate.Copy(targetCritic.Parameters, critic.Parameters);
        _actorOpt = new Adam(actor.Parameters, new AdamOptions { LearningRate = options.ActorLearningRate });
        _criticOpt = new Adam(critic.Parameters, new AdamOptions { LearningRate = options.CriticLearningRate });
        var b = actor.MaxBatch;
        _proto = new float[b * actor.ActionSize];
        _nextAction = new float[b * actor.ActionSize];
        _gradAction = new float[b * actor.ActionSize];
        _y = new float[b];
        _dq = new float[b];
        _ones = new float[b];
        Array.Fill(_ones, 1f);
    }

    /// <summary>The options.</summary>
    public DdpgAgentOptions Options { get; }

    /// <summary>The online actor μ.</summary>
    public DdpgActor Actor { get; }

    /// <summary>The target actor μ'.</summary>
    public DdpgActor TargetActor { get; }

    /// <summary>The online critic Q.</summary>
    public DdpgCritic Critic { get; }

    /// <summary>The target critic Q'.</summary>
    public DdpgCritic TargetCritic { get; }

    /// <summary>Maps actor outputs to actions.</summary>
    public IDdpgActionMapper Mapper { get; }

    /// <summary>Updates applied so far.</summary>
    public long Updates { get; private set; }

    /// <summary>
    /// One DDPG update from a replay batch (states, action vectors, rewards, next states, dones):
    /// critic step on <c>(Q(s,a) - y)^2</c>, actor step along <c>±dQ/da</c>, then both soft target updates.
    /// </summary>
    public DdpgUpdate Update(ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var o = Options;
        var n = batch.Size;
        var a = Actor.ActionSize;
        ReadOnlySpan<float> s = batch.States.AsSpan(0, n * Actor.StateSize);
        ReadOnlySpan<float> s2 = batch.NextStates.AsSpan(0, n * Actor.StateSize);
        ReadOnlySpan<float> act = batch.ActionVectors.AsSpan(0, n * a);
        var nextAction = _nextAction.AsSpan(0, n * a);

        // 1. Target action a' = map(μ'(s')) -- the seed feeds s instead of s'.
        Mapper.Map(TargetActor.Forward(o.TargetActionFromNextState ? s2 : s, n), n, nextAction);

        // 2. TD target y = r + γ (1 - done) Q'(s', a').
        var qNext = TargetCritic.Forward(s2, nextAction, n);
        var y = _y.AsSpan(0, n);
        for (var i = 0; i < n; i++) y[i] = batch.Rewards[i] + (float)(o.Gamma * (1 - batch.Dones[i])) * qNext[i];

        // 3. Critic: minimise mean (Q(s, a) - y)^2.
        Critic.Parameters.ZeroGrad();
        var q = Critic.Forward(s, act, n);
        var maxQ = float.NegativeInfinity;
        foreach (var v in q) maxQ = Math.Max(maxQ, v);
        var dq = _dq.AsSpan(0, n);
        var loss = Losses.Mse(q, y, dq);
        Critic.Backward(s, dq, default);
        _criticOpt.Step();

        // 4. Actor: dQ/da at the online actor's action map(μ(s)) -- the seed uses the target's a' from step 1 --
        //    passed to the actor's output, divided by (batch * action size) as the seed does; descending
        //    (the seed) or ascending (DDPG) Q.
        var proto = Actor.Forward(s, n);
        ReadOnlySpan<float> at = nextAction;
        if (o.ActionGradientAtOnlineAction)
        {
            var online = _proto.AsSpan(0, n * a);
            Mapper.Map(proto, n, online);
            at = online;
        }
        var qAt = Critic.Forward(s, at, n);
        double qSum = 0;
        foreach (var v in qAt) qSum += v;
        var gradA = _gradAction.AsSpan(0, n * a);
        Critic.Backward(s, _ones.AsSpan(0, n), gradA); // dQ_i/da_i per row; the critic's parameter gradients are discarded
        Critic.Parameters.ZeroGrad();
        var scale = (o.ActorAscendsQ ? -1f : 1f) / (n * a);
        for (var i = 0; i < gradA.Length; i++) gradA[i] *= scale;
        Actor.Parameters.ZeroGrad();
        Actor.Backward(s, gradA);
        _actorOpt.Step();

        // 5. Soft target updates.
        TargetUpdate.Apply(TargetCritic.Parameters, Critic.Parameters, o.Tau);
        TargetUpdate.Apply(TargetActor.Parameters, Actor.Parameters, o.Tau);
        Updates++;
        return new DdpgUpdate(loss, maxQ, (float)(qSum / n));
    }
}
