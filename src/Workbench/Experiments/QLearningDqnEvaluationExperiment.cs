using System.Diagnostics;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>Options of <see cref="QLearningDqnEvaluationExperiment"/>.</summary>
public sealed record QLearningDqnEvaluationOptions : ExperimentOptions
{
    /// <summary>Simulated users per seed, each with a random, satisfiable preference.</summary>
    public int Users { get; init; } = 10;

    /// <summary>Fraction of catalog rows held out per seed: agents train on the rest and are scored on both parts.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Which songs a user likes: the ground truth of precision, recall and hit rate (and of the corrected reward).</summary>
    public DeezerLikeRule LikeRule { get; init; } = DeezerLikeRule.AllThree;

    /// <summary>Smallest half-width of a random danceability range.</summary>
    public float MinHalfWidth { get; init; } = 0.1f;

    /// <summary>Largest half-width of a random danceability range.</summary>
    public float MaxHalfWidth { get; init; } = 0.3f;

    /// <summary>Train and score the Dueling DQN too (the slowest part).</summary>
    public bool IncludeDqn { get; init; } = true;

    /// <summary>Dueling DQN passes over the training rows per user.</summary>
    public int DqnEpisodes { get; init; } = 1;

    /// <summary>
    /// Training rows the Dueling DQN walks per episode: a random N of them (default 2,000, which keeps ten users a few
    /// minutes per seed), or 0 for all of them. Its "training rows" metrics still cover every training row.
    /// </summary>
    public int DqnRows { get; init; } = 2000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Users >= 1, nameof(Users), Users, ">= 1");
        Require(TestFraction > 0 && TestFraction < 1, nameof(TestFraction), TestFraction, "(0, 1)");
        Require(Enum.IsDefined(LikeRule), nameof(LikeRule), LikeRule, "all-three, majority");
        Require(MinHalfWidth >= 0 && MinHalfWidth <= MaxHalfWidth && MaxHalfWidth <= 1, nameof(MinHalfWidth), MinHalfWidth,
            "0 <= min-half-width <= max-half-width <= 1");
        Require(DqnEpisodes >= 1, nameof(DqnEpisodes), DqnEpisodes, ">= 1");
        Require(DqnRows >= 0, nameof(DqnRows), DqnRows, ">= 0 (0 = all training rows)");
    }
}

/// <summary>
/// Evaluation beyond seed 000 (<c>workbench train deezer-evaluation</c>): for many simulated users with random
/// preferences, each agent is trained per user on the training rows (the mode picks the seed's or the corrected
/// configuration; <c>--episodes</c> sets the Q-learning episodes) and predicts like/dislike on every row.
/// Reported per model (q = Q-learning, dqn = Dueling DQN, random, popularity = by Deezer Rank) and split
/// (test = held-out rows, train = rows seen in training): precision and recall of "like" (pooled over users:
/// TP / (TP + FP), TP / (TP + FN)) and the hit rate of the first recommendation (the best-scored row of the split is
/// liked; over the users with at least one liked row there). Baselines predict as many likes as the user's like
/// rate on the training rows: random at that rate, popularity for the top-ranked rows. Run it with
/// <c>--seeds 5</c> for 95% intervals.
/// </summary>
public sealed class QLearningDqnEvaluationExperiment : Experiment<QLearningDqnEvaluationOptions>
{
    /// <summary>The models evaluated, in report order.</summary>
    public static IReadOnlyList<string> Models { get; } = ["q", "dqn", "random", "popularity"];

    /// <inheritdoc />
    public override string Name => "deezer-evaluation";

    /// <inheritdoc />
    public override string Description => "Seed 000 evaluation: precision/recall of like and first-recommendation hit rate over simulated users.";

    /// <inheritdoc />
    protected override QLearningDqnEvaluationOptions Defaults(RunMode mode) => new() { Mode = mode, Episodes = mode == RunMode.Faithful ? 100 : 30 };

