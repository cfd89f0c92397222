using System.Globalization;

namespace Workbench.Experiments.Reproduction;

/// <summary>
/// The reproduction plan of the five seed projects: which experiments <c>workbench reproduce</c> runs, in which modes
/// and budgets, and which figures it draws from them. Every run exists in faithful and corrected mode.
/// </summary>
/// <remarks>
/// <para><b>Targets and runs</b> (run key = <c>experiment/mode[-label]</c>; full budget; quick budget), 5 seeds each
/// by default:</para>
/// <list type="bullet">
/// <item><c>q-learning</c>: q-learning/faithful (the seed's 100 episodes), q-learning/corrected (30 episodes over all
/// 6,129 rows); quick: 100 and 10 episodes (tabular: well under a second).</item>
/// <item><c>dueling-dqn</c>: dueling-dqn/faithful (the seed's 10 episodes = 61,290 updates: the published
/// <c>loss_dqn.png</c>), dueling-dqn/corrected (<b>reduced</b>: <see cref="DuelingCorrectedEpisodes"/> episodes, the
/// experiment's default is 10), and the evaluation beyond the seed, deezer-evaluation/faithful and /corrected
/// (<b>reduced</b>: <see cref="DeezerEvaluationUsers"/> simulated users per seed, default 20); quick: 1 episode of 500
/// steps, 2 users with 300 DQN rows.</item>
/// <item><c>ah-dqn</c> and <c>dqn</c>: each at 500, 1,000 and 50,000 episodes (labels "500", "1000", "50000") in both
/// modes, the seed's promised comparison at its full budgets; quick: 100, 150 and 300 episodes with 20 evaluation users
/// at 5 points. The side-by-side figures (AH-DQN left, DQN right) are registered under the <c>dqn</c> target, since they
/// need both agents' runs.</item>
/// <item><c>ddpg</c>: the seed helper's runs (<see cref="Seed002Figures.Runs"/>: faithful 5 episodes of 50 rounds,
/// corrected 40); quick: 2 and 3 episodes of 20 rounds, 3 embedding epochs.</item>
/// <item><c>audio-dqn</c>: <b>reduced full budget</b>. The seed's 2,000 episodes x 20 steps = 40,000 updates through a
/// 114,000-output layer run at about 20 updates/s on this machine (35 minutes per seed, about 3 hours for 5 seeds on
/// 2 cores), so the plan's full run trains on the first <see cref="AudioFullCatalog"/> tracks of the shuffled catalog
/// for <see cref="AudioFullEpisodes"/> episodes with epsilon decay 0.95 per episode (the floor 0.01 is reached after
/// 90 episodes, 45% of training, as the seed's 0.995 reaches it after 920 of 2,000). The full-length run is
/// <c>workbench reproduce audio-dqn --set catalog-size=0 --set episodes=2000 --set epsilon-decay=0.995</c>.
/// Quick: 1,000 tracks, 40 episodes, epsilon decay 0.93, 10 evaluation episodes.</item>
/// </list>
/// <para><b>Figures</b> are each seed's <c>*Figures</c> builders, redrawn from the run files: seed 000's loss curves
/// and evaluation bars, seed 001's nine plots per mode and episode count with AH-DQN and DQN side by side plus the
/// comparison and cold-start summaries, seed 002's training scalars, skip-rate, diversity and accuracy bars, seed 003's
/// score, repeats, coverage and evaluation. <see cref="KeyFigures"/> are the ones the replication report shows.</para>
/// </remarks>
public static class ReproductionCatalog
{
    /// <summary>The episode counts of seed 001's comparison (run labels).</summary>
    public static IReadOnlyList<int> Seed001Episodes => ReplicationClaims.Seed001EpisodeCounts;

    /// <summary>Quick budgets of seed 001 for each of <see cref="Seed001Episodes"/>.</summary>
    public static IReadOnlyList<int> Seed001QuickEpisodes { get; } = [100, 150, 300];

    /// <summary>Episodes of the corrected Dueling DQN's full run (the faithful one keeps the seed's 10).</summary>
    public const int DuelingCorrectedEpisodes = 3;

    /// <summary>Simulated users per seed of seed 000's evaluation in the full run.</summary>
    public const int DeezerEvaluationUsers = 10;

    /// <summary>Tracks of seed 003's reduced full run (the first tracks of the shuffled catalog; the seed uses all 114,000).</summary>
    public const int AudioFullCatalog = 5_000;

    /// <summary>Episodes of seed 003's reduced full run (the seed: 2,000).</summary>
    public const int AudioFullEpisodes = 200;

    /// <summary>
    /// The figures the replication report shows per seed: seed 000's loss_q, loss_dqn and evaluation; seed 001's
    /// average Q (AH-DQN vs DQN, faithful, 50,000-episode run), the comparison of every run and the cold start;
    /// seed 002's skip-rate and accuracy bars; seed 003's faithful score and repeats.
    /// </summary>
    public static IReadOnlyList<KeyFigure> KeyFigures { get; } =
    [
        new("000", "seed000-q-learning", "loss_q"),
        new("000", "seed000-dueling-dqn", "loss_dqn"),
        new("000", "seed000-deezer-evaluation", "evaluation"),
        new("001", "seed001-faithful-50000", "-03-average-q"),
        new("001", "seed001-summary", "summary-eval-reward-ratio"),
        new("001", "seed001-summary", "summary-cold-start"),
        new("002", "ddpg", "skip_rate"),
        new("002", "ddpg", "accuracy"),
        new("003", "seed003", "score_faithful"),
        new("003", "seed003", "repeats"),
    ];

