using Workbench.Experiments;

namespace Workbench.Tests.Experiments;

/// <summary>The kind of reward of the test bandit (exercises enum binding).</summary>
public enum BanditReward
{
    Bernoulli,
    Gaussian,
}

/// <summary>Options of the test-only two-armed bandit.</summary>
public sealed record BanditOptions : ExperimentOptions
{
    /// <summary>Exploration probability.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Mean reward of each arm (per mille).</summary>
    public int[] ArmMeans { get; init; } = [300, 700];

    /// <summary>Reward distribution.</summary>
    public BanditReward Reward { get; init; } = BanditReward.Bernoulli;

    /// <summary>Optional step size; null = sample average.</summary>
    public float? StepSize { get; init; }

    /// <summary>Free text label.</summary>
    public string Label { get; init; } = "bandit";

    /// <summary>Whether to write the per-episode q values.</summary>
    public bool WriteQ { get; init; } = true;

    /// <summary>Number of pulls per episode.</summary>
    public long PullsPerEpisode { get; init; } = 1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Require(Epsilon is >= 0 and <= 1, nameof(Epsilon), Epsilon, "[0, 1]");
        Require(ArmMeans.Length >= 2, nameof(ArmMeans), ArmMeans, "at least 2 arms");
    }
}

/// <summary>A two-armed bandit with an epsilon-greedy sample-average agent: the framework's end-to-end test experiment.</summary>
public sealed class BanditExperiment : Experiment<BanditOptions>
{
    public override string Name => "bandit";

    public override string Description => "Test-only: a two-armed bandit learned by epsilon-greedy sample averages.";

    protected override BanditOptions Defaults(RunMode mode) =>
        mode == RunMode.Faithful ? new BanditOptions { Episodes = 200 } : new BanditOptions { Episodes = 300, Epsilon = 0.05 };

    protected override ExperimentResult Run(BanditOptions o, ExperimentContext context)
    {
        var env = context.Rng.Derive("env");
        var agent = context.Rng.Derive("agent");
        var arms = o.ArmMeans.Length;
        var q = new double[arms];
        var n = new long[arms];
        var result = new ExperimentResult();
        var table = result.AddTable("episodes");
        var episode = table.AddColumn("episode", ColumnKind.Integer);
        var reward = table.AddColumn("reward", ColumnKind.Float);
        var best = table.AddColumn("best_arm", ColumnKind.Integer);
        var q0 = o.WriteQ ? table.AddColumn("q0") : null;
        var q1 = o.WriteQ ? table.AddColumn("q1") : null;
        var progress = context.CreateProgress(o.Episodes);
        long updates = 0;
        var bestArm = Array.IndexOf(o.ArmMeans, o.ArmMeans.Max());
        for (var e = 0; e < o.Episodes; e++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            float total = 0;
            var chosenBest = 0;
            for (long p = 0; p < o.PullsPerEpisode; p++)
            {
                var a = agent.NextDouble() < o.Epsilon ? agent.NextInt(arms) : ArgMax(q);
                var mean = o.ArmMeans[a] / 1000.0;
                var r = o.Reward == BanditReward.Bernoulli ? (env.NextDouble() < mean ? 1f : 0f) : (float)(mean + 0.1 * env.NextGaussian());
                n[a]++;
                var step = o.StepSize is { } s ? s : 1.0 / n[a];
                q[a] += step * (r - q[a]);
                updates++;
                total += r;
                if (a == bestArm) chosenBest = 1;
            }
            episode.Add(e);
            reward.Add(total);
            best.Add(chosenBest);
            q0?.Add(q[0]);
            q1?.Add(q[1]);
            progress.Report(e + 1);
        }
        result.Summary["updates"] = updates;
        result.Summary["mean_reward"] = reward.Mean();
        result.Summary["best_arm_rate"] = best.Mean();
        result.Summary["q_best"] = q[bestArm];
        result.Notes["data"] = "synthetic";
        result.Notes["label"] = o.Label;
        return result;
    }

    private static int ArgMax(double[] q)
    {
        var b = 0;
        for (var i = 1; i < q.Length; i++) if (q[i] > q[b]) b = i;
        return b;
    }
}
