using Workbench.Training;

namespace Workbench.Simulation;

/// <summary>How seed 003's environment treats a track that was already played in the episode.</summary>
public enum AudioRepeatHandling
{
    /// <summary>The seed: a repeat is rewarded like any other track, so replaying the state's own song maximises reward.</summary>
    Rewarded,

    /// <summary>Corrected: a repeat earns <see cref="AudioFeatureEnvironmentOptions.RepeatReward"/> (0, "no reward") and still joins the history.</summary>
    NoReward,

    /// <summary>Corrected: played tracks are excluded from the action set (agents mask them; stepping one is an error).</summary>
    Excluded,
}

/// <summary>
/// Options of seed 003's listening-session environment (SEEDS.md, section 003). Defaults are the seed's;
/// <see cref="Corrected"/> gives the corrected variant.
/// </summary>
public sealed record AudioFeatureEnvironmentOptions
{
    /// <summary>Songs in the history whose mean is the state (the seed: 5).</summary>
    public int HistoryLength { get; init; } = 5;

    /// <summary>Recommendations per episode (the seed: 20).</summary>
    public int StepsPerEpisode { get; init; } = 20;

    /// <summary>Subtracted from the cosine similarity: reward = cos(state, song) - offset (the seed: 0.5).</summary>
    public float RewardOffset { get; init; } = 0.5f;

    /// <summary>What a repeated track earns (the seed: <see cref="AudioRepeatHandling.Rewarded"/>).</summary>
    public AudioRepeatHandling Repeats { get; init; } = AudioRepeatHandling.Rewarded;

    /// <summary>The reward of a repeat under <see cref="AudioRepeatHandling.NoReward"/>: 0, "no reward".</summary>
    public float RepeatReward { get; init; }

    /// <summary>
    /// The 100-episode average score at which a run counts as solved. The seed's 15 cannot be reached:
    /// an episode's score is at most <see cref="MaxEpisodeScore"/> = 20 x (1 - 0.5) = 10.
    /// </summary>
    public double SolvedThreshold { get; init; } = 15.0;

    /// <summary>
    /// The corrected environment: a repeat earns no reward (it stays a possible action, so the fraction of
    /// repeats still measures what the agent learned), and the solved threshold is 9, that is 90% of the
    /// maximum score 10, which the greedy-cosine oracle reaches on dense catalogs.
    /// </summary>
    public static AudioFeatureEnvironmentOptions Corrected { get; } = new()
    {
        Repeats = AudioRepeatHandling.NoReward,
        SolvedThreshold = 9.0,
    };

    /// <summary>The largest possible episode score: steps x (1 - offset), cosine being at most 1.</summary>
    public double MaxEpisodeScore => StepsPerEpisode * (1.0 - RewardOffset);

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (HistoryLength < 1) throw new WorkbenchException($"HistoryLength must be at least 1 (got {HistoryLength})");
        if (StepsPerEpisode < 1) throw new WorkbenchException($"StepsPerEpisode must be at least 1 (got {StepsPerEpisode})");
        if (!float.IsFinite(RewardOffset)) throw new WorkbenchException("RewardOffset must be a finite number");
        if (!float.IsFinite(RepeatReward)) throw new WorkbenchException("RepeatReward must be a finite number");
        if (!Enum.IsDefined(Repeats)) throw new WorkbenchException($"Repeats must be one of {string.Join(", ", Enum.GetNames<AudioRepeatHandling>())}");
    }
}

/// <summary>What one environment step returned.</summary>
/// <param name="Reward">the reward: cos(state, song) - offset, or the repeat reward</param>
/// <param name="Cosine">cos(state before the step, song), whatever the repeat rule</param>
/// <param name="Repeated">whether the track had already been played in this episode (the start song included)</param>
/// <param name="Done">whether the episode ended with this step</param>
public readonly record struct AudioStep(float Reward, float Cosine, bool Repeated, bool Done);

/// <summary>
/// Seed 003's simulated listening session. Reset draws one start track uniformly and fills the
/// <see cref="AudioFeatureEnvironmentOptions.HistoryLength"/>-song history with it. The state is the mean
/// of the history's feature rows, s = (1/H) sum_h x_h. A step recommends track a with reward
/// r = cos(s, x_a) - 0.5, where cos(u, v) = u.v / (|u| |v|) (0 when a norm is 0, like scikit-learn's
/// <c>cosine_similarity</c>); then x_a joins the history, the oldest song leaves, and the episode ends
/// after <see cref="AudioFeatureEnvironmentOptions.StepsPerEpisode"/> steps.
/// </summary>
public sealed class AudioFeatureEnvironment
{
    private readonly AudioFeatureMatrix _catalog;
    private readonly Rng _rng;
    private readonly int[] _history;
    private readonly float[] _state;
    private readonly int[] _playedStamp;
    private int _head;
    private int _episode;