    /// <inheritdoc />
    protected override ExperimentResult Run(QLearningDqnEvaluationOptions o, ExperimentContext context)
    {
        var env = DeezerEnvironment.Load(context.DataDirectory);
        var result = new ExperimentResult();
        DeezerExperimentSupport.DescribeData(result, env);
        var (train, test) = Split(env.Count, o.TestFraction, context.Rng.Derive("split"));
        var qOptions = new QLearningExperiment().DefaultOptionsFor(o.Mode) with { Episodes = o.Episodes, LikeRule = o.LikeRule };
        var dqnOptions = new DuelingDqnExperiment().DefaultOptionsFor(o.Mode) with
        {
            Episodes = o.DqnEpisodes, LikeRule = o.LikeRule, RecordSteps = false, StepsPerEpisode = o.DqnRows,
            Shuffle = o.DqnRows > 0 || o.Mode == RunMode.Corrected,
        };
        long updates = 0;
        var models = o.IncludeDqn ? Models : Models.Where(m => m != "dqn").ToArray();
        var tallies = models.ToDictionary(m => m, _ => new[] { new Tally(), new Tally() });
        var users = result.AddTable("users");
        var userCol = users.AddColumn("user", ColumnKind.Integer);
        var likedTrain = users.AddColumn("liked_train", ColumnKind.Integer);
        var likedTest = users.AddColumn("liked_test", ColumnKind.Integer);
        var hitCols = models.ToDictionary(m => m, m => users.AddColumn(m + "_test_hit", ColumnKind.Double));

        var userRng = context.Rng.Derive("users");
        var progress = context.CreateProgress(o.Users);
        var sw = Stopwatch.StartNew();
        var scores = new double[env.Count];
        var predicted = new bool[env.Count];
        for (var u = 0; u < o.Users; u++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var pref = DeezerSimulatedUser.RandomPreference(env.ArtistNames, env.GenreNames, env.Danceability, userRng, o.MinHalfWidth, o.MaxHalfWidth);
            var truth = env.Likes(new DeezerSimulatedUser(pref, DeezerRewardKind.Corrected, o.LikeRule));
            var likeRate = train.Count(r => truth[r]) / (double)train.Length;
            var agentRng = context.Rng.Derive("user", u);
            userCol.Add(u);
            likedTrain.Add(train.Count(r => truth[r]));
            likedTest.Add(test.Count(r => truth[r]));
            foreach (var model in models)
            {
                updates += Score(model, env, pref, o, qOptions, dqnOptions, train, test, likeRate, agentRng.Derive(model), scores, predicted);
                tallies[model][0].Add(test, truth, predicted, scores);
                tallies[model][1].Add(train, truth, predicted, scores);
                hitCols[model].Add(test.Any(r => truth[r]) ? (truth[BestRow(test, scores)] ? 1 : 0) : double.NaN);
            }
            progress.Report(u + 1);
        }
        result.TrainingSeconds = sw.Elapsed.TotalSeconds;

        foreach (var model in models)
        foreach (var (split, tally) in new[] { ("test", tallies[model][0]), ("train", tallies[model][1]) })
        {
            result.Summary[$"{model}_{split}_precision"] = tally.Precision;
            result.Summary[$"{model}_{split}_recall"] = tally.Recall;
            result.Summary[$"{model}_{split}_hit_rate"] = tally.HitRate;
        }
        result.Summary["users"] = o.Users;
        result.Summary["updates"] = updates;
        result.Summary["mean_liked_per_user"] = users["liked_train"].Values.ToArray().Zip(users["liked_test"].Values.ToArray(), (a, b) => a + b).Average();
        result.Notes["like_rule"] = o.LikeRule.ToString();
        result.Notes["protocol"] = $"{train.Length} training rows, {test.Length} held-out rows; one split per seed";
        return result;
    }

