using System.Diagnostics;
using Workbench.Agents;
using Workbench.Simulation;

namespace Workbench.Experiments;

/// <summary>Options of <see cref="QLearningExperiment"/> (faithful defaults: seed 000's notebook).</summary>
public sealed record QLearningExperimentOptions : DeezerUserOptions
{
    /// <summary>Learning rate alpha.</summary>
    public double Alpha { get; init; } = 0.1;

    /// <summary>Discount gamma (used only when transitions are not terminal).</summary>
    public double Gamma { get; init; } = 0.9;

    /// <summary>Fixed exploration probability epsilon.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Size of the hashed state space (FNV-1a-32 of "GenreID_ArtistID_TrackID" mod this).</summary>
    public int HashedStates { get; init; } = 10_000;

    /// <summary>Use collision-free states (one per distinct GenreID/ArtistID/TrackID) instead of the hash. Corrected default: true.</summary>
    public bool ExactStates { get; init; }

    /// <summary>Reward function. Faithful: the seed's (1 on the preferred artist whatever the action); corrected: +-1 for the right like/dislike.</summary>
    public DeezerRewardKind Reward { get; init; } = DeezerRewardKind.FaithfulQLearning;

    /// <summary>Walk every catalog row per episode (corrected) instead of only the rows matching the preference (the seed).</summary>
    public bool AllRows { get; init; }

    /// <summary>Shuffle the rows each episode (corrected) instead of file order (the seed).</summary>
    public bool Shuffle { get; init; }

    /// <summary>
    /// Treat every transition as terminal (target = r; corrected: a recommendation is a one-step decision). The
    /// seed bootstraps from next state = the same row: target = r + gamma * max_a Q(s, a).
    /// </summary>
    public bool Terminal { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Alpha > 0 && Alpha <= 1, nameof(Alpha), Alpha, "(0, 1]");
        Require(Gamma >= 0 && Gamma <= 1, nameof(Gamma), Gamma, "[0, 1]");
        Require(Epsilon >= 0 && Epsilon <= 1, nameof(Epsilon), Epsilon, "[0, 1]");
        Require(HashedStates >= 1, nameof(HashedStates), HashedStates, ">= 1");
        Require(Enum.IsDefined(Reward), nameof(Reward), Reward, "faithful-q-learning, faithful-dqn, corrected");
    }

}

/// <summary>
/// Seed 000's tabular Q-learning on the Deezer tracks (<c>workbench train q-learning</c>).
/// Faithful: each of 100 episodes walks the rows matching the user's artist, genre and danceability in file order;
/// state = FNV-1a-32("GenreID_ArtistID_TrackID") mod 10,000, next state = the same row, reward 1 (the artist
/// always matches after the filter) whatever the action, alpha 0.1, gamma 0.9, epsilon 0.1; loss per episode =
/// sum of squared TD errors. Corrected: every row each episode, shuffled, collision-free states, terminal
/// transitions and the action-dependent reward (+1 for the user's own like/dislike answer, -1 otherwise).
/// Tables: "episodes" (episode, loss, mean_reward, accuracy, like_rate). Summary: updates, final/mean loss, and the
/// greedy policy's precision, recall and accuracy of "like" over the whole catalog for the training user.
/// </summary>
public sealed class QLearningExperiment : Experiment<QLearningExperimentOptions>
{
    /// <inheritdoc />
    public override string Name => "q-learning";

    /// <inheritdoc />
    public override string Description => "Seed 000: tabular Q-learning (like/dislike) on the Deezer tracks.";

    /// <inheritdoc />
    protected override QLearningExperimentOptions Defaults(RunMode mode) => mode == RunMode.Faithful
        ? new() { Mode = mode, Episodes = 100 }
        : new()
        {
            Mode = mode, Episodes = 30, ExactStates = true, Reward = DeezerRewardKind.Corrected, AllRows = true, Shuffle = true, Terminal = true,
        };

    /// <inheritdoc />
    protected override ExperimentResult Run(QLearningExperimentOptions o, ExperimentContext context)
    {
        var env = DeezerEnvironment.Load(context.DataDirectory);
        var result = new ExperimentResult();
        DeezerExperimentSupport.DescribeData(result, env);
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        result.Notes["preference"] = user.Preference.ToString();

        var sw = Stopwatch.StartNew();
        var run = Train(env, user, o, context.Rng, progress: context.CreateProgress(o.Episodes), cancellationToken: context.CancellationToken);
        result.TrainingSeconds = sw.Elapsed.TotalSeconds;

        var table = result.AddTable("episodes");
        table.AddColumn("episode", Enumerable.Range(1, run.Loss.Length).ToArray());
        table.AddColumn("loss", run.Loss, ColumnKind.Double);
        table.AddColumn("mean_reward", run.MeanReward, ColumnKind.Double);
        table.AddColumn("accuracy", run.Accuracy, ColumnKind.Double);
        table.AddColumn("like_rate", run.LikeRate, ColumnKind.Double);

        result.Summary["updates"] = run.Updates;
        result.Summary["steps_per_episode"] = run.StepsPerEpisode;
        result.Summary["final_loss"] = run.Loss.Length > 0 ? run.Loss[^1] : double.NaN;
        result.Summary["mean_loss"] = run.Loss.Length > 0 ? run.Loss.Average() : double.NaN;
        result.Summary["states"] = run.StateCount;
        result.Summary["states_used"] = run.StatesUsed;
        var likes = env.Likes(user);
        var predicted = Enumerable.Range(0, env.Count).Select(r => run.Agent.Greedy(run.States[r]) == (int)DeezerAction.Like).ToArray();
        DeezerExperimentSupport.AddClassification(result.Summary, "", likes, predicted);
        result.Notes["reward"] = o.Reward.ToString();
        result.Notes["states"] = o.ExactStates ? "exact (one per distinct GenreID_ArtistID_TrackID)" : $"FNV-1a-32 hash mod {o.HashedStates}";
        if (o.Mode == RunMode.Faithful)
            result.Notes["quirk"] = "the seed's recommendation step used a fresh, all-zero Q-table: recommendations are the matching rows in file order";
        return result;
    }

