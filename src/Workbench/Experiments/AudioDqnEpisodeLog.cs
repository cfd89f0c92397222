namespace Workbench.Experiments;

/// <summary>
/// Seed 003's per-episode metrics, struct-of-arrays: the episode score (sum of rewards), its running
/// average over the last <see cref="Window"/> episodes (the seed's <c>deque(maxlen=100)</c>: fewer at the
/// start), the fraction of the episode's recommendations that repeated a track already played in it, the
/// catalog coverage so far (distinct tracks recommended since the first episode / catalog size), the mean
/// cosine of the recommendations, and the exploration rate.
/// </summary>
public sealed class AudioDqnEpisodeLog
{
    private readonly bool[] _seen;
    private readonly Queue<double> _window = new();
    private double _windowSum;
    private int _distinct;
    private double _episodeScore, _episodeCosine;
    private int _episodeSteps, _episodeRepeats;

    /// <summary>Creates an empty log for a catalog of <paramref name="catalogSize"/> tracks.</summary>
    public AudioDqnEpisodeLog(int catalogSize, int window = 100)
    {
        if (catalogSize <= 0) throw new ArgumentOutOfRangeException(nameof(catalogSize), catalogSize, "must be positive");
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(window), window, "must be positive");
        _seen = new bool[catalogSize];
        Window = window;
    }

    /// <summary>Episodes in the running average (the seed: 100).</summary>
    public int Window { get; }

    /// <summary>Each finished episode's score.</summary>
    public List<double> Scores { get; } = [];

    /// <summary>The mean of the last <see cref="Window"/> scores after each episode.</summary>
    public List<double> AverageScores { get; } = [];

    /// <summary>Each episode's fraction of repeated recommendations.</summary>
    public List<double> RepeatFractions { get; } = [];

    /// <summary>The cumulative catalog coverage after each episode.</summary>
    public List<double> Coverage { get; } = [];

    /// <summary>Each episode's mean cosine between state and recommendation.</summary>
    public List<double> MeanCosines { get; } = [];

    /// <summary>The exploration rate used in each episode.</summary>
    public List<double> Epsilons { get; } = [];

    /// <summary>Distinct tracks recommended so far.</summary>
    public int DistinctTracks => _distinct;

    /// <summary>Records one recommendation of the current episode.</summary>
    public void Step(int track, float reward, float cosine, bool repeated)
    {
        _episodeScore += reward;
        _episodeCosine += cosine;
        _episodeSteps++;
        if (repeated) _episodeRepeats++;
        if (!_seen[track])
        {
            _seen[track] = true;
            _distinct++;
        }
    }

    /// <summary>Closes the current episode (played with exploration rate <paramref name="epsilon"/>) and returns its score.</summary>
    public double EndEpisode(double epsilon)
    {
        if (_episodeSteps == 0) throw new InvalidOperationException("an episode needs at least one step");
        var score = _episodeScore;
        Scores.Add(score);
        _window.Enqueue(score);
        _windowSum += score;
        if (_window.Count > Window) _windowSum -= _window.Dequeue();
        AverageScores.Add(_windowSum / _window.Count);
        RepeatFractions.Add((double)_episodeRepeats / _episodeSteps);
        Coverage.Add((double)_distinct / _seen.Length);
        MeanCosines.Add(_episodeCosine / _episodeSteps);
        Epsilons.Add(epsilon);
        _episodeScore = _episodeCosine = 0;
        _episodeSteps = _episodeRepeats = 0;
        return score;
    }

    /// <summary>The first 1-based episode whose running average reached <paramref name="threshold"/>, or null.</summary>
    public int? SolvedAt(double threshold)
    {
        for (var i = 0; i < AverageScores.Count; i++)
            if (AverageScores[i] >= threshold) return i + 1;
        return null;
    }
}
