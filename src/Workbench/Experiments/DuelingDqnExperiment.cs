using System.Diagnostics;
using Workbench.Agents;
using Workbench.Neural;
using Workbench.Replay;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>Options of <see cref="DuelingDqnExperiment"/> (faithful defaults: seed 000's notebook).</summary>
public sealed record DuelingDqnExperimentOptions : DeezerUserOptions
{
    /// <summary>Replay capacity (the seed: 100, so a batch of 64 is drawn from the last 100 transitions).</summary>
    public int BufferCapacity { get; init; } = 100;

    /// <summary>Minibatch size (64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Transitions stored before updates start. The seed updates from the first step on with
    /// min(stored, batch) transitions (10 x 6,129 = 61,290 updates): 1. Corrected: a full batch.
    /// </summary>
    public int LearningStarts { get; init; } = 1;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Fixed exploration probability.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Discount (only for non-terminal transitions).</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Loss: mse (the seed) or huber.</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Double DQN targets (affects only non-terminal transitions).</summary>
    public bool DoubleDqn { get; init; }

    /// <summary>Every transition terminal with next state = state (the seed: a contextual bandit, target = r).</summary>
    public bool Terminal { get; init; } = true;

    /// <summary>Updates between hard target-network copies.</summary>
    public int TargetUpdateInterval { get; init; } = 100;

    /// <summary>Hidden layer width (both layers).</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>Reward: faithful-dqn (the seed's signed sum of three matches) or corrected (+-1 for the user's own answer).</summary>
    public DeezerRewardKind Reward { get; init; } = DeezerRewardKind.FaithfulDqn;

    /// <summary>Shuffle the rows each episode (corrected) instead of file order (the seed).</summary>
    public bool Shuffle { get; init; }

    /// <summary>Rows walked per episode: 0 = every row (the seed); N = the first N rows of the episode's order (quick runs).</summary>
    public int StepsPerEpisode { get; init; }

    /// <summary>Record the loss of every update in the "steps" table (61,290 rows in the faithful run).</summary>
    public bool RecordSteps { get; init; } = true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(BufferCapacity >= 1, nameof(BufferCapacity), BufferCapacity, ">= 1");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, ">= 1");
        Require(LearningStarts >= 1 && LearningStarts <= BufferCapacity, nameof(LearningStarts), LearningStarts, "1..buffer-capacity");
        Require(LearningRate > 0, nameof(LearningRate), LearningRate, "> 0");
        Require(Epsilon >= 0 && Epsilon <= 1, nameof(Epsilon), Epsilon, "[0, 1]");
        Require(Gamma >= 0 && Gamma <= 1, nameof(Gamma), Gamma, "[0, 1]");
        Require(Enum.IsDefined(Loss), nameof(Loss), Loss, "mse, huber");
        Require(TargetUpdateInterval >= 1, nameof(TargetUpdateInterval), TargetUpdateInterval, ">= 1");
        Require(Hidden >= 1, nameof(Hidden), Hidden, ">= 1");
        Require(StepsPerEpisode >= 0, nameof(StepsPerEpisode), StepsPerEpisode, ">= 0 (0 = every row)");
        Require(Enum.IsDefined(Reward), nameof(Reward), Reward, "faithful-q-learning, faithful-dqn, corrected");
    }


    /// <summary>The agent's options.</summary>
    public DuelingDqnOptions AgentOptions() => new()
    {
        Hidden1 = Hidden, Hidden2 = Hidden, Actions = DeezerRewards.ActionCount, BatchSize = BatchSize, LearningRate = LearningRate,
        Epsilon = Epsilon, Gamma = Gamma, Loss = Loss, DoubleDqn = DoubleDqn, TargetUpdateInterval = TargetUpdateInterval,
    };
}

