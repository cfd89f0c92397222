using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Workbench.Training;

namespace Workbench.Data;

/// <summary>
/// Options of the seed-002 session pipeline (SEEDS.md section 002): which sessions of a Spotify skip-challenge
/// log are kept, and how they are split.
/// </summary>
public sealed record SkipSessionOptions
{
    /// <summary>
    /// A track survives when it is played at least this many times in the whole log. This replaces the seed's
    /// <c>us_popularity_estimate &gt;= 95</c> filter, whose track-feature file is lost. On the 100,000-row sample,
    /// 3 leaves 761 complete 20-track sessions (2 leaves 996, 5 leaves 572, 1 keeps all 3,029).
    /// </summary>
    public int MinPlayCount { get; init; } = 3;

    /// <summary>A session is kept when exactly this many of its rows survive the track filter (the seed's <c>len(x) == 20</c>).</summary>
    public int SessionLength { get; init; } = 20;

    /// <summary>Fraction of the kept sessions that train (the seed's 0.7); the rest are held out.</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>Seed of the session shuffle before the split (the seed's <c>random.Random(42)</c>; our generator is xoshiro256**, so the split differs from Python's).</summary>
    public int SplitSeed { get; init; } = 42;

    /// <summary>Throws a <see cref="WorkbenchException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (MinPlayCount < 1) throw new WorkbenchException($"option min-play-count: {MinPlayCount} must be at least 1");
        if (SessionLength < 2) throw new WorkbenchException($"option session-length: {SessionLength} must be at least 2");
        if (!(TrainFraction > 0 && TrainFraction < 1)) throw new WorkbenchException($"option train-fraction: {TrainFraction} must be in (0, 1)");
    }
}

/// <summary>
/// The kept sessions of a skip log, struct-of-arrays: every kept session has exactly
/// <see cref="SessionLength"/> rows in position order. Track <c>t</c> of session <c>s</c> is
/// <c>Tracks[s * SessionLength + t]</c>, an index into <see cref="TrackIds"/> (ordinal order, like the seed's
/// LabelEncoder), and its label is <c>Skip2[s * SessionLength + t]</c>; the seed's rating is <c>1 - skip_2</c>
/// (<see cref="Rating"/>). Also holds the train/test split and the label-free co-occurrence corpus for the
/// track embeddings.
/// </summary>
public sealed class SkipSessionSet
{
    internal SkipSessionSet(string[] trackIds, string[] sessionIds, int sessionLength, int[] tracks, bool[] skip2,
        int[] train, int[] test, int[] corpusOffsets, int[] corpusTracks, SkipSessionStats stats, SkipSessionOptions options)
    {
        TrackIds = trackIds;
        SessionIds = sessionIds;
        SessionLength = sessionLength;
        _tracks = tracks;
        _skip2 = skip2;
        TrainSessions = train;
        TestSessions = test;
        _corpusOffsets = corpusOffsets;
        _corpusTracks = corpusTracks;
        Stats = stats;
        Options = options;
    }

    private readonly int[] _tracks;
    private readonly bool[] _skip2;
    private readonly int[] _corpusOffsets;
    private readonly int[] _corpusTracks;

    /// <summary>The track vocabulary (the tracks of the kept sessions), sorted ordinally; the action space of the agent.</summary>
    public IReadOnlyList<string> TrackIds { get; }

    /// <summary>The kept sessions' ids, sorted ordinally (the order before the split's shuffle).</summary>
    public IReadOnlyList<string> SessionIds { get; }

    /// <summary>Rows per kept session (20).</summary>
    public int SessionLength { get; }

    /// <summary>Number of kept sessions.</summary>
    public int SessionCount => SessionIds.Count;

    /// <summary>Number of tracks in the vocabulary.</summary>
    public int TrackCount => TrackIds.Count;

    /// <summary>Indices of the training sessions (70% of a seeded shuffle).</summary>
    public IReadOnlyList<int> TrainSessions { get; }

    /// <summary>Indices of the held-out sessions (the other 30%).</summary>
    public IReadOnlyList<int> TestSessions { get; }

    /// <summary>What the filters did.</summary>
    public SkipSessionStats Stats { get; }

    /// <summary>The options the set was built with.</summary>
    public SkipSessionOptions Options { get; }

