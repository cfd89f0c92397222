using System.Diagnostics;
using Workbench.Agents;
using Workbench.Data;
using Workbench.Replay;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// The training loops of seed 001's experiments, shared by <c>ah-dqn</c> and <c>dqn</c>: the seed's loop exactly
/// (faithful) and a corrected DQN that exploits, ends every episode, and meets a new user each episode.
/// </summary>
public static class AhDqnTraining
{
    /// <summary>Seed 001's songs: the real songs.csv under the data directory when present, else the synthetic generator.</summary>
    public static SongCatalog LoadSongs(string? dataDirectory, int syntheticSongs, Rng rng, ExperimentResult? result = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var root = DataRoot.Resolve(dataDirectory);
        if (root.SongsExists)
        {
            var catalog = SongCatalog.Load(root.SongsPath);
            if (result is not null)
            {
                result.Notes["data"] = "real: " + root.SongsPath;
                result.Datasets["001-ah-dqn/songs.csv"] = DataRoot.Sha256(root.SongsPath);
            }
            return catalog;
        }
        var synthetic = SyntheticData.Songs(rng, syntheticSongs);
        if (result is not null) result.Notes["data"] = $"synthetic: {synthetic.Count} songs ({synthetic.Source}); songs.csv not found under {root.Directory}";
        return synthetic;
    }