    /// <summary>Trains <paramref name="model"/> for one user and writes its score and like prediction of every row; returns its updates.</summary>
    private static long Score(string model, DeezerEnvironment env, DeezerPreference pref, QLearningDqnEvaluationOptions o, QLearningExperimentOptions qOptions,
        DuelingDqnExperimentOptions dqnOptions, int[] train, int[] test, double likeRate, Rng rng, double[] scores, bool[] predicted)
    {
        switch (model)
        {
            case "q":
            {
                var user = new DeezerSimulatedUser(pref, qOptions.Reward, o.LikeRule);
                var run = QLearningExperiment.Train(env, user, qOptions, rng, rows: train);
                for (var r = 0; r < env.Count; r++)
                {
                    var q = run.Agent.Values(run.States[r]);
                    scores[r] = q[(int)DeezerAction.Like] - q[(int)DeezerAction.Dislike];
                    predicted[r] = run.Agent.Greedy(run.States[r]) == (int)DeezerAction.Like;
                }
                return run.Updates;
            }
            case "dqn":
            {
                var user = new DeezerSimulatedUser(pref, dqnOptions.Reward, o.LikeRule);
                var run = DuelingDqnExperiment.Train(env, user, dqnOptions, rng, rows: train);
                var q = DuelingDqnExperiment.QValues(env, run.Agent);
                for (var r = 0; r < env.Count; r++)
                {
                    scores[r] = q[2 * r] - q[2 * r + 1];
                    predicted[r] = q[2 * r] >= q[2 * r + 1];
                }
                return run.Agent.Updates;
            }
            case "random":
                for (var r = 0; r < env.Count; r++)
                {
                    scores[r] = rng.NextDouble();
                    predicted[r] = rng.NextDouble() < likeRate;
                }
                return 0;
            case "popularity":
                for (var r = 0; r < env.Count; r++) scores[r] = env.Catalog.Rank[r];
                PredictTop(train, likeRate, scores, predicted);
                PredictTop(test, likeRate, scores, predicted);
                return 0;
            default:
                throw new InvalidOperationException($"unknown model '{model}'");
        }
    }

    /// <summary>Marks the round(rate x |rows|) best-scored rows of <paramref name="rows"/> as predicted likes.</summary>
    private static void PredictTop(int[] rows, double rate, double[] scores, bool[] predicted)
    {
        var k = (int)Math.Round(rate * rows.Length);
        var ranked = rows.OrderByDescending(r => scores[r]).ThenBy(r => r).ToArray();
        for (var i = 0; i < ranked.Length; i++) predicted[ranked[i]] = i < k;
    }

    /// <summary>The best-scored row (the first in row order on ties): the first recommendation.</summary>
    internal static int BestRow(int[] rows, double[] scores)
    {
        var best = rows[0];
        foreach (var r in rows)
            if (scores[r] > scores[best] || (scores[r] == scores[best] && r < best)) best = r;
        return best;
    }

    /// <summary>A random split: round(fraction x n) held-out rows, both parts sorted.</summary>
    internal static (int[] Train, int[] Test) Split(int n, double testFraction, Rng rng)
    {
        var idx = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(idx.AsSpan());
        var nTest = Math.Clamp((int)Math.Round(testFraction * n), 1, n - 1);
        return (idx[nTest..].Order().ToArray(), idx[..nTest].Order().ToArray());
    }

    private sealed class Tally
    {
        private long _tp, _fp, _fn;
        private int _hits, _eligible;

        public void Add(int[] rows, bool[] truth, bool[] predicted, double[] scores)
        {
            var any = false;
            foreach (var r in rows)
            {
                if (predicted[r] && truth[r]) _tp++;
                else if (predicted[r]) _fp++;
                else if (truth[r]) _fn++;
                any |= truth[r];
            }
            if (!any) return;
            _eligible++;
            if (truth[BestRow(rows, scores)]) _hits++;
        }

        public double Precision => _tp + _fp == 0 ? double.NaN : (double)_tp / (_tp + _fp);

        public double Recall => _tp + _fn == 0 ? double.NaN : (double)_tp / (_tp + _fn);

        public double HitRate => _eligible == 0 ? double.NaN : (double)_hits / _eligible;
    }
}
