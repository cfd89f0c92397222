using System.Globalization;
using Workbench.Simulation;

namespace Workbench.Agents;

/// <summary>
/// The seed's online mode in a terminal: the user's liked tags give the preferences (<see cref="ActualUser"/>), a
/// playlist of 10 songs is shown, then the user answers <c>continue</c> (same preferences, new songs: the last 50
/// are excluded), <c>update</c> (type new liked tags) or <c>stop</c>. Answers are read line by line from a
/// <see cref="TextReader"/>, so piped input works; the end of input stops the session.
/// </summary>
public sealed class PlaylistSession
{
    private readonly PlaylistGenerator _generator;
    private readonly IReadOnlyList<string> _titles;
    private readonly float[] _tags;
    private readonly IReadOnlyList<string> _tagNames;
    private readonly TextReader _input;
    private readonly TextWriter _output;

    /// <summary>Creates a session over a catalog (titles, row-major tags, tag names) with a trained network.</summary>
    public PlaylistSession(ISongQNetwork network, IReadOnlyList<string> titles, ReadOnlySpan<float> songTags, IReadOnlyList<string> tagNames,
        TextReader input, TextWriter output, int playlistLength = 10, int noveltyWindow = 50)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(tagNames);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (songTags.Length != titles.Count * tagNames.Count) throw new ArgumentException("tags do not match titles x tag names", nameof(songTags));
        if (playlistLength <= 0) throw new ArgumentOutOfRangeException(nameof(playlistLength));
        _titles = titles;
        _tags = songTags.ToArray();
        _tagNames = tagNames;
        _input = input;
        _output = output;
        PlaylistLength = playlistLength;
        _generator = new PlaylistGenerator(network, SongCandidates.All(_tags, tagNames.Count), noveltyWindow);
    }

    /// <summary>Songs per playlist (seed: 10).</summary>
    public int PlaylistLength { get; }

    /// <summary>Every playlist shown so far, in order.</summary>
    public List<IReadOnlyList<int>> Playlists { get; } = [];

    /// <summary>Runs the session from <paramref name="liked"/> until <c>stop</c> or the end of input; returns the number of playlists shown.</summary>
    public int Run(IEnumerable<string> liked)
    {
        var user = ActualUser.FromLikedTags(liked, _tagNames);
        while (true)
        {
            Show(user);
            while (true)
            {
                _output.Write("[c]ontinue, [u]pdate preferences, [s]top > ");
                _output.Flush();
                var line = _input.ReadLine();
                if (line is null) return End();
                var answer = line.Trim().ToLowerInvariant();
                _output.WriteLine();
                if (answer is "c" or "continue" or "") break;
                if (answer is "s" or "stop" or "q" or "quit" or "terminate") return End();
                if (answer is "u" or "update")
                {
                    var updated = AskTags();
                    if (updated is null) return End();
                    user = updated;
                    break;
                }
                _output.WriteLine($"unknown answer '{line.Trim()}': type c, u or s");
            }
        }
    }

    private ActualUser? AskTags()
    {
        while (true)
        {
            _output.Write($"liked tags, comma-separated ({string.Join(", ", _tagNames)}) > ");
            _output.Flush();
            var line = _input.ReadLine();
            if (line is null) return null;
            _output.WriteLine();
            try
            {
                return ActualUser.FromLikedTags(line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), _tagNames);
            }
            catch (WorkbenchException e)
            {
                _output.WriteLine("error: " + e.Message);
            }
        }
    }

    private void Show(ActualUser user)
    {
        var playlist = _generator.Next(user.Preferences, PlaylistLength);
        Playlists.Add(playlist);
        _output.WriteLine($"Playlist {Playlists.Count} for {string.Join(", ", user.LikedTags)} (each liked tag weighs 1/{user.LikedTags.Count}):");
        var d = _tagNames.Count;
        for (var i = 0; i < playlist.Count; i++)
        {
            var s = playlist[i];
            var row = _tags.AsSpan(s * d, d);
            var start = s * d;
            var tags = string.Join(", ", Enumerable.Range(0, d).Where(t => _tags[start + t] != 0).Select(t => _tagNames[t]));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1,3}. {_titles[s]}  [{tags}]  match {user.Reward(row):0.00}"));
        }
        if (playlist.Count < PlaylistLength) _output.WriteLine("(no more songs outside the last recommendations)");
    }

    private int End()
    {
        _output.WriteLine("stopped.");
        return Playlists.Count;
    }
}
