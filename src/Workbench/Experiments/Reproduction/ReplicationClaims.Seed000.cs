using Workbench.Plotting;

namespace Workbench.Experiments.Reproduction;

public static partial class ReplicationClaims
{
    /// <summary>Run keys of seed 000.</summary>
    public const string QFaithful = "q-learning/faithful", QCorrected = "q-learning/corrected",
        DuelingFaithful = "dueling-dqn/faithful", DuelingCorrected = "dueling-dqn/corrected",
        DeezerEvalFaithful = "deezer-evaluation/faithful", DeezerEvalCorrected = "deezer-evaluation/corrected";

    /// <summary>
    /// Seed 000 (tabular Q-learning and Dueling DQN on the Deezer tracks): the shape and range of <c>loss_q.png</c>,
    /// the range of <c>loss_dqn.png</c>, the "clear improvement in loss", and whether each agent recommends what the
    /// user likes better than the random and popularity baselines.
    /// </summary>
    public static IReadOnlyList<ReplicationClaim> Seed000 { get; } =
    [
        new("000", "000-loss-q", "Q-learning loss: 50-episode moving average rising from about 50 to 60",
            "loss_q.png (100 episodes): loss per episode, 50-episode moving average with a linear fit and a mean line, rising from about 50 to 60",
            [QFaithful, QCorrected],
            "The reward is 1 whatever the action (the rows walked are pre-filtered on the user's artist) and the next state is the same row, " +
            "so Q(s, a) is driven towards r / (1 - 0.9) = 10 on every visited state: the loss measures the table filling up, not a preference " +
            "being learned, and its level scales with the number of matching rows (loss = sum of squared TD errors per episode).",
            LossQ),
        new("000", "000-loss-dqn", "Dueling DQN loss per step between 0 and about 0.035",
            "loss_dqn.png (10 episodes, 61,290 updates): loss per training step, 2,000-step moving average with fit and mean lines, y from 0 to about 0.035",
            [DuelingFaithful, DuelingCorrected],
            "Every transition is terminal and the faithful reward is a fixed function of the row and the action (three +-1 matches, negated " +
            "for dislike), so the network regresses a deterministic target over 6,129 rows and the loss falls to near zero: a small loss " +
            "shows the reward table memorised, not recommendation quality (see the evaluation rows).",
            LossDqn),
        new("000", "000-dqn-improves", "Dueling DQN: clear improvement in loss over the training episodes",
            "\"The network effectively learns to predict Q-values ..., showing a clear improvement in loss over training episodes.\"",
            [DuelingFaithful, DuelingCorrected],
            "The mean loss of the first and the last 10% of the training steps of each seed, paired over seeds (95% interval of " +
            "last - first); with every transition terminal the loss falls as the network fits the reward table, which is memorisation, " +
            "not recommendation quality.",
            DqnImproves),
        new("000", "000-q-recommends", "Q-learning recommends songs the user likes (beats random and popularity)",
            "\"The agent learns to recommend songs by the preferred artist within the specified danceability range\"",
            [DeezerEvalFaithful, DeezerEvalCorrected],
            "The seed's Q-learning reward is 1 whatever the action and only matching rows are visited, so Q(like) and Q(dislike) carry no " +
            "preference (its recommendation step even used a fresh, all-zero Q-table: the matching rows in file order); the corrected " +
            "action-dependent reward over the whole catalog is what lets it learn. Measured over simulated users with random preferences on " +
            "held-out rows: hit rate of the first recommendation (paired over seeds against random and popularity-by-Rank).",
            ev => Recommends(ev, "q", "Q-learning")),
        new("000", "000-dqn-recommends", "Dueling DQN recommends songs the user likes (beats random and popularity)",
            "\"The network effectively learns to predict Q-values and recommends songs that align with user preferences\"",
            [DeezerEvalFaithful, DeezerEvalCorrected],
            "The faithful reward (artist, genre and danceability matches, +-1 each, negated for dislike) is itself a preference score, so a " +
            "network that fits it ranks the matching songs first: supervised regression of the reward with every transition terminal, no " +
            "sequential decision. Hit rate of the first recommendation on held-out rows, paired over seeds against the baselines.",
            ev => Recommends(ev, "dqn", "Dueling DQN")),
    ];

    private static ClaimOutcome LossQ(ReplicationRuns r)
    {
        string Describe(string key, out SummaryStats s)
        {
            var run = r.Run(key);
            var trends = run.Seeds.Select(sd => Trend(sd, "episodes", "episode", "loss")).ToList();
            var ma = run.Seeds.Select(sd =>
            {
                var y = Column(sd, "episodes", "loss");
                var m = SeriesMath.MovingAverage(y, Math.Min(50, Math.Max(1, y.Length)));
                return (First: m.Length >= 50 ? m[49] : m.Length > 0 ? m[0] : double.NaN, Last: m.Length > 0 ? m[^1] : double.NaN);
            }).ToList();
            s = new SummaryStats(Of(trends.Select(t => t.Start)), Of(trends.Select(t => t.End)), Of(trends.Select(t => t.Slope)));
            return Inv($"linear trend {Format(s.Start)} -> {Format(s.End)} (slope {Format(s.Slope)} per episode); 50-episode moving average {Format(Of(ma.Select(m => m.First)))} at episode 50 -> {Format(Of(ma.Select(m => m.Last)))} at the end {Budget(r, key)}");
        }

        var faithful = Describe(QFaithful, out var f);
        var corrected = Describe(QCorrected, out _);
        var rising = Sign(f.Slope) > 0;
        var levels = Within(f.Start, 40, 60) && Within(f.End, 50, 70);
        var verdict = rising && levels ? ClaimVerdict.Reproduced : rising || levels ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        var finding = Inv($"The faithful trend {(rising ? "rises" : "does not rise significantly")} and its ends ({f.Start.Mean:G3}, {f.End.Mean:G3}) are {(levels ? "" : "not ")}within 40-60 and 50-70.");
        return new ClaimOutcome(verdict, faithful, corrected, finding);
    }

