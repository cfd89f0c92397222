using Workbench.Data;
using Workbench.Plotting;
using Workbench.Training;

namespace Workbench.Tests.Plotting;

public class DataFiguresTests
{
    [Fact]
    public void RunsAndCrossTabByHand()
    {
        Assert.Equal([new LabelRun("a", 0, 2), new LabelRun("b", 2, 1), new LabelRun("a", 3, 3)], DataFigures.Runs(["a", "a", "b", "a", "a", "a"]));
        Assert.Empty(DataFigures.Runs([]));
        // rows x, x, y, y; columns p, q, q, q -> x: p 1, q 1; y: p 0, q 2
        var (c, r, k) = DataFigures.CrossTab(["x", "x", "y", "y"], ["p", "q", "q", "q"]);
        Assert.Equal(["x", "y"], r);
        Assert.Equal(["p", "q"], k);
        Assert.Equal(new double[,] { { 1, 1 }, { 0, 2 } }, c);
    }

    [Fact]
    public void TagCooccurrenceCountsSongsWithBothTags()
    {
        var f = new float[3 * SongCatalog.TagCount];
        void Tag(int song, params int[] tags) { foreach (var t in tags) f[song * SongCatalog.TagCount + t] = 1; }
        Tag(0, 0, 5);      // 1980s, Pop
        Tag(1, 5, 6);      // Pop, Rock
        Tag(2, 0, 5, 6);   // 1980s, Pop, Rock
        var c = DataFigures.TagCooccurrence(new SongCatalog(DataProvenance.Synthetic("test", 0), ["a", "b", "c"], f));
        Assert.Equal(2, c[0, 0]); // 1980s on songs 0, 2
        Assert.Equal(3, c[5, 5]); // Pop on all three
        Assert.Equal(2, c[0, 5]); // 1980s & Pop: songs 0, 2
        Assert.Equal(2, c[5, 6]); // Pop & Rock: songs 1, 2
        Assert.Equal(1, c[0, 6]); // 1980s & Rock: song 2
        Assert.Equal(c[6, 0], c[0, 6]);
        Assert.Equal(0, c[1, 1]);
    }

    private static SkipLogEvent Event(string session, int position, int length, bool skip2, ContextType context) =>
        new(session, position, length, "t" + position, false, skip2, false, !skip2, false, true, false, false, 0, 0, false, 12,
            new DateOnly(2018, 7, 1), true, context, PlaybackReason.Unknown, PlaybackReason.Unknown);

    [Fact]
    public void SkipRatesByPositionAndContextByHand()
    {
        // session a (length 2): pos 1 skip, pos 2 no; session b (length 3): pos 1 skip, pos 2 skip, pos 3 no
        var log = SkipLog.FromEvents(
        [
            Event("a", 1, 2, true, ContextType.Radio), Event("a", 2, 2, false, ContextType.Radio),
            Event("b", 1, 3, true, ContextType.Charts), Event("b", 2, 3, true, ContextType.Charts), Event("b", 3, 3, false, ContextType.Radio),
        ], DataProvenance.Synthetic("test", 0));
        var byPosition = DataFigures.SkipRateByPosition(log);
        Assert.Equal([(1, new Proportion(2, 2)), (2, new Proportion(1, 2)), (3, new Proportion(0, 1))], byPosition);
        var byContext = DataFigures.SkipRateByContext(log);
        Assert.Equal([(ContextType.Charts, new Proportion(2, 2)), (ContextType.Radio, new Proportion(1, 3))], byContext);
        var fig = DataFigures.SessionOverview(log).ToJson();
        Assert.Contains("\"x\":[\"2\",\"3\"],\"y\":[1,1]", fig); // one session of each length
    }

    [Fact]
    public void WilsonIntervalByHand()
    {
        // 5 of 10, z = 1.96: centre (0.5 + z²/20) / (1 + z²/10) = 0.5;
        // half = z·sqrt(0.025 + z²/400) / (1 + z²/10) = 1.96 · 0.18602 / 1.38415 = 0.26341
        var (lo, hi) = new Proportion(5, 10).Wilson95;
        Assert.Equal(0.2366, lo, 4);
        Assert.Equal(0.7634, hi, 4);
        // 0 of 10: lower bound 0, upper z²/n / (1 + z²/n) = 0.38415 / 1.38415 = 0.27753
        var (lo0, hi0) = new Proportion(0, 10).Wilson95;
        Assert.Equal(0, lo0, 12);
        Assert.Equal(0.27753, hi0, 4);
        Assert.True(double.IsNaN(new Proportion(0, 0).Rate));
    }

    [Fact]
    public void SummaryTableByHand()
    {
        // 1, 2, 3, 4 (NaN ignored): mean 2.5, std sqrt(((1.5²+0.5²)·2)/3) = sqrt(5/3) = 1.291, q1 1.75, median 2.5, q3 3.25
        var t = DataFigures.Summary("s", [("v", [4, 2, double.NaN, 1, 3])]);
        Assert.Equal(["v", "4", "2.5", "1.291", "1", "1.75", "2.5", "3.25", "4"], t.Rows[0]);
    }

    [Fact]
    public void TableRoundsToSignificantDigitsWithoutExponents()
    {
        var t = new Table("x").AddRow(417400.5).AddRow(0.123456).AddRow(-9.2544).AddRow(0.00001234).AddRow(double.PositiveInfinity);
        Assert.Equal(["417400", "0.1235", "-9.254", "1.234E-05", "inf"], t.Rows.Select(r => r[0]));
    }

    [Fact]
    public void BlockPasteFiguresOnSyntheticDeezer()
    {
        var deezer = SyntheticData.Deezer(new Rng(3));
        var runs = DataFigures.Runs(deezer.TrackGenre);
        var blocks = DataFigures.DeezerGenreBlocks(deezer);
        Assert.Equal(runs.Count, blocks.Rows.Count);
        Assert.Equal(deezer.Count, blocks.Rows.Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("synthetic data", DataFigures.DeezerBlockPaste(deezer).Title);
        Assert.Contains("synthetic data", DataFigures.DeezerGenreCrossTab(deezer).Title);
        Assert.Equal(5, DataFigures.DeezerFeatures(deezer).Traces.Count); // one histogram per feature
    }
}
