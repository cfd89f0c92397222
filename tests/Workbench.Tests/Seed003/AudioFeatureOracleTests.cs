using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Tests.Seed003;

public class AudioFeatureOracleTests
{
    private static AudioFeatureMatrix Abc() =>
        new([1f, 0f, 0f, 1f, 1f, 1f], ["x", "y"], ["A", "B", "C"], "test");

    [Fact]
    public void Greedy_oracle_repeats_the_start_song_for_the_maximum_score_of_ten()
    {
        // From any start track the state is that track's row, cosine 1 with itself: 20 x (1 - 0.5) = 10.
        var score = AudioFeatureOracle.MeanGreedyScore(Abc(), new AudioFeatureEnvironmentOptions(), episodes: 5, avoidRepeats: false, new Rng(3));
        Assert.Equal(10.0, score, 5);
    }

    [Fact]
    public void Greedy_oracle_without_repeats_by_hand()
    {
        var env = new AudioFeatureEnvironment(Abc(), AudioFeatureEnvironmentOptions.Corrected with { StepsPerEpisode = 2 }, new Rng(1));
        env.Reset(0);
        // state (1,0): A is played; cos to B = 0, to C = 1/sqrt(2) = 0.70710678 -> C
        var c = AudioFeatureOracle.GreedyCosine(env.Catalog, env.State, env);
        Assert.Equal(2, c);
        Assert.Equal(0.70710678f - 0.5f, env.Step(c).Reward, 5);
        // history [A A A A C] -> state (1, 0.2); only B is left
        Assert.Equal(1, AudioFeatureOracle.GreedyCosine(env.Catalog, env.State, env));
        // without the environment repeats are allowed: cos(A) = 1/sqrt(1.04) = 0.981 beats
        // cos(C) = 1.2/(sqrt(1.04) sqrt(2)) = 0.832 and cos(B) = 0.2/sqrt(1.04) = 0.196
        Assert.Equal(0, AudioFeatureOracle.GreedyCosine(env.Catalog, env.State));
    }
}