    /// <summary>Creates the environment over a catalog; <paramref name="rng"/> draws the start tracks.</summary>
    public AudioFeatureEnvironment(AudioFeatureMatrix catalog, AudioFeatureEnvironmentOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        if (options.Repeats == AudioRepeatHandling.Excluded && catalog.Count < options.StepsPerEpisode + 1)
            throw new WorkbenchException(
                $"with repeats excluded the catalog needs more than {options.StepsPerEpisode} tracks (it has {catalog.Count})");
        _catalog = catalog;
        Options = options;
        _rng = rng;
        _history = new int[options.HistoryLength];
        _state = new float[catalog.Dimensions];
        _playedStamp = new int[catalog.Count];
    }

    /// <summary>The options.</summary>
    public AudioFeatureEnvironmentOptions Options { get; }

    /// <summary>The catalog.</summary>
    public AudioFeatureMatrix Catalog => _catalog;

    /// <summary>The current state: the mean feature row of the history.</summary>
    public ReadOnlySpan<float> State => _state;

    /// <summary>Steps taken in the current episode.</summary>
    public int StepInEpisode { get; private set; }

    /// <summary>The track the current episode started from.</summary>
    public int StartTrack { get; private set; }

    /// <summary>Whether the current episode has ended (true before the first reset).</summary>
    public bool Done { get; private set; } = true;

    /// <summary>The history, oldest first, into <paramref name="destination"/> (length <see cref="AudioFeatureEnvironmentOptions.HistoryLength"/>).</summary>
    public void CopyHistory(Span<int> destination)
    {
        if (destination.Length != _history.Length)
            throw new ArgumentException($"destination has length {destination.Length}; the history has {_history.Length}", nameof(destination));
        for (var i = 0; i < _history.Length; i++) destination[i] = _history[(_head + i) % _history.Length];
    }

    /// <summary>Whether <paramref name="track"/> was played in this episode (the start song counts).</summary>
    public bool WasPlayed(int track) => _episode > 0 && _playedStamp[track] == _episode;

    /// <summary>Starts an episode from a uniformly drawn track repeated through the history.</summary>
    public void Reset() => Reset(_rng.NextInt(_catalog.Count));

    /// <summary>Starts an episode from a given track repeated through the history (for tests and evaluation).</summary>
    public void Reset(int startTrack)
    {
        if ((uint)startTrack >= (uint)_catalog.Count)
            throw new ArgumentOutOfRangeException(nameof(startTrack), startTrack, $"must be in [0, {_catalog.Count})");
        _episode++;
        Array.Fill(_history, startTrack);
        _head = 0;
        StartTrack = startTrack;
        _playedStamp[startTrack] = _episode;
        StepInEpisode = 0;
        Done = false;
        RecomputeState();
    }

    /// <summary>Recommends <paramref name="track"/>: rewards it against the current state, then adds it to the history.</summary>
    public AudioStep Step(int track)
    {
        if (Done) throw new InvalidOperationException("the episode has ended: call Reset first");
        if ((uint)track >= (uint)_catalog.Count)
            throw new ArgumentOutOfRangeException(nameof(track), track, $"must be in [0, {_catalog.Count})");
        var repeated = _playedStamp[track] == _episode;
        if (repeated && Options.Repeats == AudioRepeatHandling.Excluded)
            throw new InvalidOperationException($"track {track} was already played in this episode and repeats are excluded");
        var cosine = Cosine(_state, _catalog.Row(track));
        var reward = repeated && Options.Repeats == AudioRepeatHandling.NoReward ? Options.RepeatReward : cosine - Options.RewardOffset;
        _history[_head] = track;
        _head = (_head + 1) % _history.Length;
        _playedStamp[track] = _episode;
        StepInEpisode++;
        Done = StepInEpisode >= Options.StepsPerEpisode;
        RecomputeState();
        return new AudioStep(reward, cosine, repeated, Done);
    }

    /// <summary>
    /// Cosine similarity u.v / (|u| |v|), accumulated in double; 0 when either vector is all zeros
    /// (scikit-learn's convention).
    /// </summary>
    public static float Cosine(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        if (u.Length != v.Length) throw new ArgumentException($"lengths differ: {u.Length} and {v.Length}");
        double dot = 0, uu = 0, vv = 0;
        for (var i = 0; i < u.Length; i++)
        {
            dot += (double)u[i] * v[i];
            uu += (double)u[i] * u[i];
            vv += (double)v[i] * v[i];
        }
        if (uu == 0 || vv == 0) return 0f;
        return (float)(dot / (Math.Sqrt(uu) * Math.Sqrt(vv)));
    }

    private void RecomputeState()
    {
        var d = _catalog.Dimensions;
        var features = _catalog.Features;
        for (var j = 0; j < d; j++)
        {
            var sum = 0f;
            for (var h = 0; h < _history.Length; h++) sum += features[_history[(_head + h) % _history.Length] * d + j]; // oldest first, like numpy's mean over the history list
            _state[j] = sum / _history.Length;
        }
    }
}