/// <summary>
/// Seed 000's Dueling DQN on the Deezer tracks (<c>workbench train dueling-dqn</c>). Faithful: 10 episodes over all
/// 6,129 rows in file order; input = StandardScaler of 5 numerics + one-hot of 7 categoricals (6,038 wide);
/// 128-128 ReLU, V and A heads; reward = the seed's signed sum of artist, genre and danceability matches (negated for
/// dislike); every transition terminal; replay capacity 100, batch min(stored, 64) drawn without replacement from the
/// first step on (61,290 updates); Adam 1e-3, MSE, epsilon 0.1. Corrected: a 10,000-transition buffer, updates
/// once a full batch is stored, Huber loss, shuffled rows, the corrected +-1 reward; Double DQN available
/// (<c>--set double-dqn=true</c>; it matters only with <c>--set terminal=false</c>).
/// Tables: "steps" (step, loss) and "episodes" (episode, mean_loss, mean_reward, accuracy, like_rate).
/// </summary>
public sealed class DuelingDqnExperiment : Experiment<DuelingDqnExperimentOptions>
{
    /// <inheritdoc />
    public override string Name => "dueling-dqn";

    /// <inheritdoc />
    public override string Description => "Seed 000: Dueling DQN (like/dislike) on the Deezer tracks, 6,038-wide sparse input.";

    /// <inheritdoc />
    protected override DuelingDqnExperimentOptions Defaults(RunMode mode) => mode == RunMode.Faithful
        ? new() { Mode = mode, Episodes = 10 }
        : new()
        {
            Mode = mode, Episodes = 10, BufferCapacity = 10_000, LearningStarts = 64, Loss = LossKind.Huber, Shuffle = true,
            Reward = DeezerRewardKind.Corrected,
        };

    /// <inheritdoc />
    protected override ExperimentResult Run(DuelingDqnExperimentOptions o, ExperimentContext context)
    {
        var env = DeezerEnvironment.Load(context.DataDirectory);
        var result = new ExperimentResult();
        DeezerExperimentSupport.DescribeData(result, env);
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        result.Notes["preference"] = user.Preference.ToString();
        var encoder = env.Encoder;

        var sw = Stopwatch.StartNew();
        var run = Train(env, user, o, context.Rng, rows: null, context.CreateProgress((long)o.Episodes * (o.StepsPerEpisode > 0 ? Math.Min(o.StepsPerEpisode, env.Count) : env.Count)), context.CancellationToken);
        result.TrainingSeconds = sw.Elapsed.TotalSeconds;

        if (o.RecordSteps)
        {
            var steps = result.AddTable("steps");
            steps.AddColumn("step", Enumerable.Range(1, run.StepLoss.Length).ToArray());
            steps.AddColumn("loss", run.StepLoss);
        }
        var episodes = result.AddTable("episodes");
        episodes.AddColumn("episode", Enumerable.Range(1, run.MeanLoss.Length).ToArray());
        episodes.AddColumn("mean_loss", run.MeanLoss, ColumnKind.Double);
        episodes.AddColumn("mean_reward", run.MeanReward, ColumnKind.Double);
        episodes.AddColumn("accuracy", run.Accuracy, ColumnKind.Double);
        episodes.AddColumn("like_rate", run.LikeRate, ColumnKind.Double);

        result.Summary["updates"] = run.Agent.Updates;
        result.Summary["input_width"] = encoder.Width;
        result.Summary["updates_per_second"] = run.Agent.Updates / Math.Max(1e-9, result.TrainingSeconds.Value);
        result.Summary["final_mean_loss"] = run.MeanLoss.Length > 0 ? run.MeanLoss[^1] : double.NaN;
        var q = QValues(env, run.Agent);
        var predicted = new bool[env.Count];
        for (var r = 0; r < env.Count; r++) predicted[r] = q[2 * r] >= q[2 * r + 1];
        DeezerExperimentSupport.AddClassification(result.Summary, "", env.Likes(user), predicted);
        result.Notes["reward"] = o.Reward.ToString();
        result.Notes["loss"] = o.Loss.ToString();
        return result;
    }