    /// <summary>The default plan over every seed experiment.</summary>
    public static ReproductionPlan Default { get; } = Build();

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<NamedFigure> Named(IEnumerable<(string Name, Plotting.Figure Figure)> figures) =>
        figures.Select(f => new NamedFigure(f.Name, f.Figure)).ToList();

    /// <summary>A seed-001 run as its figures read it (as <see cref="Seed001Run.FromDirectory"/>, from data already read).</summary>
    private static Seed001Run Seed001Of(RunData run)
    {
        var seeds = run.Seeds.Select(Seed001Run.ToResult).ToList();
        var episodes = seeds.Count > 0 && seeds[0].Tables.TryGetValue("episodes", out var t) ? t.RowCount : 0;
        return new Seed001Run(run.Manifest.Experiment, run.Manifest.Mode, episodes, seeds);
    }

    private static ReproductionPlan Build()
    {
        var plan = new ReproductionPlan();
        var faithful = RunMode.Faithful;
        var corrected = RunMode.Corrected;

        // Seed 000 (the evaluation beyond the seed runs under the dueling-dqn target: it trains both agents).
        plan.Add("q-learning", new ReproductionRun("q-learning", faithful, "", [], []));
        plan.Add("q-learning", new ReproductionRun("q-learning", corrected, "", [], ["episodes=10"]));
        plan.Add("dueling-dqn", new ReproductionRun("dueling-dqn", faithful, "", [], ["episodes=1", "steps-per-episode=500"]));
        plan.Add("dueling-dqn", new ReproductionRun("dueling-dqn", corrected, "", ["episodes=" + Inv(DuelingCorrectedEpisodes)], ["episodes=1", "steps-per-episode=500"]));
        plan.Add("dueling-dqn", new ReproductionRun("deezer-evaluation", faithful, "", ["users=" + Inv(DeezerEvaluationUsers)], ["users=2", "episodes=10", "dqn-rows=300"]));
        plan.Add("dueling-dqn", new ReproductionRun("deezer-evaluation", corrected, "", ["users=" + Inv(DeezerEvaluationUsers)], ["users=2", "episodes=5", "dqn-rows=300"]));
        plan.AddFigures("q-learning", new FigureSet("seed000-q-learning", [Seed000Figures.QFaithful, Seed000Figures.QCorrected], Seed000Figures.BuildFigures));
        plan.AddFigures("dueling-dqn", new FigureSet("seed000-dueling-dqn", [Seed000Figures.DqnFaithful, Seed000Figures.DqnCorrected], Seed000Figures.BuildFigures));
        plan.AddFigures("dueling-dqn", new FigureSet("seed000-deezer-evaluation", [Seed000Figures.EvalFaithful, Seed000Figures.EvalCorrected], Seed000Figures.BuildFigures));

        // Seed 001: the comparison at 500, 1,000 and 50,000 episodes, both networks, both modes.
        foreach (var experiment in new[] { "ah-dqn", "dqn" })
            foreach (var mode in new[] { faithful, corrected })
                for (var i = 0; i < Seed001Episodes.Count; i++)
                    plan.Add(experiment, new ReproductionRun(experiment, mode, Inv(Seed001Episodes[i]),
                        ["episodes=" + Inv(Seed001Episodes[i])],
                        ["episodes=" + Inv(Seed001QuickEpisodes[i]), "eval-users=20", "eval-points=5"]));
        // Side by side (AH-DQN left, DQN right) per mode and episode count, then the comparison and the cold start over all runs.
        var seed001Keys = new List<string>();
        foreach (var mode in new[] { faithful, corrected })
            foreach (var n in Seed001Episodes)
            {
                var ah = ReplicationClaims.Seed001Key("ah-dqn", mode, n);
                var dqn = ReplicationClaims.Seed001Key("dqn", mode, n);
                seed001Keys.AddRange([ah, dqn]);
                plan.AddFigures("dqn", new FigureSet($"seed001-{mode.ToString().ToLowerInvariant()}-{Inv(n)}", [ah, dqn],
                    runs => Named(Seed001Figures.BuildFigures(Seed001Of(runs[ah]), Seed001Of(runs[dqn])))));
            }
        plan.AddFigures("dqn", new FigureSet("seed001-summary", seed001Keys, runs =>
        {
            var all = seed001Keys.Select(k => Seed001Of(runs[k])).ToList();
            return [new NamedFigure("summary-eval-reward-ratio", Seed001Figures.SummaryFigure(all)), new NamedFigure("summary-cold-start", Seed001Figures.ColdStartFigure(all))];
        }));

        // Seeds 002/004: the seed helper's runs (faithful 5 episodes, corrected 40; quick 2 and 3 of 20 rounds) and figures.
        foreach (var run in Seed002Figures.Runs) plan.Add("ddpg", run);
        plan.AddFigures("ddpg", Seed002Figures.FigureSet);

        // Seed 003: a documented reduced full budget (see the remarks).
        string[] audioFull = ["catalog-size=" + Inv(AudioFullCatalog), "episodes=" + Inv(AudioFullEpisodes), "epsilon-decay=0.95"];
        string[] audioQuick = ["catalog-size=1000", "episodes=40", "epsilon-decay=0.93", "eval-episodes=10"];
        plan.Add("audio-dqn", new ReproductionRun("audio-dqn", faithful, "", audioFull, audioQuick));
        plan.Add("audio-dqn", new ReproductionRun("audio-dqn", corrected, "", audioFull, audioQuick));
        plan.AddFigures("audio-dqn", new FigureSet("seed003", [ReplicationClaims.AudioFaithful, ReplicationClaims.AudioCorrected],
            runs => Seed003Figures.BuildFigures(runs[ReplicationClaims.AudioFaithful], runs[ReplicationClaims.AudioCorrected])));
        return plan;
    }
}
