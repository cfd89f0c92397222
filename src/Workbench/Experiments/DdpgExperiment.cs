using System.Collections.Concurrent;
using System.Diagnostics;
using Workbench.Agents;
using Workbench.Data;
using Workbench.Embeddings;
using Workbench.Evaluation;
using Workbench.Replay;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Experiments;

/// <summary>
/// Seeds 002 and 004: LIRD-style list-wise DDPG (Zhao et al. 2018, arXiv 1801.00209) on the Spotify skip-challenge
/// sample, trained in the LIRD simulator built from the training sessions, evaluated the seed's way (skip rate of
/// recommended tracks found in the held-out session vs the data's skip rate; list diversity) and the challenge's way
/// (the actor's scores as a skip predictor for the second half of every held-out session, mean average accuracy
/// against random, always-skip and first-half-majority baselines).
/// </summary>
public sealed class DdpgExperiment : Experiment<DdpgOptions>
{
    private static readonly ConcurrentDictionary<string, Lazy<(SkipSessionSet Set, string Source, string? Sha)>> Sets = new();
    private static readonly ConcurrentDictionary<string, Lazy<(TrackEmbeddings Embeddings, bool FromCache)>> EmbeddingMemo = new();

    /// <inheritdoc />
    public override string Name => "ddpg";

    /// <inheritdoc />
    public override string Description => "Seeds 002/004: LIRD list-wise DDPG on the Spotify skip logs, evaluated as skip prediction.";

    /// <inheritdoc />
    protected override DdpgOptions Defaults(RunMode mode) => mode == RunMode.Faithful
        ? new DdpgOptions { Episodes = 5, SequenceLength = 3 }
        : new DdpgOptions
        {
            Episodes = 40,
            StateOrder = StateOrder.Chronological,
            GroupNormalization = GroupNormalization.PerMember,
            SequenceLength = 0,
            SeedGruInit = false,
            ActorAscendsQ = true,
            TargetActionFromNextState = true,
            ActionGradientAtOnlineAction = true,
            Deduplicate = true,
            ExcludeHistory = true,
            Noise = DdpgNoiseKind.ActionGaussian,
            NoiseSigma = 0.1,
            ActorLr = 1e-4,
            Tau = 0.01,
            EvalProtocol = SeedEvaluationProtocol.HeldOutHalf,
        };

    /// <summary>
    /// The quick budget (CI, <c>reproduce --quick</c>, notebooks with <c>quick = true</c>): a few 30-round episodes with
    /// batches of 16 (so updates start at round 16), a briefly trained embedding. Same as <see cref="Seed002Figures.Runs"/>' quick sets.
    /// </summary>
    public DdpgOptions QuickOptions(RunMode mode) => DefaultOptionsFor(mode) with
    {
        Episodes = mode == RunMode.Faithful ? 2 : 3, Rounds = 30, BatchSize = 16, EmbeddingEpochs = 10,
    };

    /// <summary>
    /// Loads (once per process) the session set of the run: the real log under the data root when present, else a
    /// synthetic log with a small track pool. Returns the set and a note naming the source.
    /// </summary>
    public static (SkipSessionSet Set, string Source, string? Sha256) LoadSessions(DdpgOptions o, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(o);
        var root = DataRoot.Resolve(dataDirectory);
        var real = root.SkipLogExists;
        var key = (real ? "real:" + root.SkipLogPath : "synthetic:" + o.SyntheticRows) + $"|{o.MinPlayCount}|{o.TrainFraction:R}|{o.SplitSeed}";
        return Sets.GetOrAdd(key, _ => new Lazy<(SkipSessionSet, string, string?)>(() =>
        {
            if (real)
                return (SkipSessionLoading.FromLog(SkipLog.Load(root.SkipLogPath), o.SessionOptions), "real: " + root.SkipLogPath, DataRoot.Sha256(root.SkipLogPath));
            // A pool of rows/25 tracks (about 25 plays each), so the play-count filter keeps most complete sessions.
            var pool = Math.Max(50, o.SyntheticRows / 25);
            var log = SyntheticData.SkipLog(new Rng(o.SplitSeed).Derive("synthetic-log"),
                new SyntheticSkipLogOptions { Rows = o.SyntheticRows, TrackPool = pool, HitTracks = pool / 10, HitShare = 0.3 });
            return (SkipSessionLoading.FromLog(log, o.SessionOptions), $"synthetic: SyntheticData.SkipLog, {o.SyntheticRows} rows (real file {root.SkipLogPath} not found)", null);
        })).Value;
    }

    /// <summary>The track embeddings of <paramref name="set"/> (memoised in process, cached on disk by corpus checksum and options).</summary>
    public static (TrackEmbeddings Embeddings, bool FromCache) LoadEmbeddings(SkipSessionSet set, DdpgOptions o, IProgress<EmbeddingEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(o);
        var eo = o.EmbeddingOptions;
        var dir = o.CacheDirectory ?? DefaultCacheDirectory();
        var key = TrackEmbeddingCache.Key(set, eo);
        return EmbeddingMemo.GetOrAdd(dir + "|" + key, _ => new Lazy<(TrackEmbeddings, bool)>(() =>
        {
            var e = TrackEmbeddingCache.GetOrTrain(dir, set, eo, out var hit, progress);
            return (e, hit);
        })).Value;
    }