    /// <summary>The track indices of session <paramref name="session"/> in position order.</summary>
    public ReadOnlySpan<int> Tracks(int session) => _tracks.AsSpan(session * SessionLength, SessionLength);

    /// <summary>The skip_2 labels of session <paramref name="session"/> in position order.</summary>
    public ReadOnlySpan<bool> Skip2(int session) => _skip2.AsSpan(session * SessionLength, SessionLength);

    /// <summary>The seed's rating of row <paramref name="position"/> (0-based) of a session: <c>1 - skip_2</c>.</summary>
    public float Rating(int session, int position) => _skip2[session * SessionLength + position] ? 0f : 1f;

    /// <summary>The data's skip rate over all kept rows: the seed's "traditional methods" bar (<c>1 - mean(rating)</c> over <c>dg.data</c>).</summary>
    public double SkipRate()
    {
        var n = 0;
        foreach (var s in _skip2) if (s) n++;
        return _skip2.Length == 0 ? double.NaN : (double)n / _skip2.Length;
    }

    /// <summary>
    /// Number of sessions in the embedding corpus: every session of the log except the held-out ones (any length,
    /// the cut-off last session included), reduced to its in-vocabulary tracks, kept when at least two remain.
    /// No skip label enters the corpus.
    /// </summary>
    public int CorpusSessionCount => _corpusOffsets.Length - 1;

    /// <summary>The in-vocabulary tracks of corpus session <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> CorpusSession(int index) =>
        _corpusTracks.AsSpan(_corpusOffsets[index], _corpusOffsets[index + 1] - _corpusOffsets[index]);

    /// <summary>All corpus tracks, session after session (see <see cref="CorpusOffsets"/>).</summary>
    public ReadOnlySpan<int> CorpusTracks => _corpusTracks;

    /// <summary>CSR offsets of the corpus sessions into <see cref="CorpusTracks"/> (length <see cref="CorpusSessionCount"/> + 1).</summary>
    public ReadOnlySpan<int> CorpusOffsets => _corpusOffsets;

    /// <summary>SHA-256 (lower-case hex) of the embedding corpus and the vocabulary: the cache key's input part.</summary>
    public string CorpusChecksum()
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(BitConverter.GetBytes(TrackIds.Count));
        foreach (var id in TrackIds)
        {
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(id));
            h.AppendData([0]);
        }
        h.AppendData(MemoryMarshal.AsBytes(_corpusOffsets.AsSpan()));
        h.AppendData(MemoryMarshal.AsBytes(_corpusTracks.AsSpan()));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}

/// <summary>Counts of what the seed-002 pipeline read and kept.</summary>
/// <param name="Rows">Log rows read.</param>
/// <param name="Sessions">Sessions read (contiguous runs of one session id).</param>
/// <param name="DistinctTracks">Distinct tracks in the log.</param>
/// <param name="TracksPassing">Tracks played at least <see cref="SkipSessionOptions.MinPlayCount"/> times.</param>
/// <param name="CompleteSessions">Sessions with exactly <see cref="SkipSessionOptions.SessionLength"/> rows before the track filter.</param>
/// <param name="KeptSessions">Sessions with exactly <see cref="SkipSessionOptions.SessionLength"/> surviving rows.</param>
public sealed record SkipSessionStats(long Rows, int Sessions, int DistinctTracks, int TracksPassing, int CompleteSessions, int KeptSessions);

/// <summary>
/// Builds a <see cref="SkipSessionSet"/> from log rows pushed one at a time (so a streaming reader can feed it
/// in bounded memory: rows are interned to integer track ids on arrival). Rows must come grouped by session, as
/// in the challenge's files. The seed's filters: tracks played fewer than
/// <see cref="SkipSessionOptions.MinPlayCount"/> times are dropped (our stand-in for its popularity filter),
/// sessions are kept when exactly <see cref="SkipSessionOptions.SessionLength"/> rows survive, then shuffled
/// with <see cref="SkipSessionOptions.SplitSeed"/> and split 70/30.
/// </summary>
public sealed class SkipSessionBuilder
{
    private readonly SkipSessionOptions _options;
    private readonly Dictionary<string, int> _trackIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _trackLookup;
    private readonly List<string> _trackNames = [];
    private int[] _playCounts = new int[1024];

