using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Tests.Support;
using Workbench.Training;

namespace Workbench.Tests.Seed000;

public class QLearningExperimentTests
{
    private static readonly QLearningExperiment Experiment = new();

    [Fact]
    public void FaithfulFirstEpisodeLossIsTheNumberOfMatchingRows()
    {
        // Artist1 has 10 rows, genre g1, danceability 0.05, 0.15, ..., 0.95; the range 0.2:0.8 keeps 0.25..0.75 = 6 rows.
        // Episode 1 starts from an all-zero table and visits each (distinct) state once: whatever the action,
        // delta = 1 + 0.9 * 0 - 0 = 1, so the loss is 6 * 1^2 = 6. Reward is 1 on every step.
        var env = Seed000Fixtures.Environment();
        var o = Experiment.DefaultOptionsFor(RunMode.Faithful) with { Episodes = 3, Artist = "Artist1", Genre = "g1", DanceabilityLow = 0.2f, DanceabilityHigh = 0.8f };
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var run = QLearningExperiment.Train(env, user, o, new Rng(1));
        Assert.Equal(6, run.StepsPerEpisode);
        Assert.Equal(18, run.Updates);
        Assert.Equal(6.0, run.Loss[0], 12);
        Assert.Equal(1.0, run.MeanReward[0], 12);
        Assert.Equal(1.0, run.MeanReward[2], 12);
        // Episode 2, greedy step on a state whose taken action now holds 0.1 (the other 0): delta = 1 + 0.09 - 0.1 = 0.99;
        // an explored step on the untouched action: delta = 1 + 0.09 - 0 = 1.09. So the loss lies in [6 * 0.99^2, 6 * 1.09^2].
        Assert.InRange(run.Loss[1], 6 * 0.99 * 0.99 - 1e-9, 6 * 1.09 * 1.09 + 1e-9);
    }

    [Fact]
    public void TrainingTwiceWithTheSameSeedIsIdentical()
    {
        var env = Seed000Fixtures.Environment();
        foreach (var mode in new[] { RunMode.Faithful, RunMode.Corrected })
        {
            var o = Experiment.DefaultOptionsFor(mode) with { Episodes = 5, Artist = "Artist2" };
            var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
            var a = QLearningExperiment.Train(env, user, o, new Rng(7));
            var b = QLearningExperiment.Train(env, user, o, new Rng(7));
            Assert.Equal(a.Loss, b.Loss);
            Assert.Equal(a.Agent.Table.ToArray(), b.Agent.Table.ToArray());
            var c = QLearningExperiment.Train(env, user, o, new Rng(8));
            Assert.NotEqual(a.Agent.Table.ToArray(), c.Agent.Table.ToArray());
        }
    }

    [Fact]
    public void CorrectedAgentLearnsTheUsersLikesFarBetterThanRandom()
    {
        // 6 artists x 20 songs; the user likes Artist3's g1 songs with danceability in [0.3, 0.7] (8 songs) and no others.
        var env = Seed000Fixtures.Environment(6, 20);
        var o = Experiment.DefaultOptionsFor(RunMode.Corrected) with { Episodes = 40, Artist = "Artist3", Genre = "g1", DanceabilityLow = 0.3f, DanceabilityHigh = 0.7f };
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var run = QLearningExperiment.Train(env, user, o, new Rng(1));
        var likes = env.Likes(user);
        Assert.Equal(8, likes.Count(x => x));
        var correct = Enumerable.Range(0, env.Count).Count(r => (run.Agent.Greedy(run.States[r]) == 0) == likes[r]);
        // A random guesser is right on half the rows (60 of 120); the learned greedy policy is right on all of them.
        Assert.Equal(env.Count, correct);
        Assert.True(run.Accuracy[^1] > 0.85, $"last-episode accuracy {run.Accuracy[^1]} (epsilon 0.1 costs about 5%)");
        Assert.True(run.Accuracy[0] < 0.75, $"first-episode accuracy {run.Accuracy[0]} should still be near chance");
    }

    [Fact]
    public void RunReportsTablesSummaryAndData()
    {
        var o = Experiment.DefaultOptionsFor(RunMode.Corrected) with { Episodes = 2 };
        var ctx = new ExperimentContext("q-learning", o, 3, dataDirectory: Path.Combine(RealData.RepoRoot, "data"));
        var r = ((IExperiment)Experiment).Run(ctx);
        Assert.Equal(2, r.Table("episodes").RowCount);
        Assert.True(r.Summary["updates"] > 0);
        Assert.Contains("precision", r.Summary.Keys);
        Assert.Contains("data", r.Notes.Keys);
    }

    [Fact]
    public void UnknownArtistGetsTheClosestNames()
    {
        var env = Seed000Fixtures.Environment();
        var o = Experiment.DefaultOptionsFor(RunMode.Faithful) with { Artist = "Artst1" };
        var e = Assert.Throws<WorkbenchException>(() => o.Preference(env));
        Assert.Contains("unknown artist 'Artst1'", e.Message);
        Assert.Contains("'Artist1'", e.Message);
    }
}
