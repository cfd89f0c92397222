using Workbench.Experiments;

namespace Workbench.Tests.Seed003;

public class Seed003FiguresTests
{
    [Fact]
    public void Figures_are_redrawn_from_run_directories()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-seed003-fig-" + Guid.NewGuid().ToString("N"));
        try
        {
            var experiment = new AudioDqnExperiment();
            string Train(RunMode mode)
            {
                var o = experiment.QuickOptions(mode) with
                {
                    Catalog = AudioCatalogSource.Synthetic, CatalogSize = 200, Episodes = 4, EvalEpisodes = 2, Hidden = 8, BatchSize = 8,
                };
                var run = MultiSeedRunner.Run(experiment, o, [0, 1]);
                var path = Path.Combine(dir, mode.ToString().ToLowerInvariant());
                RunWriter.Write(path, run);
                return path;
            }
            var figures = Seed003Figures.BuildFigures(Train(RunMode.Faithful), Train(RunMode.Corrected));
            var viaSet = Seed003Figures.FigureSet.Build(new Dictionary<string, RunData>
            {
                [Seed003Figures.FaithfulKey] = RunReader.Read(Path.Combine(dir, "faithful")),
                [Seed003Figures.CorrectedKey] = RunReader.Read(Path.Combine(dir, "corrected")),
            });
            Assert.Equal(figures.Select(f => f.Figure.ToJson()), viaSet.Select(f => f.Figure.ToJson())); // same files, same figures
            Assert.Equal(["score_faithful", "score_corrected", "repeats", "coverage", "eval"], figures.Select(f => f.Name).ToArray());
            var faithful = figures[0].Figure.ToJson();
            Assert.Contains("solved threshold 15", faithful);
            Assert.Contains("maximum possible score 10", faithful);
            Assert.Contains("95% band", faithful); // two seeds: mean and band
            Assert.Contains("synthetic catalog", faithful);
            Assert.Contains("solved threshold 9", figures[1].Figure.ToJson());
            Assert.Contains("greedy-cosine oracle", figures[4].Figure.ToJson());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
