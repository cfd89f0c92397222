using Workbench.Experiments;
using Workbench.Replay;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Agents;

/// <summary>
/// The Q function of <see cref="AudioDqnAgent"/>: an online network trained on chosen actions only and a
/// target network used for the bootstrap max, over the <see cref="Actions"/> tracks of a catalog.
/// </summary>
public interface IAudioQNetwork
{
    /// <summary>Number of actions (tracks).</summary>
    int Actions { get; }

    /// <summary>State width (the catalog's features).</summary>
    int StateSize { get; }

    /// <summary>Online Q(s, a) of one state for every action into <paramref name="q"/> (length <see cref="Actions"/>).</summary>
    void Scores(ReadOnlySpan<float> state, Span<float> q);

    /// <summary>argmax_a Q(s, a) of the online network (first index on ties).</summary>
    int Greedy(ReadOnlySpan<float> state);

    /// <summary>
    /// One DQN update on a minibatch, target network included:
    /// y_k = r_k + gamma (1 - done_k) max_a' Q_target(s'_k, a') over all actions;
    /// loss = (1/B) sum_k (Q(s_k, a_k) - y_k)^2 (PyTorch's <c>mse_loss</c> of the gathered values; only the chosen
    /// outputs carry a gradient); one Adam step on every parameter; then the soft update
    /// theta_target = tau theta + (1 - tau) theta_target. Returns the loss before the step.
    /// </summary>
    float UpdateTd(ReadOnlySpan<float> states, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards, ReadOnlySpan<float> nextStates,
        ReadOnlySpan<float> dones, float gamma, int batch);
}

/// <summary>
/// Seed 003's DQN agent (Mnih et al. 2015, in the Udacity template the seed follows): epsilon-greedy over
/// all tracks, a replay buffer sampled uniformly without replacement, one update after every step once the
/// buffer holds more than a batch, target y = r + gamma (1 - done) max_a' Q_target(s', a'), mean squared
/// error on Q(s, a), Adam, and a soft target update after every update. The network is a plug-in
/// (<see cref="AudioQNetworkKind"/>); the agent never sees the environment.
/// </summary>
public sealed class AudioDqnAgent
{
    private readonly IAudioQNetwork _network;
    private readonly ReplayBuffer _replay;
    private readonly ReplayBatch _batch;
    private readonly Rng _explore;
    private readonly Rng _sample;
    private readonly float[] _scores;

    /// <summary>Creates the agent over <paramref name="catalog"/> with the agent knobs of <paramref name="options"/> (network, sizes, Adam, gamma, replay, tau, target initialisation); <paramref name="rng"/> seeds the network, exploration and replay streams.</summary>
    public AudioDqnAgent(AudioFeatureMatrix catalog, AudioDqnOptions options, Rng rng)
        : this(AudioQNetworks.Create(catalog, options, rng.Derive("network")), options, rng)
    {
    }

    /// <summary>Creates the agent over a given network (tests plug in small ones).</summary>
    public AudioDqnAgent(IAudioQNetwork network, AudioDqnOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        _network = network;
        Options = options;
        _replay = new ReplayBuffer(options.BufferCapacity, network.StateSize);
        _batch = new ReplayBatch(options.BatchSize, network.StateSize);
        _explore = rng.Derive("explore");
        _sample = rng.Derive("replay");
        _scores = new float[network.Actions];
    }

    /// <summary>The options.</summary>
    public AudioDqnOptions Options { get; }

    /// <summary>The Q network.</summary>
    public IAudioQNetwork Network => _network;

    /// <summary>Gradient updates done so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The loss of the last update (NaN before the first).</summary>
    public float LastLoss { get; private set; } = float.NaN;

    /// <summary>Transitions stored.</summary>
    public int BufferCount => _replay.Count;

    /// <summary>
    /// Epsilon-greedy choice: a uniformly random track with probability <paramref name="epsilon"/>, else
    /// argmax_a Q(s, a) (the first on ties, like <c>np.argmax</c>). Tracks for which
    /// <paramref name="excluded"/> returns true are never chosen (null: every track is allowed).
    /// </summary>
    public int Act(ReadOnlySpan<float> state, double epsilon, Predicate<int>? excluded = null)
    {
        // The template draws random.random() > eps for the greedy branch.
        if (_explore.NextDouble() > epsilon) return Greedy(state, excluded);
        int a;
        var tries = 0;
        do
        {
            a = _explore.NextInt(_network.Actions);
            if (++tries > 1000 * _network.Actions) throw new InvalidOperationException("every track is excluded");
        }
        while (excluded is not null && excluded(a));
        return a;
    }

    /// <summary>argmax_a Q(s, a) over the allowed tracks.</summary>
    public int Greedy(ReadOnlySpan<float> state, Predicate<int>? excluded = null)
    {
        if (excluded is null) return _network.Greedy(state);
        _network.Scores(state, _scores);
        var best = -1;
        var bestQ = float.NegativeInfinity;
        for (var i = 0; i < _scores.Length; i++)
        {
            var q = _scores[i];
            if (q > bestQ && (excluded is null || !excluded(i)))
            {
                bestQ = q;
                best = i;
            }
        }
        if (best < 0)
        {
            // All scores NaN or all excluded: fall back to the first allowed track.
            for (var i = 0; i < _scores.Length && best < 0; i++)
                if (excluded is null || !excluded(i)) best = i;
            if (best < 0) throw new InvalidOperationException("every track is excluded");
        }
        return best;
    }

    /// <summary>Stores a transition and, once the buffer holds more than a batch, runs one update (returns whether it did).</summary>
    public bool Observe(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        Store(state, action, reward, nextState, done);
        if (_replay.Count <= Options.BatchSize) return false;
        Update();
        return true;
    }

    /// <summary>Stores a transition without learning (tests drive <see cref="Update"/> by hand).</summary>
    internal void Store(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done) =>
        _replay.Add(state, action, reward, nextState, done);

    /// <summary>
    /// One DQN update on a uniform minibatch (without replacement, like <c>random.sample</c>):
    /// y_k = r_k + gamma (1 - done_k) max_a' Q_target(s'_k, a'); loss = mean_k (Q(s_k, a_k) - y_k)^2;
    /// Adam; then theta_target = tau theta + (1 - tau) theta_target. Returns the loss.
    /// </summary>
    public float Update()
    {
        var b = Options.BatchSize;
        if (_replay.Count < b) throw new InvalidOperationException($"the buffer holds {_replay.Count} transitions; a batch needs {b}");
        _replay.Sample(_sample, _batch, distinct: true);
        // y = r + gamma (1 - done) max_a' Q_target(s', a'); MSE on Q(s, a); Adam; soft update (one fused pass on wide outputs).
        var loss = _network.UpdateTd(_batch.States, _batch.Actions, _batch.Rewards, _batch.NextStates, _batch.Dones, Options.Gamma, b);
        Updates++;
        LastLoss = loss;
        return loss;
    }
}