    /// <summary>The network of <paramref name="kind"/> over the catalog, PyTorch-initialised from <paramref name="init"/>.</summary>
    public static ISongQNetwork CreateNetwork(SongNetworkKind kind, ReadOnlySpan<float> songTags, int tagCount, AhDqnOptions options, Rng init, int slots)
    {
        ArgumentNullException.ThrowIfNull(options);
        var net = new SongNetworkOptions
        {
            Hidden1 = options.Hidden1,
            Hidden2 = options.Hidden2,
            LearningRate = (float)options.LearningRate,
            Slots = slots,
        };
        return kind switch
        {
            SongNetworkKind.ActionHead => new AhDqnNetwork(songTags, tagCount, tagCount, net, init),
            SongNetworkKind.Plain => new SongDqnNetwork(tagCount, songTags.Length / tagCount, net, init),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Runs one seed of <c>ah-dqn</c> or <c>dqn</c> in the options' mode.</summary>
    public static ExperimentResult Run(SongNetworkKind kind, AhDqnOptions o, ExperimentContext ctx) => Train(kind, o, ctx).Result;

    /// <summary>Runs one seed and returns the trained online network with the result (for playlists and notebooks).</summary>
    public static (ExperimentResult Result, ISongQNetwork Network) Train(SongNetworkKind kind, AhDqnOptions o, ExperimentContext ctx)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(ctx);
        var result = new ExperimentResult();
        var catalog = LoadSongs(ctx.DataDirectory, o.SyntheticSongs, ctx.Rng.Derive("synthetic-songs"), result);
        var d = SongCatalog.TagCount;
        var tagArray = catalog.Features.ToArray();
        ReadOnlySpan<float> tags = tagArray;
        var holdout = o.HeldOutFraction > 0 ? SongHoldout.Split(catalog.Count, o.HeldOutFraction, ctx.Rng.Derive("holdout")) : SongHoldout.None(catalog.Count);
        var train = SongCandidates.Create(tags, d, holdout.TrainSongs);
        var heldOut = holdout.HeldOutSongs.Count > 0 ? SongCandidates.Create(tags, d, holdout.HeldOutSongs) : null;
        var faithful = o.Mode == RunMode.Faithful;
        var slots = faithful ? 1 : o.BatchSize;
        var online = CreateNetwork(kind, tags, d, o, ctx.Rng.Derive("init"), slots);
        var target = CreateNetwork(kind, tags, d, o, ctx.Rng.Derive("init-target"), slots);
        var agent = new DqnAgent(online, target, train, new DqnAgentOptions { Gamma = (float)o.Gamma, DoubleDqn = o.DoubleDqn });
        var evalRng = ctx.Rng.Derive("eval-users");
        var evalUsers = Enumerable.Range(0, o.EvalUsers).Select(_ => (TagPreferenceUser)VirtualUser.Sample(d, evalRng)).ToArray();

        var episodes = result.AddTable("episodes");
        var cEpisode = episodes.AddColumn("episode", ColumnKind.Integer);
        var cReward = episodes.AddColumn("reward", ColumnKind.Float);
        var cLoss = episodes.AddColumn("loss", ColumnKind.Float);
        var cQ = episodes.AddColumn("avg_q", ColumnKind.Float);
        var cEps = episodes.AddColumn("epsilon", ColumnKind.Double);
        var cAction = episodes.AddColumn("action", ColumnKind.Integer);
        var cAlign = episodes.AddColumn("alignment", ColumnKind.Float);
        var eval = result.AddTable("eval");
        var eEpisode = eval.AddColumn("episode", ColumnKind.Integer);
        var eRatio = eval.AddColumn("eval_reward_ratio", ColumnKind.Double);
        var eRandom = eval.AddColumn("random_reward_ratio", ColumnKind.Double);

        var evalAt = new HashSet<int>();
        for (var k = 1; k <= o.EvalPoints; k++) evalAt.Add((int)Math.Round((double)k * o.Episodes / o.EvalPoints));
        var evalSeconds = 0.0;
        void EvaluateCurve(int episode)
        {
            var t0 = Stopwatch.GetTimestamp();
            var ev = AhDqnEvaluator.Evaluate(agent, tagArray, d, train, null, evalUsers, o.HitRateK);
            eEpisode.Add(episode);
            eRatio.Add(ev.RewardRatio);
            eRandom.Add(ev.RandomRatio);
            evalSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        var buffer = new ReplayBuffer(o.ReplayCapacity, d);
        var batch = new ReplayBatch(o.BatchSize, d);
        var explore = ctx.Rng.Derive("explore");
        var replayRng = ctx.Rng.Derive("replay");
        var progress = ctx.CreateProgress(o.Episodes);
        long updates = 0;
        var sw = Stopwatch.StartNew();
        if (faithful)
        {
            // The seed's WorldModel: one virtual user for the whole run; its preferences are every state.
            var user = VirtualUser.Sample(d, ctx.Rng.Derive("user"));
            var env = new SongRecommendationEnv(tags, d, user);
            var state = user.Preferences;
            var epsilon = EpsilonSchedule.ExponentialWhileAbove(o.EpsilonStart, o.EpsilonDecay, o.EpsilonMin);
            for (var e = 0; e < o.Episodes; e++)
            {
                ctx.CancellationToken.ThrowIfCancellationRequested();
                var action = train.Songs[explore.NextInt(train.Count)]; // act(is_virtual_user=True): always random
                var reward = env.Step(action);
                buffer.Add(state, action, reward, state, done: false); // stored before the seed sets done
                agent.SyncTarget(); // update_target_model() every episode
                float loss = 0, avgQ = 0;
                if (buffer.Count > o.BatchSize)
                {
                    buffer.Sample(replayRng, batch, distinct: true); // random.sample(memory, 32)
                    var stats = agent.ReplaySequential(batch.States, batch.Actions, batch.Rewards, batch.NextStates, batch.Dones, lossWidth: train.Count);
                    (loss, avgQ) = (stats.Loss, stats.MeanTarget);
                    updates += o.BatchSize;
                    epsilon.Decay(); // inside replay()
                }
                epsilon.Decay(); // and again in train()
                cEpisode.Add(e + 1);
                cReward.Add(reward);
                cLoss.Add(loss);
                cQ.Add(avgQ);
                cEps.Add(epsilon.Value);
                cAction.Add(action);
                cAlign.Add(reward);
                if (evalAt.Contains(e + 1)) EvaluateCurve(e + 1);
                progress.Report(e + 1);
            }
            result.Summary["train_user_reward_ratio"] = AhDqnEvaluator.Evaluate(agent, tags, d, train, null, [user], o.HitRateK).RewardRatio;
        }
        else
        {
            var users = ctx.Rng.Derive("users");
            var env = new SongRecommendationEnv(tags, d, VirtualUser.Sample(d, users));
            var epsilon = EpsilonSchedule.Exponential(o.EpsilonStart, o.EpsilonDecay, o.EpsilonMin);
            long steps = 0;
            for (var e = 0; e < o.Episodes; e++)
            {
                ctx.CancellationToken.ThrowIfCancellationRequested();
                if (e > 0) env.Reset(o.LikedUserFraction > 0 && users.NextDouble() < o.LikedUserFraction ? VirtualUser.SampleLiked(d, 4, users) : VirtualUser.Sample(d, users)); // a new user every episode
                var state = env.State;
                double total = 0, lossSum = 0, qSum = 0;
                var nUpdates = 0;
                var firstAction = -1;
                for (var t = 0; t < o.StepsPerEpisode; t++)
                {
                    var action = agent.EpsilonGreedy(state, epsilon.Value, explore);
                    if (firstAction < 0) firstAction = action;
                    var reward = env.Step(action);
                    total += reward;
                    buffer.Add(state, action, reward, state, done: t == o.StepsPerEpisode - 1);
                    if (buffer.Count >= o.BatchSize)
                        for (var u = 0; u < o.UpdatesPerStep; u++)
                        {
                            buffer.Sample(replayRng, batch);
                            var stats = agent.ReplayBatched(batch.States, batch.Actions, batch.Rewards, batch.NextStates, batch.Dones);
                            lossSum += stats.Loss;
                            qSum += stats.MeanTarget;
                            nUpdates++;
                            updates++;
                        }
                    if (++steps % o.TargetUpdateEvery == 0) agent.SyncTarget();
                }
                epsilon.Decay(); // once per episode
                cEpisode.Add(e + 1);
                cReward.Add(total);
                cLoss.Add(nUpdates == 0 ? 0 : lossSum / nUpdates);
                cQ.Add(nUpdates == 0 ? 0 : qSum / nUpdates);
                cEps.Add(epsilon.Value);
                cAction.Add(firstAction);
                cAlign.Add(total / o.StepsPerEpisode);
                if (evalAt.Contains(e + 1)) EvaluateCurve(e + 1);
                progress.Report(e + 1);
            }
        }
        sw.Stop();
        var trainingSeconds = Math.Max(0, sw.Elapsed.TotalSeconds - evalSeconds);
        result.TrainingSeconds = trainingSeconds;

        var final = AhDqnEvaluator.Evaluate(agent, tags, d, train, heldOut, evalUsers, o.HitRateK);
        result.Summary["updates"] = updates;
        result.Summary["episodes_per_second"] = trainingSeconds > 0 ? o.Episodes / trainingSeconds : double.NaN;
        result.Summary["eval_reward_ratio"] = final.RewardRatio;
        result.Summary["random_reward_ratio"] = final.RandomRatio;
        result.Summary["greedy_reward"] = final.GreedyReward;
        result.Summary["best_reward"] = final.BestReward;
        if (heldOut is not null)
        {
            result.Summary["cold_start_hit_rate"] = final.ColdStartHitRate;
            result.Summary["cold_start_random_hit_rate"] = final.ColdStartRandomHitRate;
            result.Summary["cold_start_reward_ratio"] = final.ColdStartRewardRatio;
            result.Summary["cold_start_random_reward_ratio"] = final.ColdStartRandomRewardRatio;
        }
        var tail = Math.Max(1, o.Episodes / 100);
        if (o.Episodes > 0)
        {
            result.Summary["final_avg_q"] = TailMean(cQ, tail);
            result.Summary["final_loss"] = TailMean(cLoss, tail);
        }
        result.Notes["network"] = kind == SongNetworkKind.ActionHead
            ? $"action head: cat(state, song) {2 * d} -> {o.Hidden1} -> {o.Hidden2} -> 1"
            : $"plain: state {d} -> {o.Hidden1} -> {o.Hidden2} -> {catalog.Count}";
        result.Notes["loop"] = faithful
            ? "faithful: one fixed user, random actions, done=False, target copied every episode, 32 single-sample replays (MSE over all songs), epsilon decayed twice per episode"
            : $"corrected: new user every episode, epsilon-greedy, {o.StepsPerEpisode} step(s) per episode (last terminal), {o.UpdatesPerStep} batched update(s) of {o.BatchSize} per step, target every {o.TargetUpdateEvery} steps{(o.DoubleDqn ? ", Double DQN" : "")}";
        result.Notes["held_out_songs"] = holdout.HeldOutSongs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (o.SaveModel is { Length: > 0 } path) SongDqnModelFile.Save(path, online);
        return (result, online);
    }

    private static double TailMean(MetricColumn c, int tail)
    {
        var v = c.Values;
        var n = Math.Min(tail, v.Length);
        double s = 0;
        for (var i = v.Length - n; i < v.Length; i++) s += v[i];
        return n == 0 ? double.NaN : s / n;
    }
}