    /// <summary>The repository's <c>data/cache/</c> (found from the working directory or the binaries), else a temp folder.</summary>
    public static string DefaultCacheDirectory()
    {
        var repo = DataRoot.FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? DataRoot.FindRepositoryRoot(AppContext.BaseDirectory);
        return repo is null ? Path.Combine(Path.GetTempPath(), "workbench-cache") : Path.Combine(repo, "data", "cache");
    }

    /// <inheritdoc />
    protected override ExperimentResult Run(DdpgOptions o, ExperimentContext context)
    {
        var (set, source, sha) = LoadSessions(o, context.DataDirectory);
        if (set.TrainSessions.Count < 2 || set.TestSessions.Count < 1)
            throw new WorkbenchException($"option min-play-count = {o.MinPlayCount} keeps {set.SessionCount} complete sessions of {source}; lower it");
        var (emb, fromCache) = LoadEmbeddings(set, o);
        var result = new ExperimentResult();
        result.Notes["data"] = source;
        result.Notes["filter"] = $"tracks played >= {o.MinPlayCount} times in the log (stand-in for the seed's us_popularity_estimate >= 95, whose file is lost); " +
                                 $"{set.SessionCount} sessions of exactly 20 surviving rows, {set.TrainSessions.Count} train / {set.TestSessions.Count} held out (seed {o.SplitSeed}), {set.TrackCount} tracks";
        result.Notes["embeddings"] = $"CBOW with negative sampling on {set.CorpusSessionCount} non-held-out log sessions, d = {emb.Dimension}" + (fromCache ? " (from cache)" : " (trained)");
        if (sha is not null) result.Datasets[DataRoot.SkipLogFile] = sha;

        var stopwatch = Stopwatch.StartNew();
        var rng = context.Rng;
        var samples = LirdSamples.Draw(set, set.TrainSessions, o.SampleOptions, rng.Derive("samples"));
        var sim = new LirdSimulator(samples, emb, o.SimulatorOptions, rng.Derive("env"));
        int n = o.StateLength, k = o.ActionLength, d = emb.Dimension, stateSize = n * d, actionSize = k * d;

        var net = rng.Derive("networks");
        DdpgActor MakeActor(string name) => new(MakeEncoder(o, d, o.ActorHidden == 0 ? d : o.ActorHidden, net.Derive(name + ".encoder")), actionSize, o.BatchSize, net.Derive(name));
        DdpgCritic MakeCritic(string name) => new(MakeEncoder(o, d, o.CriticHidden, net.Derive(name + ".encoder")), actionSize, o.BatchSize, net.Derive(name));
        var trainMapper = new ItemActionMapper(emb, k, o.BatchSize, o.Deduplicate);
        var agent = new DdpgAgent(o.AgentOptions, MakeActor("actor"), MakeActor("actor.target"), MakeCritic("critic"), MakeCritic("critic.target"), trainMapper);
        var actMapper = new ItemActionMapper(emb, k, 1, o.Deduplicate);
        var noise = new DdpgNoise(o.Noise, o.Noise == DdpgNoiseKind.SeedStateUniform ? stateSize : actionSize, o.NoiseSigma, o.NoiseTheta, rng.Derive("noise"));
        var buffer = new ReplayBuffer(o.BufferCapacity, stateSize, actionSize);
        var batch = new ReplayBatch(o.BatchSize, stateSize, actionSize);
        var replayRng = rng.Derive("replay");

        var episodes = result.AddTable("episodes");
        var cEpisode = episodes.AddColumn("episode", ColumnKind.Integer);
        var cReward = episodes.AddColumn("reward");
        var cLoss = episodes.AddColumn("critic_loss");
        var cMaxQ = episodes.AddColumn("max_q");
        var cUpdates = episodes.AddColumn("updates", ColumnKind.Integer);
        var cMeanLoss = episodes.AddColumn("mean_critic_loss");
        var cMeanQ = episodes.AddColumn("mean_max_q");

        var s = new float[stateSize];
        var input = new float[stateSize];
        var proto = new float[actionSize];
        var items = new int[k];
        var a = new float[actionSize];
        var s2 = new float[stateSize];
        var progress = context.CreateProgress(o.Episodes);
        for (var episode = 0; episode < o.Episodes; episode++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            sim.Reset();
            noise.Reset();
            double reward = 0, lossSum = 0, qSum = 0;
            var updates = 0;
            for (var t = 0; t < o.Rounds; t++)
            {
                emb.Gather(sim.State, s);
                s.CopyTo(input, 0);
                if (noise.OnState) noise.AddTo(input);
                agent.Actor.Forward(input, 1).CopyTo(proto);
                if (!noise.OnState) noise.AddTo(proto);
                actMapper.Pick(proto, 1, items, o.ExcludeHistory ? sim.State : default);
                emb.Gather(items, a);
                var r = sim.Step(items);
                emb.Gather(sim.State, s2);
                buffer.Add(s, a, (float)r, s2, done: false);
                reward += r;
                if (buffer.Count >= o.BatchSize)
                {
                    buffer.Sample(replayRng, batch, distinct: true); // the seed's random.sample: without replacement
                    var u = agent.Update(batch);
                    lossSum += u.CriticLoss;
                    qSum += u.MaxQ;
                    updates++;
                }
            }
            cEpisode.Add(episode + 1);
            cReward.Add(reward);
            cLoss.Add(lossSum);
            cMaxQ.Add(qSum);
            cUpdates.Add(updates);
            cMeanLoss.Add(updates == 0 ? double.NaN : lossSum / updates);
            cMeanQ.Add(updates == 0 ? double.NaN : qSum / updates);
            progress.Report(episode + 1);
        }
        result.TrainingSeconds = stopwatch.Elapsed.TotalSeconds;

        Evaluate(o, set, emb, agent, rng, result);
        result.Summary["updates"] = agent.Updates;
        result.Summary["sessions_kept"] = set.SessionCount;
        result.Summary["tracks"] = set.TrackCount;
        return result;
    }

