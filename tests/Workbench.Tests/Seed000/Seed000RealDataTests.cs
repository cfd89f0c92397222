using Workbench.Data;
using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Tests.Support;
using Xunit.Abstractions;

namespace Workbench.Tests.Seed000;

public class Seed000RealDataTests(ITestOutputHelper output)
{
    private static DeezerEnvironment Real() => new(DeezerCatalog.Load(RealData.Require(DataRoot.DeezerFile)));

    [SkippableFact]
    public void DuelingInputIs6038WideOnTheRealFile()
    {
        var enc = Real().Encoder;
        // 5 numerics + GenreID 5 + ArtistID 229 + TrackID 5,780 + ExplicitLyrics 2 + ExplicitContentLyrics 5
        // + ExplicitContentCover 5 + track_genre 7 = 6,038.
        Assert.Equal(6129, enc.Rows);
        Assert.Equal([5, 229, 5780, 2, 5, 5, 7], enc.Categories.Select(c => c.Count));
        Assert.Equal(6038, enc.Width);
    }

    [SkippableFact]
    public void FaithfulQLearningWalksTheDefaultUsersRowsAndHashCollides()
    {
        var env = Real();
        var o = new QLearningExperiment().DefaultOptionsFor(RunMode.Faithful) with { Episodes = 2 };
        var pref = o.Preference(env);
        output.WriteLine(pref.ToString());
        var user = new DeezerSimulatedUser(pref, o.Reward, o.LikeRule);
        var run = QLearningExperiment.Train(env, user, o, new Workbench.Training.Rng(1));
        Assert.Equal("Cesária Evora", pref.Artist);
        Assert.Equal("acoustic", pref.Genre);
        Assert.Equal(50, run.StepsPerEpisode);
        output.WriteLine($"steps {run.StepsPerEpisode} loss {string.Join(", ", run.Loss)} states used {run.StatesUsed}");
        Assert.Equal(env.MatchingRows(pref).Length, run.StepsPerEpisode);
        // 5,780 distinct (GenreID, ArtistID, TrackID) keys land in fewer than 5,780 of the 10,000 hashed states.
        env.ExactStates(out var exact);
        output.WriteLine($"exact states {exact}");
        Assert.True(run.StatesUsed < exact);
    }
}