    private static ClaimOutcome LossDqn(ReplicationRuns r)
    {
        string Describe(string key, out Summary2 s)
        {
            var run = r.Run(key);
            var per = run.Seeds.Select(sd =>
            {
                var y = Column(sd, "steps", "loss");
                if (y.Length == 0) return (Max: double.NaN, Final: double.NaN);
                var w = Math.Min(2000, y.Length);
                var m = SeriesMath.MovingAverage(y, w);
                return (Max: m.Skip(w - 1).Max(), Final: m[^1]);
            }).ToList();
            s = new Summary2(Of(per.Select(p => p.Max)), Of(per.Select(p => p.Final)));
            return Inv($"2,000-step moving average: highest {Format(s.A)} after the first window, final {Format(s.B)}; {r.Stat(key, "updates").Mean:N0} updates {Budget(r, key)}");
        }

        var faithful = Describe(DuelingFaithful, out var f);
        var corrected = Describe(DuelingCorrected, out _);
        // "about 0.035": the axis top of the published figure; a factor of two either way is still "about".
        var finalOk = Within(f.B, 0, 0.07);
        var maxOk = Within(f.A, 0, 0.07);
        var verdict = finalOk && maxOk ? ClaimVerdict.Reproduced : finalOk ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        var finding = Inv($"Faithful: the moving average ends at {f.B.Mean:G3} and peaks at {f.A.Mean:G3} (published range 0 to about 0.035; accepted up to 0.07).");
        return new ClaimOutcome(verdict, faithful, corrected, finding);
    }

    private static ClaimOutcome DqnImproves(ReplicationRuns r)
    {
        string Describe(string key, out SummaryStatisticPair s)
        {
            var run = r.Run(key);
            var ends = run.Seeds.Select(sd => Ends(Column(sd, "steps", "loss").Where(double.IsFinite).ToArray(), 0.1)).ToList();
            var first = Of(ends.Select(e => e.First));
            var last = Of(ends.Select(e => e.Last));
            var diff = Of(ends.Select(e => e.Last - e.First));
            s = new SummaryStatisticPair(first, last, diff);
            return Inv($"mean loss of the first 10% of the steps {Format(first)} -> last 10% {Format(last)}; last - first {Format(diff)} {Budget(r, key)}");
        }

        var faithful = Describe(DuelingFaithful, out var f);
        var corrected = Describe(DuelingCorrected, out var c);
        var fDown = Sign(f.Difference) < 0;
        var cDown = Sign(c.Difference) < 0;
        var verdict = fDown ? ClaimVerdict.Reproduced : cDown ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            $"The faithful loss {(fDown ? "falls" : "does not fall significantly")}; the corrected loss {(cDown ? "falls" : "does not fall significantly")}.");
    }

    private static ClaimOutcome Recommends(ReplicationRuns r, string model, string label)
    {
        string Describe(string key, out int vsRandom, out int vsPopularity)
        {
            var hit = r.Stat(key, $"{model}_test_hit_rate");
            var random = r.Stat(key, "random_test_hit_rate");
            var popularity = r.Stat(key, "popularity_test_hit_rate");
            var dRandom = r.Paired(key, $"{model}_test_hit_rate", key, "random_test_hit_rate");
            var dPop = r.Paired(key, $"{model}_test_hit_rate", key, "popularity_test_hit_rate");
            vsRandom = Sign(dRandom);
            vsPopularity = Sign(dPop);
            var precision = r.HasStat(key, $"{model}_test_precision") ? Format(r.Stat(key, $"{model}_test_precision")) : "n/a";
            return Inv($"first-recommendation hit rate {label} {Format(hit)} vs random {Format(random)}, popularity {Format(popularity)} ({label} - random {Format(dRandom)}); precision of like {precision} {Budget(r, key)}");
        }

        var faithful = Describe(DeezerEvalFaithful, out var fr, out var fp);
        var corrected = Describe(DeezerEvalCorrected, out var cr, out var cp);
        var verdict = fr > 0 && fp > 0 ? ClaimVerdict.Reproduced : fr > 0 || fp > 0 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            $"Faithful {label} {Beats(fr)} random and {Beats(fp)} popularity; corrected {Beats(cr)} random and {Beats(cp)} popularity (95%, paired over seeds).");
    }

    private static string Beats(int sign) => sign > 0 ? "beats" : sign < 0 ? "loses to" : "is not significantly different from";

    private readonly record struct SummaryStats(Evaluation.SummaryStatistic Start, Evaluation.SummaryStatistic End, Evaluation.SummaryStatistic Slope);

    private readonly record struct Summary2(Evaluation.SummaryStatistic A, Evaluation.SummaryStatistic B);

    private readonly record struct SummaryStatisticPair(Evaluation.SummaryStatistic First, Evaluation.SummaryStatistic Last, Evaluation.SummaryStatistic Difference);
}