    /// <summary>
    /// A like/dislike session for <paramref name="preference"/> (unknown names throw with the closest ones): the agent
    /// is trained for that user with <paramref name="options"/>, and the matching songs are ranked by
    /// Q(s, like) - Q(s, dislike).
    /// </summary>
    public static LikeDislikeSession Session(DeezerEnvironment env, DeezerPreference preference, DuelingDqnExperimentOptions options, Rng rng,
        ProgressThrottle? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = env.Resolve(preference);
        var run = Train(env, new DeezerSimulatedUser(resolved, options.Reward, options.LikeRule), options with { RecordSteps = false }, rng,
            progress: progress, cancellationToken: cancellationToken);
        var q = QValues(env, run.Agent);
        return env.Session(resolved, r => q[2 * r] - q[2 * r + 1]);
    }

    /// <summary>What <see cref="Train"/> produced: the agent and its per-update and per-episode metrics.</summary>
    /// <param name="Agent">The trained agent.</param>
    /// <param name="StepLoss">Loss of every update.</param>
    /// <param name="MeanLoss">Per episode: mean loss of its updates (NaN without updates).</param>
    /// <param name="MeanReward">Per episode: mean reward per step.</param>
    /// <param name="Accuracy">Per episode: fraction of actions equal to the user's own answer.</param>
    /// <param name="LikeRate">Per episode: fraction of "like" actions.</param>
    public sealed record TrainingRun(DuelingDqnAgent Agent, float[] StepLoss, double[] MeanLoss, double[] MeanReward, double[] Accuracy, double[] LikeRate);

    /// <summary>
    /// The training loop, read top to bottom: per episode, per row (all rows, or <paramref name="rows"/>; file order or
    /// shuffled; the first StepsPerEpisode of them when set), one <see cref="Stepper.Step"/>: act, reward, store and,
    /// once LearningStarts transitions are stored, one update on min(stored, batch) distinct transitions.
    /// Streams of <paramref name="rng"/>: "agent" (init, exploration), "replay", "order".
    /// </summary>
    public static TrainingRun Train(DeezerEnvironment env, DeezerSimulatedUser user, DuelingDqnExperimentOptions o, Rng rng,
        int[]? rows = null, ProgressThrottle? progress = null, CancellationToken cancellationToken = default)
    {
        var stepper = new Stepper(env, user, o, rng);
        var order = rng.Derive("order");
        var walk = rows?.ToArray() ?? Enumerable.Range(0, env.Count).ToArray();
        var steps = o.StepsPerEpisode > 0 ? Math.Min(o.StepsPerEpisode, walk.Length) : walk.Length;
        var stepLoss = new List<float>(o.Episodes * steps);
        double[] meanLoss = new double[o.Episodes], meanReward = new double[o.Episodes], accuracy = new double[o.Episodes], likeRate = new double[o.Episodes];
        long step = 0;
        for (var e = 0; e < o.Episodes; e++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (o.Shuffle) order.Shuffle(walk.AsSpan());
            double sumLoss = 0, sumR = 0;
            int updates = 0, correct = 0, liked = 0;
            foreach (var row in walk.AsSpan(0, steps))
            {
                var loss = stepper.Step(row, out var action, out var reward);
                sumR += reward;
                if ((action == DeezerAction.Like) == stepper.Likes[row]) correct++;
                if (action == DeezerAction.Like) liked++;
                if (loss is { } l)
                {
                    stepLoss.Add(l);
                    sumLoss += l;
                    updates++;
                }
                progress?.Report(++step);
            }
            var n = Math.Max(1, steps);
            meanLoss[e] = updates > 0 ? sumLoss / updates : double.NaN;
            meanReward[e] = sumR / n;
            accuracy[e] = (double)correct / n;
            likeRate[e] = (double)liked / n;
        }
        return new TrainingRun(stepper.Agent, [.. stepLoss], meanLoss, meanReward, accuracy, likeRate);
    }

    /// <summary>
    /// One environment step of the training loop with its update, on preallocated buffers (nothing allocates per step).
    /// The replay buffer stores each state as its catalog row (one float, exact below 2^24); the CSR input is rebuilt
    /// from the encoder when a batch is sampled.
    /// </summary>
    public sealed class Stepper
    {
        private readonly DeezerEnvironment _env;
        private readonly DeezerSimulatedUser _user;
        private readonly DuelingDqnExperimentOptions _o;
        private readonly DeezerInputEncoder _encoder;
        private readonly ReplayBuffer _buffer;
        private readonly ReplayBatch _batch;
        private readonly CsrBatchBuilder _one, _states, _next;
        private readonly Rng _replay;
        private readonly float[] _rowState = new float[1];

