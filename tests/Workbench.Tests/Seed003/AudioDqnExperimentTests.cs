using Workbench.Agents;
using Workbench.Experiments;
using Workbench.Simulation;

namespace Workbench.Tests.Seed003;

public class AudioDqnExperimentTests
{
    private static AudioDqnOptions Tiny(RunMode mode) => new AudioDqnExperiment().QuickOptions(mode) with
    {
        Catalog = AudioCatalogSource.Synthetic,
        CatalogSize = 300,
        Episodes = 6,
        EvalEpisodes = 3,
        Hidden = 16,
        BatchSize = 16,
    };

    private static ExperimentResult Run(AudioDqnOptions o, int seed = 1) =>
        new AudioDqnExperiment().Run(new ExperimentContext("audio-dqn", o, seed));

    [Theory]
    [InlineData(RunMode.Faithful)]
    [InlineData(RunMode.Corrected)]
    public void Same_seed_same_tables_and_summary(RunMode mode)
    {
        var a = Run(Tiny(mode));
        var b = Run(Tiny(mode));
        foreach (var (name, table) in a.Tables)
            foreach (var col in table.Columns)
                Assert.Equal(col.ToArray(), b.Table(name)[col.Name].ToArray());
        Assert.Equal(a.Summary.ToArray(), b.Summary.ToArray());
        var c = Run(Tiny(mode), seed: 2);
        Assert.NotEqual(a.Table("episodes")["score"].ToArray(), c.Table("episodes")["score"].ToArray());
    }

    [Fact]
    public void Result_has_the_metrics_and_says_where_the_tracks_came_from()
    {
        var o = Tiny(RunMode.Faithful);
        var r = Run(o);
        var episodes = r.Table("episodes");
        Assert.Equal(o.Episodes, episodes.RowCount);
        // 6 episodes x 20 steps = 120 transitions; an update after every step once the buffer holds more than 16
        Assert.Equal(120 - 16, r.Summary["updates"]);
        Assert.Equal(300, r.Summary["catalog_tracks"]);
        Assert.Equal(15.0, r.Summary["solved_threshold"]);
        Assert.Equal(0, r.Summary["solved"]); // 15 is above the maximum score 10
        Assert.Contains("synthetic", r.Notes["data"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("catalog-size=300 (default 0)", r.Notes["changed_options"]);
        Assert.Contains("episodes=6 (default 2000)", r.Notes["changed_options"]);
        Assert.Contains("epsilon-decay=0.95 (default 0.995)", r.Notes["changed_options"]);
        Assert.All(episodes["score"].ToArray(), s => Assert.InRange(s, -10.0, 10.0));
        Assert.All(episodes["coverage"].ToArray(), c => Assert.InRange(c, 0.0, 1.0));
        // the greedy-cosine oracle reaches the maximum in the seed's environment by repeating the start song
        Assert.Equal(10.0, r.Summary["eval_score_oracle"], 4);
        Assert.Equal(1.0, r.Summary["eval_repeat_fraction_oracle"], 6);
    }

    [Fact]
    public void Corrected_agent_never_repeats_and_its_threshold_is_reachable()
    {
        var r = Run(Tiny(RunMode.Corrected));
        Assert.All(r.Table("episodes")["repeat_fraction"].ToArray(), f => Assert.Equal(0.0, f));
        Assert.Equal(0.0, r.Summary["eval_repeat_fraction_agent"]);
        Assert.True(r.Summary["eval_score_oracle"] > r.Summary["solved_threshold"] - 1.5,
            $"oracle {r.Summary["eval_score_oracle"]} on 300 tracks");
        Assert.Contains("copy", r.Notes["target_init"]);
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var e = Assert.Throws<WorkbenchException>(() => (Tiny(RunMode.Faithful) with { Tau = 0 }).Validate());
        Assert.Contains("tau", e.Message);
        var m = Assert.Throws<WorkbenchException>(() => (Tiny(RunMode.Faithful) with { Repeats = AudioRepeatHandling.Excluded }).Validate());
        Assert.Contains("mask-played", m.Message);
    }
}
