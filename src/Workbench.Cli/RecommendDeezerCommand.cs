using System.CommandLine;
using Workbench.Experiments;
using Workbench.Simulation;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench recommend deezer --artist NAME --genre GENRE --danceability LO:HI [--model q|dueling]</c>: seed 000's
/// like/dislike session in the terminal. The chosen model is trained for the preference, then the matching songs are
/// recommended one at a time with their preview links; answers (like/dislike, y/n) are read line by line from standard
/// input, so the session also works piped. End of input ends the session cleanly.
/// </summary>
public sealed class RecommendDeezerCommand : IRecommendSubcommand
{
    private readonly TextReader? _in;
    private readonly TextWriter? _out;

    /// <summary>Creates the command on the process's standard input and output.</summary>
    public RecommendDeezerCommand() { }

    /// <summary>Creates the command on the given streams (for tests).</summary>
    public RecommendDeezerCommand(TextReader input, TextWriter output)
    {
        _in = input;
        _out = output;
    }

    /// <inheritdoc />
    public Command Build()
    {
        var cmd = new Command("deezer", "Seed 000's like/dislike session over the Deezer tracks (answers from standard input).");
        var artist = new Option<string>("--artist") { Description = "Preferred artist (ArtistName; case-insensitive)", Required = true };
        var genre = new Option<string>("--genre") { Description = "Preferred genre (track_genre, e.g. acoustic; case-insensitive)", Required = true };
        var dance = new Option<string>("--danceability") { Description = "Danceability range LO:HI within [0, 1], e.g. 0.4:0.9", DefaultValueFactory = _ => "0:1" };
        var model = new Option<string>("--model") { Description = "q (tabular Q-learning) or dueling (Dueling DQN)", DefaultValueFactory = _ => "q" };
        var mode = new Option<string>("--mode") { Description = "corrected (trained on the corrected reward) or faithful (the seed's training and ranking)", DefaultValueFactory = _ => "corrected" };
        var episodes = new Option<int?>("--episodes") { Description = "Training episodes (default: q 30, dueling 1)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the training run", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "Data folder laid out like ../shared/data (default: WORKBENCH_DATA, else the repository's data/)" };
        foreach (var o in new Option[] { artist, genre, dance, model, mode, episodes, seed, data }) cmd.Options.Add(o);
        cmd.SetAction((pr, ct) => Task.FromResult(Run(pr.GetValue(artist)!, pr.GetValue(genre)!, pr.GetValue(dance)!, pr.GetValue(model)!,
            pr.GetValue(mode)!, pr.GetValue(episodes), pr.GetValue(seed), pr.GetValue(data), ct)));
        return cmd;
    }

    private int Run(string artist, string genre, string danceText, string model, string modeText, int? episodes, int seed, string? data, CancellationToken ct)
    {
        var input = _in ?? Console.In;
        var output = _out ?? Console.Out;
        var (lo, hi) = DeezerPreference.ParseRange(danceText);
        if (model is not ("q" or "dueling")) throw new WorkbenchException($"option --model: '{model}' is not a model; allowed values: q, dueling");
        var mode = ExperimentRegistry.ParseMode(modeText);
        if (episodes is < 1) throw new WorkbenchException($"option --episodes = {episodes} is out of range; allowed: >= 1");
        var env = DeezerEnvironment.Load(data);
        if (env.Catalog.IsSynthetic) output.WriteLine($"note: {env.Catalog.Source}");
        var preference = env.Resolve(new DeezerPreference(artist, genre, lo, hi));
        var rng = new Rng(seed);

        LikeDislikeSession session;
        if (model == "q")
        {
            var o = new QLearningExperiment().DefaultOptionsFor(mode);
            if (episodes is { } e) o = o with { Episodes = e };
            session = QLearningExperiment.Session(env, preference, o, rng);
        }
        else
        {
            var o = new DuelingDqnExperiment().DefaultOptionsFor(mode) with { Episodes = episodes ?? 1 };
            Console.Error.WriteLine($"training the Dueling DQN ({o.Episodes} episode(s) over {env.Count} songs)...");
            session = DuelingDqnExperiment.Session(env, preference, o, rng, cancellationToken: ct);
        }

        output.WriteLine($"Preference: {session.Preference}; {(session.IsOver ? 0 : MatchCount(env, session.Preference))} matching songs ({model}, {modeText}).");
        while (!session.IsOver)
        {
            output.WriteLine(session.Message);
            output.Write("Like it? [like/dislike] ");
            output.Flush();
            SessionFeedback? answer = null;
            while (answer is null)
            {
                var line = input.ReadLine();
                if (line is null)
                {
                    output.WriteLine();
                    output.WriteLine($"End of input: session ended after {session.Recommended} recommendation(s).");
                    return 0;
                }
                answer = LikeDislikeSession.ParseFeedback(line);
                if (answer is null)
                {
                    output.Write($"Please answer like or dislike (y/n), not '{line.Trim()}': ");
                    output.Flush();
                }
            }
            output.WriteLine(answer == SessionFeedback.Like ? "like" : "dislike");
            session.Respond(answer.Value);
        }
        output.WriteLine(session.Message);
        return 0;
    }

    private static int MatchCount(DeezerEnvironment env, DeezerPreference p) => env.MatchingRows(p).Length;
}
