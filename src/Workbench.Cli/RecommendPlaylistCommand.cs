using System.CommandLine;
using Workbench.Agents;
using Workbench.Data;
using Workbench.Experiments;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench recommend playlist --like Pop,Rock [--model PATH] [--data DIR]</c>: seed 001's online mode in the
/// terminal. Shows 10 songs chosen greedily by a trained AH-DQN (or plain DQN) for the liked tags, excluding the last
/// 50 recommended, then reads <c>c</c> (continue), <c>u</c> (update preferences: type new tags) or <c>s</c> (stop)
/// from standard input; piped input works and the end of input stops. Without <c>--model</c> a corrected AH-DQN is
/// trained first (<c>--train-episodes</c>, a few seconds), half of its users shaped like actual users (sparse liked tags).
/// </summary>
public sealed class RecommendPlaylistCommand : IRecommendSubcommand
{
    private readonly TextReader? _in;
    private readonly TextWriter? _out;
    private readonly TextWriter? _err;

    /// <summary>The command on the console.</summary>
    public RecommendPlaylistCommand() { }

    /// <summary>The command on the given streams (tests).</summary>
    public RecommendPlaylistCommand(TextReader input, TextWriter output, TextWriter error)
    {
        _in = input;
        _out = output;
        _err = error;
    }

    /// <inheritdoc />
    public Command Build()
    {
        var cmd = new Command("playlist", "Seed 001 online mode: playlists of 10 songs for the tags you like; continue / update preferences / stop.");
        var like = new Option<string>("--like") { Description = "Liked tags, comma-separated (e.g. Pop,Rock; see songs.csv's tags)", Required = true };
        var model = new Option<string?>("--model") { Description = "A model saved by: workbench train ah-dqn --mode corrected --set save-model=PATH (default: train one now)" };
        var data = new Option<string?>("--data") { Description = "Data folder laid out like ../shared/data (default: WORKBENCH_DATA, else the repository's data/)" };
        var episodes = new Option<int>("--train-episodes") { Description = "Episodes of the corrected AH-DQN trained when no --model is given", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of that training", DefaultValueFactory = _ => 0 };
        cmd.Options.Add(like);
        cmd.Options.Add(model);
        cmd.Options.Add(data);
        cmd.Options.Add(episodes);
        cmd.Options.Add(seed);
        cmd.SetAction(parse =>
        {
            var output = _out ?? Console.Out;
            var error = _err ?? Console.Error;
            var dataDir = parse.GetValue(data);
            var catalog = AhDqnTraining.LoadSongs(dataDir, 1000, new Rng(0).Derive("synthetic-songs"));
            if (catalog.IsSynthetic) error.WriteLine($"note: songs.csv not found, using {catalog.Count} SYNTHETIC songs");
            var tags = catalog.Features.ToArray();
            var liked = parse.GetValue(like)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // Check the tags before any training, so a typo costs nothing.
            Simulation.ActualUser.FromLikedTags(liked, SongCatalog.TagNames);
            ISongQNetwork network;
            if (parse.GetValue(model) is { Length: > 0 } path)
            {
                network = SongDqnModelFile.Load(path, tags, SongCatalog.TagCount);
            }
            else
            {
                var n = parse.GetValue(episodes);
                if (n < 1) throw new WorkbenchException($"option --train-episodes = {n} is out of range; allowed: >= 1");
                error.WriteLine($"training a corrected AH-DQN for {n} episodes (pass --model PATH to reuse a saved one)...");
                var options = new AhDqnExperiment().DefaultOptionsFor(RunMode.Corrected) with { Episodes = n, HeldOutFraction = 0, EvalPoints = 0, EvalUsers = 20, LikedUserFraction = 0.5 };
                options.Validate();
                var ctx = new ExperimentContext("ah-dqn", options, parse.GetValue(seed), dataDir);
                var (result, net) = AhDqnTraining.Train(SongNetworkKind.ActionHead, options, ctx);
                error.WriteLine($"trained: greedy reward / oracle on 20 new users = {result.Summary["eval_reward_ratio"]:0.000}");
                network = net;
            }
            var session = new PlaylistSession(network, catalog.Titles, tags, SongCatalog.TagNames, _in ?? Console.In, output);
            session.Run(liked);
            return 0;
        });
        return cmd;
    }
}
