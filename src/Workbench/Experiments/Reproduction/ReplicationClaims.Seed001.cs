namespace Workbench.Experiments.Reproduction;

public static partial class ReplicationClaims
{
    /// <summary>The episode counts of seed 001's promised comparison (run labels "500", "1000", "50000").</summary>
    public static IReadOnlyList<int> Seed001EpisodeCounts { get; } = [500, 1000, 50000];

    /// <summary>The run key of seed 001's <paramref name="experiment"/> ("ah-dqn" or "dqn") in <paramref name="mode"/> at <paramref name="episodes"/>.</summary>
    public static string Seed001Key(string experiment, RunMode mode, int episodes) =>
        $"{experiment}/{mode.ToString().ToLowerInvariant()}-{episodes.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Seed 001 (AH-DQN): the average target Q climbing to 60-130, AH-DQN "enhancing" DQN at 500, 1,000 and 50,000
    /// episodes, scoring songs never trained on (cold start), and epsilon decay turning exploration into exploitation.
    /// </summary>
    public static IReadOnlyList<ReplicationClaim> Seed001 { get; } =
    [
        new("001", "001-average-q", "Average target Q climbs to about 60-130",
            "The README's Q-Value plot against episodes: the average target Q climbs to about 60-130 (SEEDS.md)",
            [Seed001Key("ah-dqn", RunMode.Faithful, 50000), Seed001Key("dqn", RunMode.Faithful, 50000),
                Seed001Key("ah-dqn", RunMode.Corrected, 50000), Seed001Key("dqn", RunMode.Corrected, 50000)],
            "A bootstrapping artefact: transitions are stored with done = False and the state (the one virtual user's preferences) never " +
            "changes, so target = r + 0.95 max_a Q(s, a) climbs towards max r / (1 - 0.95) = 20 times the best song's reward; with one-step " +
            "terminal episodes (corrected) Q is the expected reward, at most the number of a song's tags.",
            AverageQ),
        .. Seed001EpisodeCounts.Select(n => new ReplicationClaim("001", $"001-ah-vs-dqn-{n}",
            $"AH-DQN better than DQN at {n:N0} episodes",
            $"\"The AH-DQN algorithm enhances traditional DQN\"; \"Difference Between DQN and AH-DQN: Results for {n} episodes\" (announced; no number or figure published)",
            [Seed001Key("ah-dqn", RunMode.Faithful, n), Seed001Key("dqn", RunMode.Faithful, n),
                Seed001Key("ah-dqn", RunMode.Corrected, n), Seed001Key("dqn", RunMode.Corrected, n)],
            "No result was published and the code has no DQN: this compares the seed's AH-DQN with the DQN it promised (state 21 -> 64 -> " +
            "64 -> one output per song) under the same loop and budget. Score: eval_reward_ratio = reward of the greedy song / reward of the " +
            "best song over 100 held-out users, paired over seeds. The faithful loop trains on one fixed user with random actions only.",
            runs => AhVersusDqn(runs, n))),
        new("001", "001-cold-start", "AH-DQN scores songs it never trained on (cold start), DQN cannot",
            "\"The input layer combines the state (user preferences) and action (song features) vectors\" (the design; no cold-start result published)",
            [Seed001Key("ah-dqn", RunMode.Corrected, 50000), Seed001Key("dqn", RunMode.Corrected, 50000)],
            "Corrected runs hold 10% of the songs out of training. AH-DQN scores any song from its 21 tags; DQN's output for a song it never " +
            "chose is still its random initialisation. Hit rate: the user's best held-out song is in the agent's top 10 held-out songs.",
            ColdStart),
        new("001", "001-exploitation", "Epsilon decay moves training from exploration to exploitation",
            "\"The epsilon-greedy policy decays epsilon over time to transition from exploration to exploitation\"",
            [Seed001Key("ah-dqn", RunMode.Faithful, 50000), Seed001Key("ah-dqn", RunMode.Corrected, 50000)],
            "The seed's act() always explores for the virtual user (is_virtual_user = True): epsilon decays (twice per episode) but never " +
            "changes what training does, so the training reward stays at the random level. Mean reward of the first and the last 10% of " +
            "the episodes, paired over seeds.",
            Exploitation),
    ];

