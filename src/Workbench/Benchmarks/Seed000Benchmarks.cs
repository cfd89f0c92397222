using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Benchmarks;

/// <summary>
/// Seed 000's training loop as it really runs, beside the neural engine's synthetic <c>dueling-000-update</c>:
/// the faithful Dueling DQN walks the catalog in file order with a 100-transition buffer, so each one-hot row is
/// trained for about 100 steps and then idle for about 6,000, and the exact lazy Adam replays those idle steps when
/// the row comes back. The case runs one untimed warm-up episode first, then times steps of the following episodes
/// (act + store + sample + update), on the real file when present, else the synthetic catalog.
/// </summary>
public sealed class Seed000Benchmarks : IBenchmarkProvider
{
    /// <inheritdoc />
    public IEnumerable<BenchmarkCase> Cases()
    {
        yield return new("dueling-dqn-faithful-episode", "updates/s",
            "seed 000 faithful Dueling DQN loop on the Deezer catalog (file order, buffer 100, act+store+update), after a warm-up episode", FaithfulLoop);
    }

    private static BenchmarkBody FaithfulLoop()
    {
        var env = DeezerEnvironment.Load(null);
        var o = new DuelingDqnExperiment().DefaultOptionsFor(RunMode.Faithful);
        var user = new DeezerSimulatedUser(o.Preference(env), o.Reward, o.LikeRule);
        var stepper = new DuelingDqnExperiment.Stepper(env, user, o, new Rng(0));
        var row = 0;
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                stepper.Step(row, out _, out _);
                row = row + 1 == env.Count ? 0 : row + 1;
            }
        }
        Steps(env.Count);
        return new BenchmarkBody(() => Steps(256), 256);
    }
}