    // Every session's rows as interned track ids (CSR), with labels and positions, in arrival order.
    private readonly List<int> _rowTrack = [];
    private readonly List<bool> _rowSkip = [];
    private readonly List<int> _rowPosition = [];
    private readonly List<int> _sessionStart = [0];
    private readonly List<string> _sessionNames = [];
    private string? _current;
    private byte[] _currentUtf8 = new byte[64];
    private int _currentUtf8Length = -1;
    private char[] _chars = new char[64];
    private long _rows;

    /// <summary>Creates an empty builder.</summary>
    public SkipSessionBuilder(SkipSessionOptions? options = null)
    {
        _options = options ?? new SkipSessionOptions();
        _options.Validate();
        _trackLookup = _trackIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Rows pushed so far.</summary>
    public long Rows => _rows;

    /// <summary>Pushes one log row.</summary>
    /// <param name="sessionId">The row's <c>session_id</c>.</param>
    /// <param name="position">Its 1-based <c>session_position</c>.</param>
    /// <param name="trackId">Its <c>track_id_clean</c>.</param>
    /// <param name="skip2">Its <c>skip_2</c> label.</param>
    public void Add(string sessionId, int position, string trackId, bool skip2)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(trackId);
        if (!string.Equals(sessionId, _current, StringComparison.Ordinal))
        {
            if (_current is not null) _sessionStart.Add(_rowTrack.Count);
            _current = sessionId;
            _sessionNames.Add(sessionId);
            _currentUtf8Length = System.Text.Encoding.UTF8.GetByteCount(sessionId);
            if (_currentUtf8.Length < _currentUtf8Length) _currentUtf8 = new byte[_currentUtf8Length * 2];
            System.Text.Encoding.UTF8.GetBytes(sessionId, _currentUtf8);
        }
        if (!_trackIndex.TryGetValue(trackId, out var t)) t = NewTrack(trackId);
        AddRow(t, position, skip2);
    }

    /// <summary>
    /// Pushes one log row given its ids as UTF-8 bytes (a streaming reader's buffer): allocates a string only for a
    /// new session or a track not seen before, so a long log streams without per-row garbage.
    /// </summary>
    public void Add(ReadOnlySpan<byte> sessionIdUtf8, int position, ReadOnlySpan<byte> trackIdUtf8, bool skip2)
    {
        if (_currentUtf8Length < 0 || !sessionIdUtf8.SequenceEqual(_currentUtf8.AsSpan(0, _currentUtf8Length)))
        {
            if (_current is not null) _sessionStart.Add(_rowTrack.Count);
            _current = System.Text.Encoding.UTF8.GetString(sessionIdUtf8);
            _sessionNames.Add(_current);
            if (_currentUtf8.Length < sessionIdUtf8.Length) _currentUtf8 = new byte[sessionIdUtf8.Length * 2];
            sessionIdUtf8.CopyTo(_currentUtf8);
            _currentUtf8Length = sessionIdUtf8.Length;
        }
        var need = System.Text.Encoding.UTF8.GetMaxCharCount(trackIdUtf8.Length);
        if (_chars.Length < need) _chars = new char[need * 2];
        var n = System.Text.Encoding.UTF8.GetChars(trackIdUtf8, _chars);
        if (!_trackLookup.TryGetValue(_chars.AsSpan(0, n), out var t)) t = NewTrack(new string(_chars, 0, n));
        AddRow(t, position, skip2);
    }

    private int NewTrack(string trackId)
    {
        var t = _trackNames.Count;
        _trackIndex.Add(trackId, t);
        _trackNames.Add(trackId);
        if (t == _playCounts.Length) Array.Resize(ref _playCounts, t * 2);
        return t;
    }

    private void AddRow(int track, int position, bool skip2)
    {
        _playCounts[track]++;
        _rowTrack.Add(track);
        _rowSkip.Add(skip2);
        _rowPosition.Add(position);
        _rows++;
    }

