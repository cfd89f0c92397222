using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed003;

public class AudioFeatureEnvironmentTests
{
    // Three 2-feature tracks: A = (1, 0), B = (0, 1), C = (1, 1).
    private static AudioFeatureMatrix Abc() =>
        new([1f, 0f, 0f, 1f, 1f, 1f], ["x", "y"], ["A", "B", "C"], "test");

    [Fact]
    public void Steps_follow_the_seed_by_hand()
    {
        var env = new AudioFeatureEnvironment(Abc(), new AudioFeatureEnvironmentOptions { StepsPerEpisode = 3 }, new Rng(1));
        env.Reset(0);
        // history [A A A A A] -> state (1, 0)
        Assert.Equal([1f, 0f], env.State.ToArray());

        // B: cos((1,0),(0,1)) = 0 -> reward 0 - 0.5 = -0.5
        var s1 = env.Step(1);
        Assert.Equal(-0.5f, s1.Reward, 6);
        Assert.Equal(0f, s1.Cosine, 6);
        Assert.False(s1.Repeated);
        Assert.False(s1.Done);
        // history [A A A A B] -> state (4/5, 1/5) = (0.8, 0.2)
        Assert.Equal(0.8f, env.State[0], 6);
        Assert.Equal(0.2f, env.State[1], 6);

        // C: cos((0.8,0.2),(1,1)) = 1.0 / (sqrt(0.68) sqrt(2)) = 1 / sqrt(1.36) = 0.857492926 -> reward 0.357492926
        var s2 = env.Step(2);
        Assert.Equal(0.857492926f, s2.Cosine, 5);
        Assert.Equal(0.357492926f, s2.Reward, 5);
        // history [A A A B C] -> state ((3+0+1)/5, (0+1+1)/5) = (0.8, 0.4)
        Assert.Equal(0.8f, env.State[0], 6);
        Assert.Equal(0.4f, env.State[1], 6);

        // A again (a repeat of the start song): cos((0.8,0.4),(1,0)) = 0.8 / sqrt(0.8) = sqrt(0.8) = 0.894427191;
        // the seed rewards it like any track: 0.394427191
        var s3 = env.Step(0);
        Assert.True(s3.Repeated);
        Assert.Equal(0.394427191f, s3.Reward, 5);
        Assert.True(s3.Done);
        Assert.Throws<InvalidOperationException>(() => env.Step(1));

        var history = new int[5];
        env.CopyHistory(history);
        Assert.Equal([0, 0, 1, 2, 0], history); // oldest first
    }

    [Fact]
    public void Corrected_repeat_earns_no_reward_but_joins_the_history()
    {
        var env = new AudioFeatureEnvironment(Abc(), AudioFeatureEnvironmentOptions.Corrected, new Rng(1));
        env.Reset(0);
        var s = env.Step(0); // the start song again: cos = 1, but no reward
        Assert.True(s.Repeated);
        Assert.Equal(1f, s.Cosine, 6);
        Assert.Equal(0f, s.Reward);
        var b = env.Step(1); // new: cos((1,0),(0,1)) - 0.5 = -0.5
        Assert.False(b.Repeated);
        Assert.Equal(-0.5f, b.Reward, 6);
        Assert.True(env.Step(1).Repeated); // B again: a repeat too
        Assert.True(env.WasPlayed(1));
        Assert.False(env.WasPlayed(2));
        env.Reset(2);
        Assert.False(env.WasPlayed(1)); // a new episode forgets what was played
        Assert.True(env.WasPlayed(2));
    }

    [Fact]
    public void Excluded_repeats_are_an_error_to_step()
    {
        var cat = new AudioFeatureMatrix(new float[4 * 2], ["x", "y"], ["a", "b", "c", "d"], "test");
        var env = new AudioFeatureEnvironment(cat, new AudioFeatureEnvironmentOptions { Repeats = AudioRepeatHandling.Excluded, StepsPerEpisode = 3 }, new Rng(1));
        env.Reset(3);
        Assert.Throws<InvalidOperationException>(() => env.Step(3));
        // all-zero features: cosine is 0 (scikit-learn's convention), reward -0.5
        Assert.Equal(-0.5f, env.Step(0).Reward);
    }

    [Fact]
    public void Maximum_score_is_below_the_seeds_threshold()
    {
        var faithful = new AudioFeatureEnvironmentOptions();
        Assert.Equal(10.0, faithful.MaxEpisodeScore, 12); // 20 x (1 - 0.5)
        Assert.True(faithful.SolvedThreshold > faithful.MaxEpisodeScore);
        Assert.True(AudioFeatureEnvironmentOptions.Corrected.SolvedThreshold < AudioFeatureEnvironmentOptions.Corrected.MaxEpisodeScore);
    }

    [Fact]
    public void Reset_draws_the_same_start_songs_for_the_same_seed()
    {
        var cat = new AudioFeatureMatrix(new float[50 * 2], ["x", "y"], Enumerable.Range(0, 50).Select(i => i.ToString()).ToArray(), "test");
        int[] Starts(int seed)
        {
            var env = new AudioFeatureEnvironment(cat, new AudioFeatureEnvironmentOptions(), new Rng(seed));
            var r = new int[20];
            for (var i = 0; i < r.Length; i++) { env.Reset(); r[i] = env.StartTrack; }
            return r;
        }
        Assert.Equal(Starts(7), Starts(7));
        Assert.NotEqual(Starts(7), Starts(8));
    }

    [Fact]
    public void Min_max_scaling_by_hand()
    {
        // column 0: [2, 4, 6] -> (x - 2) / 4 = [0, 0.5, 1]; column 1 is constant -> 0
        var m = AudioFeatureMatrix.MinMaxScaled([2f, 5f, 4f, 5f, 6f, 5f], ["a", "b"], ["t0", "t1", "t2"], "test");
        Assert.Equal([0f, 0f, 0.5f, 0f, 1f, 0f], m.Features.ToArray());
        Assert.Throws<WorkbenchException>(() => AudioFeatureMatrix.MinMaxScaled([float.NaN, 1f], ["a", "b"], ["t0"], "test"));
    }

    [Fact]
    public void Episode_log_by_hand()
    {
        var log = new AudioDqnEpisodeLog(catalogSize: 4, window: 2);
        log.Step(0, 0.5f, 1f, repeated: false);
        log.Step(0, 0.5f, 1f, repeated: true);
        Assert.Equal(1.0, log.EndEpisode(1.0), 6);   // score 0.5 + 0.5
        log.Step(1, -0.5f, 0f, repeated: false);
        log.Step(2, 0.0f, 0.5f, repeated: false);
        Assert.Equal(-0.5, log.EndEpisode(0.9), 6);  // -0.5 + 0
        log.Step(1, 0.25f, 0.75f, repeated: false);
        log.Step(1, 0.25f, 0.75f, repeated: true);
        log.EndEpisode(0.8);                         // 0.5
        Assert.Equal([1.0, 0.25, 0.0], log.AverageScores.ToArray()); // 1, (1 - 0.5)/2, (-0.5 + 0.5)/2
        Assert.Equal([0.5, 0.0, 0.5], log.RepeatFractions.ToArray());
        Assert.Equal([0.25, 0.75, 0.75], log.Coverage.ToArray()); // {0}, {0,1,2}, {0,1,2} of 4
        Assert.Equal([1.0, 0.25, 0.75], log.MeanCosines.ToArray());
        Assert.Equal(1, log.SolvedAt(1.0));
        Assert.Null(log.SolvedAt(1.5));
    }
}
