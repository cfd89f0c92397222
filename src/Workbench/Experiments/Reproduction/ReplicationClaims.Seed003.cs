namespace Workbench.Experiments.Reproduction;

public static partial class ReplicationClaims
{
    /// <summary>Run keys of seed 003.</summary>
    public const string AudioFaithful = "audio-dqn/faithful", AudioCorrected = "audio-dqn/corrected";

    /// <summary>Seed 003's "solved" threshold on the 100-episode average score.</summary>
    public const double Seed003SolvedThreshold = 15;

    /// <summary>
    /// Seed 003 (DQN over audio features): the "solved" criterion, the playlist it builds (repeats), and whether the
    /// agent learns the reward beyond random within its budget.
    /// </summary>
    public static IReadOnlyList<ReplicationClaim> Seed003 { get; } =
    [
        new("003", "003-solved", "Training reaches the \"solved\" score (100-episode average >= 15)",
            "\"Launch the training loop for 2000 episodes\"; the training code stops once the 100-episode average score reaches 15",
            [AudioFaithful, AudioCorrected],
            "Unreachable: reward = cos(state, song) - 0.5 <= 0.5 per step over 20 steps gives at most 10 < 15, so no run can be \"solved\"; " +
            "corrected mode uses a reachable threshold (9 of at most 10).",
            Solved),
        new("003", "003-repeats", "A personalised playlist (not one song over and over)",
            "\"continuously refining its policy to create the perfect personalized playlist\"",
            [AudioFaithful, AudioCorrected],
            "No repeat penalty: the song closest to the history's mean keeps the cosine highest, and playing it again moves the mean " +
            "towards it, so the reward-maximising playlist repeats one song; corrected mode gives a repeat no reward and masks played songs.",
            Repeats),
        new("003", "003-learns", "The agent learns the user's \"vibe\" (beats random)",
            "\"an intelligent agent that recommends songs ... learns from its decisions, continuously refining its policy\"",
            [AudioFaithful, AudioCorrected],
            "Greedy evaluation episodes after training against the uniform random policy and the greedy-cosine oracle (the ceiling of this " +
            "reward), paired over seeds. The faithful network has one output per track, so within the budget most tracks' outputs are never trained.",
            Learns),
    ];

    private static ClaimOutcome Solved(ReplicationRuns r)
    {
        string Describe(string key, out Evaluation.SummaryStatistic solved)
        {
            solved = r.Stat(key, "solved");
            var count = r.PerSeed(key, "solved").Count(v => v > 0);
            var threshold = r.Stat(key, "solved_threshold").Mean;
            var when = count > 0
                ? Inv($", first solved at episode {Format(Of(r.PerSeed(key, "solved_episode").Where(v => v > 0)), "N0")}")
                : "";
            return Inv($"best 100-episode average {Format(r.Stat(key, "best_avg_score"))} of at most {r.Stat(key, "max_score").Mean:G3}; solved (>= {threshold:G3}) in {count} of {r.SeedCount(key)} seeds{when} {Budget(r, key)}");
        }

        var faithful = Describe(AudioFaithful, out var fs);
        var corrected = Describe(AudioCorrected, out _);
        var max = r.Stat(AudioFaithful, "max_score").Mean;
        var threshold = r.Stat(AudioFaithful, "solved_threshold").Mean;
        var verdict = fs.Mean >= 1 ? ClaimVerdict.Reproduced : fs.Mean > 0 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            Inv($"The faithful threshold {threshold:G3} is {(threshold > max ? "above" : "within")} the largest possible score {max:G3}."));
    }

    private static ClaimOutcome Repeats(ReplicationRuns r)
    {
        string Describe(string key, out Evaluation.SummaryStatistic repeats)
        {
            var eval = r.HasStat(key, "eval_repeat_fraction_agent");
            repeats = r.Stat(key, eval ? "eval_repeat_fraction_agent" : "repeat_fraction");
            var coverage = r.HasStat(key, "eval_coverage_agent") ? Inv($", greedy coverage {Format(r.Stat(key, "eval_coverage_agent"))}") : "";
            return Inv($"{(eval ? "greedy" : "training")} playlists: {Percent(repeats)} repeated recommendations{coverage}; training coverage {Format(r.Stat(key, "coverage"))} of {r.Stat(key, "catalog_tracks").Mean:N0} tracks {Budget(r, key)}");
        }

        var faithful = Describe(AudioFaithful, out var f);
        var corrected = Describe(AudioCorrected, out var c);
        var verdict = f.Mean < 0.1 ? ClaimVerdict.Reproduced : f.Mean < 0.5 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            Inv($"Faithful playlists repeat {100 * f.Mean:F0}% of the time, corrected {100 * c.Mean:F0}%."));
    }

    private static ClaimOutcome Learns(ReplicationRuns r)
    {
        string Describe(string key, out int vsRandom, out double ofOracle)
        {
            var agent = r.Stat(key, "eval_score_agent");
            var oracle = r.Stat(key, "eval_score_oracle");
            vsRandom = Sign(r.Paired(key, "eval_score_agent", key, "eval_score_random"));
            ofOracle = oracle.Mean != 0 ? agent.Mean / oracle.Mean : double.NaN;
            return Inv($"greedy episode score agent {Format(agent)} vs random {Format(r.Stat(key, "eval_score_random"))}, oracle {Format(oracle)} ({100 * ofOracle:F0}% of the oracle) {Budget(r, key)}");
        }

        var faithful = Describe(AudioFaithful, out var fr, out var fo);
        var corrected = Describe(AudioCorrected, out var cr, out var co);
        var verdict = fr > 0 && fo >= 0.9 ? ClaimVerdict.Reproduced : fr > 0 || cr > 0 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            Inv($"Faithful agent {Beats(fr)} random ({100 * fo:F0}% of the oracle); corrected {Beats(cr)} random ({100 * co:F0}% of the oracle)."));
    }
}