    /// <summary>Applies the filters and the split. The builder can keep receiving rows afterwards.</summary>
    public SkipSessionSet Build()
    {
        var o = _options;
        var sessions = _sessionNames.Count;
        var starts = new int[sessions + 1];
        for (var s = 0; s < sessions; s++) starts[s] = _sessionStart[s];
        starts[sessions] = _rowTrack.Count;
        var rowTrack = CollectionsMarshal.AsSpan(_rowTrack);
        var rowSkip = CollectionsMarshal.AsSpan(_rowSkip);
        var rowPos = CollectionsMarshal.AsSpan(_rowPosition);

        var passing = 0;
        for (var t = 0; t < _trackNames.Count; t++) if (_playCounts[t] >= o.MinPlayCount) passing++;

        // Sessions whose surviving rows number exactly SessionLength (the seed's groupby(...).filter(len == 20)).
        var kept = new List<int>();
        var complete = 0;
        for (var s = 0; s < sessions; s++)
        {
            var len = starts[s + 1] - starts[s];
            if (len == o.SessionLength) complete++;
            var surviving = 0;
            for (var r = starts[s]; r < starts[s + 1]; r++) if (_playCounts[rowTrack[r]] >= o.MinPlayCount) surviving++;
            if (surviving == o.SessionLength) kept.Add(s);
        }
        // Session order before the shuffle: ordinal by id (the seed's LabelEncoder order).
        kept.Sort((a, b) => string.CompareOrdinal(_sessionNames[a], _sessionNames[b]));

        // Vocabulary: the surviving tracks of the kept sessions, ordinal (LabelEncoder on track_id).
        var inVocab = new bool[_trackNames.Count];
        foreach (var s in kept)
            for (var r = starts[s]; r < starts[s + 1]; r++)
                if (_playCounts[rowTrack[r]] >= o.MinPlayCount) inVocab[rowTrack[r]] = true;
        var vocab = new List<int>();
        for (var t = 0; t < inVocab.Length; t++) if (inVocab[t]) vocab.Add(t);
        vocab.Sort((a, b) => string.CompareOrdinal(_trackNames[a], _trackNames[b]));
        var remap = new int[_trackNames.Count];
        Array.Fill(remap, -1);
        for (var i = 0; i < vocab.Count; i++) remap[vocab[i]] = i;

        var L = o.SessionLength;
        var tracks = new int[kept.Count * L];
        var skip = new bool[kept.Count * L];
        var order = new int[L];
        var keys = new int[L];
        for (var k = 0; k < kept.Count; k++)
        {
            var s = kept[k];
            var n = 0;
            for (var r = starts[s]; r < starts[s + 1]; r++)
            {
                if (_playCounts[rowTrack[r]] < o.MinPlayCount) continue;
                order[n] = r;
                keys[n] = rowPos[r];
                n++;
            }
            Array.Sort(keys, order); // the seed's sort_values('session_position'); the logs are already sorted
            for (var i = 0; i < L; i++)
            {
                tracks[k * L + i] = remap[rowTrack[order[i]]];
                skip[k * L + i] = rowSkip[order[i]];
            }
        }

        // Split: shuffle the kept sessions with the split seed, first floor(0.7 n) train.
        var perm = new int[kept.Count];
        for (var i = 0; i < perm.Length; i++) perm[i] = i;
        new Rng(o.SplitSeed).Shuffle(perm.AsSpan());
        var nTrain = (int)(o.TrainFraction * perm.Length);
        var train = perm[..nTrain];
        var test = perm[nTrain..];

        // Embedding corpus: every log session except the held-out ones, reduced to vocabulary tracks.
        var heldOut = new HashSet<int>();
        foreach (var k in test) heldOut.Add(kept[k]);
        var offsets = new List<int> { 0 };
        var corpus = new List<int>();
        for (var s = 0; s < sessions; s++)
        {
            if (heldOut.Contains(s)) continue;
            var begin = corpus.Count;
            for (var r = starts[s]; r < starts[s + 1]; r++)
                if (remap[rowTrack[r]] >= 0) corpus.Add(remap[rowTrack[r]]);
            if (corpus.Count - begin >= 2) offsets.Add(corpus.Count);
            else corpus.RemoveRange(begin, corpus.Count - begin);
        }

        var stats = new SkipSessionStats(_rows, sessions, _trackNames.Count, passing, complete, kept.Count);
        return new SkipSessionSet(
            vocab.Select(t => _trackNames[t]).ToArray(),
            kept.Select(s => _sessionNames[s]).ToArray(),
            L, tracks, skip, train, test, offsets.ToArray(), corpus.ToArray(), stats, o);
    }
}
