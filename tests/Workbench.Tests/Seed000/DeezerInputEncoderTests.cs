using Workbench.Simulation;

namespace Workbench.Tests.Seed000;

public class DeezerInputEncoderTests
{
    [Fact]
    public void StandardisesWithPopulationStdAndOneHotsSortedCategories()
    {
        // Numeric column x = [1, 2, 3, 6]: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5, std sqrt(3.5).
        // Constant column c = [5, 5, 5, 5]: std 0 is replaced by 1, so z = 0.
        float[] x = [1, 2, 3, 6];
        float[] c = [5, 5, 5, 5];
        // Categories: ids sort numerically ("9" < "10"), names ordinally.
        string[] ids = ["10", "9", "10", "2"];
        string[] names = ["b", "a", "c", "a"];
        var enc = DeezerInputEncoder.Fit([x, c], [ids, names]);
        Assert.Equal(2 + 3 + 3, enc.Width);
        Assert.Equal(["2", "9", "10"], enc.Categories[0]);
        Assert.Equal(["a", "b", "c"], enc.Categories[1]);
        Assert.Equal(3.0, enc.Means[0], 12);
        Assert.Equal(Math.Sqrt(3.5), enc.Stds[0], 12);
        Assert.Equal(1.0, enc.Stds[1], 12);
        Assert.Equal((float)(3 / Math.Sqrt(3.5)), enc.Numeric(3)[0], 6);
        Assert.Equal(0f, enc.Numeric(3)[1]);
        // Row 1: id "9" -> column 2 + 1 = 3; name "a" -> column 2 + 3 + 0 = 5.
        Assert.Equal([3, 5], enc.Active(1).ToArray());
        var dense = new float[enc.Width];
        enc.EncodeDense(1, dense);
        Assert.Equal([(float)(-1 / Math.Sqrt(3.5)), 0f, 0f, 1f, 0f, 1f, 0f, 0f], dense);
        Assert.Throws<ArgumentException>(() => enc.EncodeDense(0, new float[3]));
    }

    [Fact]
    public void StandardisedColumnsHaveZeroMeanAndUnitVariance()
    {
        float[] x = [3, 8, -1, 4, 4, 10, 0];
        var enc = DeezerInputEncoder.Fit([x], [new string[x.Length].Select((_, i) => (i % 2).ToString()).ToArray()]);
        var z = Enumerable.Range(0, x.Length).Select(i => (double)enc.Numeric(i)[0]).ToArray();
        Assert.Equal(0.0, z.Average(), 5);
        Assert.Equal(1.0, z.Select(v => v * v).Average(), 5);
    }
}
