using Workbench.Training;

namespace Workbench.Tests.Training;

public class EpsilonScheduleTests
{
    [Fact]
    public void ConstantNeverMoves()
    {
        var s = EpsilonSchedule.Constant(0.1);
        for (var i = 0; i < 5; i++) Assert.Equal(0.1, s.Decay());
        Assert.Equal(5, s.Calls);
    }

    [Fact]
    public void LinearRampsThenHolds()
    {
        // 1.0 -> 0.2 over 4 calls: 1 - 0.8 * k / 4 = 0.8, 0.6, 0.4, 0.2, then 0.2.
        var s = EpsilonSchedule.Linear(1.0, 0.2, 4);
        Assert.Equal(1.0, s.Value);
        double[] expected = [0.8, 0.6, 0.4, 0.2, 0.2];
        foreach (var e in expected) Assert.Equal(e, s.Decay(), 12);
    }

    [Fact]
    public void ExponentialMultipliesRepeatedlyAndClamps()
    {
        var s = EpsilonSchedule.Exponential(1.0, 0.995, 0.01);
        Assert.Equal(0.995, s.Decay());
        Assert.Equal(0.995 * 0.995, s.Decay()); // repeated multiplication, bit for bit
        // 0.995^k < 0.01 once k > ln(0.01)/ln(0.995) = 918.7, so after 919 calls it sits at the floor.
        for (var i = 2; i < 918; i++) s.Decay();
        Assert.True(s.Value > 0.01);
        s.Decay();
        Assert.Equal(0.01, s.Value);
        s.Decay();
        Assert.Equal(0.01, s.Value);
    }

    [Fact]
    public void SeedOneDecaysTwicePerEpisode()
    {
        // Seed 001: two decays per episode, so after 10 episodes epsilon = 0.995^20.
        var s = EpsilonSchedule.Exponential(1.0, 0.995, 0.01);
        var manual = 1.0;
        for (var e = 0; e < 10; e++)
        {
            s.Decay();
            s.Decay();
            manual = Math.Max(0.01, manual * 0.995);
            manual = Math.Max(0.01, manual * 0.995);
        }
        Assert.Equal(manual, s.Value);
        Assert.Equal(Math.Pow(0.995, 20), s.Value, 12);
    }

    [Fact]
    public void WhileAboveCanEndBelowTheFloor()
    {
        // 0.5 * 0.5 = 0.25 > 0.3? no: 0.5 > 0.3 so multiply -> 0.25 (below the floor), then stop.
        var s = EpsilonSchedule.ExponentialWhileAbove(0.5, 0.5, 0.3);
        Assert.Equal(0.25, s.Decay());
        Assert.Equal(0.25, s.Decay());
        var clamped = EpsilonSchedule.Exponential(0.5, 0.5, 0.3);
        Assert.Equal(0.3, clamped.Decay());
    }

    [Fact]
    public void ResetAndFreshStartOver()
    {
        var s = EpsilonSchedule.Exponential(1.0, 0.9, 0.1);
        s.Decay();
        var f = s.Fresh();
        Assert.Equal(1.0, f.Value);
        s.Reset();
        Assert.Equal(1.0, s.Value);
        Assert.Equal(0, s.Calls);
    }

    [Fact]
    public void BadParametersAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EpsilonSchedule.Constant(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpsilonSchedule.Exponential(1, 0, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpsilonSchedule.Linear(1, 0, 0));
    }

    [Fact]
    public void GreedyPicksTheFirstMaximumAndExploresAtRateEpsilon()
    {
        Assert.Equal(1, EpsilonGreedy.ArgMax([0f, 3f, 3f, float.NaN]));
        var rng = new Rng(1);
        float[] q = [0f, 1f, 0f, 0f];
        var nonGreedy = 0;
        for (var i = 0; i < 20000; i++)
            if (EpsilonGreedy.Select(rng, 0.2, q) != 1) nonGreedy++;
        // Exploring picks a non-greedy action with probability 0.2 * 3/4 = 0.15: 3,000 of 20,000 (sd about 50).
        Assert.InRange(nonGreedy, 2800, 3200);
        Assert.Equal(1, EpsilonGreedy.Select(rng, 0, q));
    }
}