        /// <summary>Creates the agent (stream "agent" of <paramref name="rng"/>) and an empty buffer (sampling from stream "replay").</summary>
        public Stepper(DeezerEnvironment env, DeezerSimulatedUser user, DuelingDqnExperimentOptions options, Rng rng)
        {
            ArgumentNullException.ThrowIfNull(env);
            ArgumentNullException.ThrowIfNull(user);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(rng);
            options.Validate();
            (_env, _user, _o) = (env, user, options);
            _encoder = env.Encoder;
            Agent = new DuelingDqnAgent(options.AgentOptions(), _encoder.Width, rng.Derive("agent"));
            _replay = rng.Derive("replay");
            _buffer = new ReplayBuffer(options.BufferCapacity, stateDim: 1);
            _batch = new ReplayBatch(options.BatchSize, stateDim: 1);
            _one = new CsrBatchBuilder(_encoder.Width, 1, _encoder.EntriesPerRow);
            _states = new CsrBatchBuilder(_encoder.Width, options.BatchSize, _encoder.EntriesPerRow);
            _next = new CsrBatchBuilder(_encoder.Width, options.BatchSize, _encoder.EntriesPerRow);
            Likes = env.Likes(user);
        }

        /// <summary>The agent being trained.</summary>
        public DuelingDqnAgent Agent { get; }

        /// <summary>The user's truth per row.</summary>
        public bool[] Likes { get; }

        /// <summary>
        /// a = epsilon-greedy(x_row); r = reward(row, a); store (row, a, r, row, terminal); if LearningStarts transitions
        /// are stored, sample min(stored, batch) distinct ones and update. Returns the update's loss, or null without one.
        /// </summary>
        public float? Step(int row, out DeezerAction action, out float reward)
        {
            _one.Clear();
            _encoder.AddTo(_one, row);
            action = (DeezerAction)Agent.Act(_one.Build());
            reward = _env.Reward(_user, row, action);
            _rowState[0] = row;
            _buffer.Add(_rowState, (int)action, reward, _rowState, _o.Terminal);
            if (_buffer.Count < _o.LearningStarts) return null;

            var k = Math.Min(_buffer.Count, _o.BatchSize);
            var slots = _batch.Indices.AsSpan(0, k);
            _buffer.SampleDistinct(_replay, slots);
            _buffer.Gather(slots, _batch);
            _states.Clear();
            _next.Clear();
            for (var i = 0; i < k; i++)
            {
                _encoder.AddTo(_states, (int)_batch.States[i]);
                if (!_o.Terminal) _encoder.AddTo(_next, (int)_batch.NextStates[i]);
            }
            var next = _o.Terminal ? _states.Build() : _next.Build(); // terminal: next states are never read
            return Agent.Update(_states.Build(), _batch.Actions.AsSpan(0, k), _batch.Rewards.AsSpan(0, k), next, _batch.Dones.AsSpan(0, k));
        }
    }

    /// <summary>Q(row, like) and Q(row, dislike) of every catalog row, interleaved [rows x 2], in batches of the agent's batch size.</summary>
    public static float[] QValues(DeezerEnvironment env, DuelingDqnAgent agent)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(agent);
        var encoder = env.Encoder;
        var b = agent.Options.BatchSize;
        var na = agent.Options.Actions;
        var q = new float[env.Count * na];
        var builder = new CsrBatchBuilder(encoder.Width, b, encoder.EntriesPerRow);
        for (var start = 0; start < env.Count; start += b)
        {
            builder.Clear();
            var end = Math.Min(env.Count, start + b);
            for (var r = start; r < end; r++) encoder.AddTo(builder, r);
            agent.QValues(builder.Build(), q.AsSpan(start * na, (end - start) * na));
        }
        return q;
    }
}