    /// <summary>
    /// A like/dislike session for <paramref name="preference"/> (unknown names throw with the closest ones): the agent
    /// is trained for that user with <paramref name="options"/>, and the matching songs are ranked by
    /// Q(s, like) - Q(s, dislike). In faithful mode the ranking uses a fresh, all-zero Q-table, as the seed's
    /// recommendation step did, so the songs come in file order.
    /// </summary>
    public static LikeDislikeSession Session(DeezerEnvironment env, DeezerPreference preference, QLearningExperimentOptions options, Training.Rng rng)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = env.Resolve(preference);
        if (options.Mode == RunMode.Faithful) return env.Session(resolved);
        var run = Train(env, new DeezerSimulatedUser(resolved, options.Reward, options.LikeRule), options, rng);
        return env.Session(resolved, r =>
        {
            var q = run.Agent.Values(run.States[r]);
            return q[(int)DeezerAction.Like] - q[(int)DeezerAction.Dislike];
        });
    }

    /// <summary>What <see cref="Train"/> produced: the trained agent, its row states and per-episode metrics.</summary>
    /// <param name="Agent">The trained agent.</param>
    /// <param name="States">Q-table state of each catalog row.</param>
    /// <param name="StateCount">Number of states in the table.</param>
    /// <param name="StatesUsed">Distinct states of the catalog's rows (fewer than the distinct tracks when the hash collides).</param>
    /// <param name="Updates">Number of Q-table updates.</param>
    /// <param name="StepsPerEpisode">Rows walked per episode.</param>
    /// <param name="Loss">Per episode: sum of squared TD errors.</param>
    /// <param name="MeanReward">Per episode: mean reward per step.</param>
    /// <param name="Accuracy">Per episode: fraction of steps whose action was the user's own answer.</param>
    /// <param name="LikeRate">Per episode: fraction of steps whose action was "like".</param>
    public sealed record TrainingRun(QLearningAgent Agent, int[] States, int StateCount, int StatesUsed, long Updates, int StepsPerEpisode,
        double[] Loss, double[] MeanReward, double[] Accuracy, double[] LikeRate);

    /// <summary>
    /// The training loop, read top to bottom: per episode, per row (the matching rows, or all rows; file order or
    /// shuffled): s = state(row), a = epsilon-greedy(s), r = reward(row, a), delta = Update(s, a, r, s' = s),
    /// loss += delta^2. Only <paramref name="rows"/> are trained on when given (an evaluation's training split).
    /// Random numbers come from the "agent" (exploration) and "order" (shuffling) streams of <paramref name="rng"/>.
    /// </summary>
    public static TrainingRun Train(DeezerEnvironment env, DeezerSimulatedUser user, QLearningExperimentOptions o, Training.Rng rng,
        int[]? rows = null, Training.ProgressThrottle? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        int stateCount;
        var states = o.ExactStates ? env.ExactStates(out stateCount).ToArray() : env.HashedStates(stateCount = o.HashedStates);
        var agent = new QLearningAgent(new QLearningOptions
        {
            States = stateCount, Actions = DeezerRewards.ActionCount, Alpha = o.Alpha, Gamma = o.Gamma, Epsilon = o.Epsilon,
        }, rng.Derive("agent"));
        var order = rng.Derive("order");
        var likes = env.Likes(user);
        var walk = rows?.ToArray() ?? (o.AllRows ? Enumerable.Range(0, env.Count).ToArray() : env.MatchingRows(user.Preference));
        if (rows is not null && !o.AllRows) walk = walk.Where(r => user.Preference.Matches(env.ArtistNames[r], env.GenreNames[r], env.Danceability[r])).ToArray();

        double[] loss = new double[o.Episodes], meanReward = new double[o.Episodes], accuracy = new double[o.Episodes], likeRate = new double[o.Episodes];
        long updates = 0;
        for (var e = 0; e < o.Episodes; e++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (o.Shuffle) order.Shuffle(walk.AsSpan());
            double sumSq = 0, sumR = 0;
            int correct = 0, liked = 0;
            foreach (var row in walk)
            {
                var s = states[row];
                var a = agent.Act(s);
                var r = env.Reward(user, row, (DeezerAction)a);
                var delta = agent.Update(s, a, r, nextState: s, terminal: o.Terminal);
                updates++;
                sumSq += delta * delta;
                sumR += r;
                if ((a == (int)DeezerAction.Like) == likes[row]) correct++;
                if (a == (int)DeezerAction.Like) liked++;
            }
            var n = Math.Max(1, walk.Length);
            loss[e] = sumSq;
            meanReward[e] = sumR / n;
            accuracy[e] = (double)correct / n;
            likeRate[e] = (double)liked / n;
            progress?.Report(e + 1);
        }
        return new TrainingRun(agent, states, stateCount, states.Distinct().Count(), updates, walk.Length, loss, meanReward, accuracy, likeRate);
    }
}