    private static ClaimOutcome AverageQ(ReplicationRuns r)
    {
        const int n = 50000;
        string Describe(RunMode mode, out Evaluation.SummaryStatistic ah)
        {
            var a = Seed001Key("ah-dqn", mode, n);
            var d = Seed001Key("dqn", mode, n);
            ah = r.Stat(a, "final_avg_q");
            var ahMax = r.OverSeeds(a, s => Column(s, "episodes", "avg_q").DefaultIfEmpty(double.NaN).Max());
            return Inv($"final average Q: AH-DQN {Format(ah)} (highest {Format(ahMax)}), DQN {Format(r.Stat(d, "final_avg_q"))} {Budget(r, a)}");
        }

        var faithful = Describe(RunMode.Faithful, out var f);
        var corrected = Describe(RunMode.Corrected, out var c);
        var verdict = Within(f, 60, 130) ? ClaimVerdict.Reproduced : f.Mean > 20 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        var dqn = r.Stat(Seed001Key("dqn", RunMode.Faithful, n), "final_avg_q");
        var dqnNote = dqn.Mean > 130
            ? Inv($" The plain DQN in the same loop climbs far beyond ({dqn.Mean:G3}): its target is a max over 1,000 outputs each trained only when its song is drawn, an upward-biased estimate that the non-terminal bootstrap feeds back.")
            : "";
        return new ClaimOutcome(verdict, faithful, corrected,
            Inv($"Faithful AH-DQN ends at {f.Mean:G3} ({(Within(f, 60, 130) ? "inside" : "outside")} 60-130); corrected at {c.Mean:G3}.") + dqnNote);
    }

    private static ClaimOutcome AhVersusDqn(ReplicationRuns r, int n)
    {
        string Describe(RunMode mode, out int sign)
        {
            var a = Seed001Key("ah-dqn", mode, n);
            var d = Seed001Key("dqn", mode, n);
            var diff = r.Paired(a, "eval_reward_ratio", d, "eval_reward_ratio");
            sign = Sign(diff);
            return Inv($"reward ratio AH-DQN {Format(r.Stat(a, "eval_reward_ratio"))} vs DQN {Format(r.Stat(d, "eval_reward_ratio"))} (random {Format(r.Stat(a, "random_reward_ratio"))}); AH - DQN {Format(diff)} {Budget(r, a)}");
        }

        var faithful = Describe(RunMode.Faithful, out var fs);
        var corrected = Describe(RunMode.Corrected, out var cs);
        var verdict = fs > 0 && cs > 0 ? ClaimVerdict.Reproduced : fs > 0 || cs > 0 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            $"AH-DQN {Beats(fs)} DQN in the faithful loop and {Beats(cs)} it in the corrected one (95%, paired over seeds).");
    }

    private static ClaimOutcome ColdStart(ReplicationRuns r)
    {
        var a = Seed001Key("ah-dqn", RunMode.Corrected, 50000);
        var d = Seed001Key("dqn", RunMode.Corrected, 50000);
        var vsDqn = Sign(r.Paired(a, "cold_start_hit_rate", d, "cold_start_hit_rate"));
        var vsRandom = Sign(r.Paired(a, "cold_start_hit_rate", a, "cold_start_random_hit_rate"));
        var corrected = Inv($"held-out songs hit rate@10: AH-DQN {Format(r.Stat(a, "cold_start_hit_rate"))}, DQN {Format(r.Stat(d, "cold_start_hit_rate"))}, random {Format(r.Stat(a, "cold_start_random_hit_rate"))} {Budget(r, a)}");
        var verdict = vsDqn > 0 && vsRandom > 0 ? ClaimVerdict.Reproduced : vsRandom > 0 ? ClaimVerdict.Partly : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, "n/a: the faithful loop holds no song out", corrected,
            $"On held-out songs AH-DQN {Beats(vsDqn)} DQN and {Beats(vsRandom)} random (95%, paired over seeds).");
    }

    private static ClaimOutcome Exploitation(ReplicationRuns r)
    {
        string Describe(RunMode mode, out int sign)
        {
            var key = Seed001Key("ah-dqn", mode, 50000);
            var ends = r.Run(key).Seeds.Select(s => Ends(Column(s, "episodes", "reward"), 0.1)).ToList();
            var diff = Of(ends.Select(e => e.Last - e.First));
            sign = Sign(diff);
            return Inv($"training reward first 10% {Format(Of(ends.Select(e => e.First)))} -> last 10% {Format(Of(ends.Select(e => e.Last)))}; last - first {Format(diff)} {Budget(r, key)}");
        }

        var faithful = Describe(RunMode.Faithful, out var fs);
        var corrected = Describe(RunMode.Corrected, out var cs);
        var verdict = fs > 0 ? ClaimVerdict.Reproduced : ClaimVerdict.NotReproduced;
        return new ClaimOutcome(verdict, faithful, corrected,
            $"The faithful training reward {(fs > 0 ? "rises" : "does not rise")}; the corrected one {(cs > 0 ? "rises" : "does not rise")} (it acts greedily as epsilon decays).");
    }
}