    private static void Evaluate(DdpgOptions o, SkipSessionSet set, TrackEmbeddings emb, DdpgAgent agent, Rng rng, ExperimentResult result)
    {
        var policy = new DdpgPolicy(agent.Actor, emb, o.ActionLength, o.Deduplicate, o.ExcludeHistory);

        // The seed's evaluation: skip rate of the recommended tracks found in the session, and diversity.
        var seedEval = DdpgSeedEvaluation.Run(set, set.TestSessions, policy, emb, o.EvalProtocol, o.StateLength, o.ActionLength, o.EvalRounds, rng.Derive("eval"));

        // The challenge's: predict skip_2 of every held-out second half from the first half.
        var threshold = SkipPrediction.FitThreshold(set, set.TrainSessions, policy);
        ISkipPredictor[] predictors =
        [
            new ScoreThresholdPredictor(policy, threshold), new RandomSkipPredictor(rng.Derive("random-predictor")),
            new AllSkipPredictor(), new HistoryMajorityPredictor(),
        ];
        var accuracy = result.AddTable("skip_prediction");
        var cIndex = accuracy.AddColumn("predictor", ColumnKind.Integer);
        var cAa = accuracy.AddColumn("mean_average_accuracy");
        var cFirst = accuracy.AddColumn("first_prediction_accuracy");
        var scores = new Dictionary<string, SkipPredictionScore>();
        for (var i = 0; i < predictors.Length; i++)
        {
            var p = SkipPrediction.Predict(set, set.TestSessions, predictors[i]);
            var score = p.Score();
            scores[predictors[i].Name] = score;
            cIndex.Add(i);
            cAa.Add(score.MeanAverageAccuracy);
            cFirst.Add(score.FirstPredictionAccuracy);
        }
        result.Notes["skip_prediction"] = "predictor index: 0 agent (actor scores max_k w_k.e_i, threshold fit on training sessions), 1 random, 2 all_skip, 3 history (first-half majority)";

        var s = result.Summary;
        s["aa_agent"] = scores["agent"].MeanAverageAccuracy;
        s["aa_random"] = scores["random"].MeanAverageAccuracy;
        s["aa_all_skip"] = scores["all_skip"].MeanAverageAccuracy;
        s["aa_history"] = scores["history"].MeanAverageAccuracy;
        s["first_acc_agent"] = scores["agent"].FirstPredictionAccuracy;
        s["first_acc_random"] = scores["random"].FirstPredictionAccuracy;
        s["first_acc_all_skip"] = scores["all_skip"].FirstPredictionAccuracy;
        s["first_acc_history"] = scores["history"].FirstPredictionAccuracy;
        s["skip_rate_agent"] = seedEval.SkipRateAgent;
        s["skip_rate_data"] = seedEval.SkipRateData;
        s["diversity_agent"] = seedEval.Diversity;
        s["unknown_fraction"] = seedEval.UnknownFraction;
        s["threshold"] = threshold;
    }

    private static IStateEncoder MakeEncoder(DdpgOptions o, int embeddingDim, int hidden, Rng rng) => o.Encoder switch
    {
        DdpgEncoder.Mlp => new MlpStateEncoder(o.StateLength * embeddingDim, hidden, o.BatchSize, rng),
        _ => new GruStateEncoder(o.StateLength, embeddingDim, hidden, o.SequenceLength == 0 ? o.StateLength : o.SequenceLength, o.BatchSize, rng, o.SeedGruInit),
    };
}
