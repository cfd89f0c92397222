using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using System.Text;

namespace Workbench.Data;

/// <summary>A session whose rows stop before its declared <c>session_length</c> (the file was cut).</summary>
/// <param name="Session">Session index (0-based, file order).</param>
/// <param name="SessionId">The session's id.</param>
/// <param name="Rows">Rows present.</param>
/// <param name="LastPosition">The last session_position present.</param>
/// <param name="DeclaredLength">The declared session_length.</param>
public sealed record CutOffSession(int Session, string SessionId, int Rows, int LastPosition, int DeclaredLength);

/// <summary>
/// A skip-challenge session log (seed 002's <c>user_mini_data.tar.gz</c>: 100,000 rows, 5,956 sessions,
/// 34,872 tracks) in memory, as immutable struct-of-arrays columns (row <c>i</c> of every column is data
/// row <c>i</c>), with sessions grouped by <see cref="SessionOffsets"/> (session <c>s</c> is rows
/// <c>SessionOffsets[s] .. SessionOffsets[s+1]</c>) and track ids interned to dense indices
/// (<see cref="TrackIndex"/> into <see cref="TrackIds"/>, numbered in order of first appearance).
/// The last session of the real file is cut off at position 11 of 20: see <see cref="CutOff"/>.
/// </summary>
public sealed class SkipLog
{
    /// <summary>Creates a log from columns (all of one length) and the session grouping; arrays are taken, not copied.</summary>
    public SkipLog(
        DataProvenance provenance, string[] sessionIds, int[] sessionOffsets, string[] trackIds, int[] sessionIndex,
        int[] sessionPosition, int[] sessionLength, int[] trackIndex, bool[] skip1, bool[] skip2, bool[] skip3, bool[] notSkipped,
        bool[] contextSwitch, bool[] noPause, bool[] shortPause, bool[] longPause, int[] seekForward, int[] seekBack, bool[] isShuffle,
        int[] hourOfDay, DateOnly[] date, bool[] premium, ContextType[] contextType, PlaybackReason[] reasonStart, PlaybackReason[] reasonEnd,
        long unknownCategoryCount = 0)
    {
        var n = sessionIndex.Length;
        ColumnArrays.CheckLengths(n, sessionPosition.Length, sessionLength.Length, trackIndex.Length, skip1.Length, skip2.Length, skip3.Length,
            notSkipped.Length, contextSwitch.Length, noPause.Length, shortPause.Length, longPause.Length, seekForward.Length, seekBack.Length,
            isShuffle.Length, hourOfDay.Length, date.Length, premium.Length, contextType.Length, reasonStart.Length, reasonEnd.Length);
        if (sessionOffsets.Length != sessionIds.Length + 1 || sessionOffsets[0] != 0 || sessionOffsets[^1] != n)
            throw new ArgumentException("sessionOffsets must have one more entry than sessionIds, start at 0 and end at the row count", nameof(sessionOffsets));
        Provenance = provenance;
        SessionIds = ColumnArrays.Wrap(sessionIds);
        SessionOffsets = ColumnArrays.Wrap(sessionOffsets);
        TrackIds = ColumnArrays.Wrap(trackIds);
        SessionIndex = ColumnArrays.Wrap(sessionIndex);
        SessionPosition = ColumnArrays.Wrap(sessionPosition);
        SessionLength = ColumnArrays.Wrap(sessionLength);
        TrackIndex = ColumnArrays.Wrap(trackIndex);
        Skip1 = ColumnArrays.Wrap(skip1);
        Skip2 = ColumnArrays.Wrap(skip2);
        Skip3 = ColumnArrays.Wrap(skip3);
        NotSkipped = ColumnArrays.Wrap(notSkipped);
        ContextSwitch = ColumnArrays.Wrap(contextSwitch);
        NoPauseBeforePlay = ColumnArrays.Wrap(noPause);
        ShortPauseBeforePlay = ColumnArrays.Wrap(shortPause);
        LongPauseBeforePlay = ColumnArrays.Wrap(longPause);
        SeekForwardCount = ColumnArrays.Wrap(seekForward);
        SeekBackCount = ColumnArrays.Wrap(seekBack);
        IsShuffle = ColumnArrays.Wrap(isShuffle);
        HourOfDay = ColumnArrays.Wrap(hourOfDay);
        Date = ColumnArrays.Wrap(date);
        Premium = ColumnArrays.Wrap(premium);
        ContextType = ColumnArrays.Wrap(contextType);
        ReasonStart = ColumnArrays.Wrap(reasonStart);
        ReasonEnd = ColumnArrays.Wrap(reasonEnd);
        UnknownCategoryCount = unknownCategoryCount;

        var complete = 0;
        var incomplete = ImmutableArray.CreateBuilder<int>();
        for (var s = 0; s < sessionIds.Length; s++)
        {
            int start = sessionOffsets[s], end = sessionOffsets[s + 1];
            var ok = end - start == sessionLength[start];
            for (var i = start; ok && i < end; i++) ok = sessionPosition[i] == i - start + 1 && sessionLength[i] == sessionLength[start];
            if (ok) complete++;
            else incomplete.Add(s);
        }
        CompleteSessionCount = complete;
        if (sessionIds.Length > 0)
        {
            var last = sessionIds.Length - 1;
            int start = sessionOffsets[last], rows = n - start;
            if (rows < sessionLength[start] && sessionPosition[n - 1] < sessionLength[n - 1])
                CutOff = new CutOffSession(last, sessionIds[last], rows, sessionPosition[n - 1], sessionLength[n - 1]);
        }
        IncompleteSessions = CutOff is null ? incomplete.ToImmutable() : incomplete.Where(s => s != CutOff.Session).ToImmutableArray();
    }

    /// <summary>Where the rows came from (real file or synthetic generator).</summary>
    public DataProvenance Provenance { get; }

    /// <summary>True when the log is synthetic, not the real seed 002 file.</summary>
    public bool IsSynthetic => Provenance.IsSynthetic;

    /// <summary>Origin description for captions.</summary>
    public string Source => Provenance.Source;

    /// <summary>Number of rows (100,000 on the real file).</summary>
    public int Count => SessionIndex.Length;

    /// <summary>Number of sessions (5,956 on the real file).</summary>
    public int SessionCount => SessionIds.Length;

    /// <summary>Number of distinct tracks (34,872 on the real file).</summary>
    public int TrackCount => TrackIds.Length;

    /// <summary>Session ids in file order (one per session).</summary>
    public ImmutableArray<string> SessionIds { get; }

    /// <summary>SessionCount + 1 row offsets: session <c>s</c> is rows <c>[SessionOffsets[s], SessionOffsets[s+1])</c>.</summary>
    public ImmutableArray<int> SessionOffsets { get; }

    /// <summary>Distinct track ids; <see cref="TrackIndex"/> indexes this.</summary>
    public ImmutableArray<string> TrackIds { get; }

    /// <summary>Session index of each row.</summary>
    public ImmutableArray<int> SessionIndex { get; }

    /// <summary>session_position (1-based).</summary>
    public ImmutableArray<int> SessionPosition { get; }

    /// <summary>session_length (declared).</summary>
    public ImmutableArray<int> SessionLength { get; }

    /// <summary>Interned track of each row: an index into <see cref="TrackIds"/>.</summary>
    public ImmutableArray<int> TrackIndex { get; }

    /// <summary>skip_1: played very briefly.</summary>
    public ImmutableArray<bool> Skip1 { get; }

    /// <summary>skip_2: played briefly (true in 51,736 of the real 100,000 rows). Seed 002's rating is 1 - skip_2.</summary>
    public ImmutableArray<bool> Skip2 { get; }

    /// <summary>skip_3: played most of the track.</summary>
    public ImmutableArray<bool> Skip3 { get; }

    /// <summary>not_skipped: played to the end.</summary>
    public ImmutableArray<bool> NotSkipped { get; }

    /// <summary>context_switch.</summary>
    public ImmutableArray<bool> ContextSwitch { get; }

    /// <summary>no_pause_before_play.</summary>
    public ImmutableArray<bool> NoPauseBeforePlay { get; }

    /// <summary>short_pause_before_play.</summary>
    public ImmutableArray<bool> ShortPauseBeforePlay { get; }

    /// <summary>long_pause_before_play.</summary>
    public ImmutableArray<bool> LongPauseBeforePlay { get; }

    /// <summary>hist_user_behavior_n_seekfwd.</summary>
    public ImmutableArray<int> SeekForwardCount { get; }

    /// <summary>hist_user_behavior_n_seekback.</summary>
    public ImmutableArray<int> SeekBackCount { get; }

    /// <summary>hist_user_behavior_is_shuffle.</summary>
    public ImmutableArray<bool> IsShuffle { get; }

    /// <summary>hour_of_day (0..23).</summary>
    public ImmutableArray<int> HourOfDay { get; }

    /// <summary>date.</summary>
    public ImmutableArray<DateOnly> Date { get; }

    /// <summary>premium.</summary>
    public ImmutableArray<bool> Premium { get; }

    /// <summary>context_type.</summary>
    public ImmutableArray<ContextType> ContextType { get; }

    /// <summary>hist_user_behavior_reason_start.</summary>
    public ImmutableArray<PlaybackReason> ReasonStart { get; }

    /// <summary>hist_user_behavior_reason_end.</summary>
    public ImmutableArray<PlaybackReason> ReasonEnd { get; }

    /// <summary>Rows whose context_type or a reason was unknown and mapped to Unknown (policy <see cref="UnknownCategoryPolicy.MapToUnknown"/>).</summary>
    public long UnknownCategoryCount { get; }

    /// <summary>Sessions whose rows are exactly positions 1..session_length (3,029 of the real file's sessions have length 20 and are complete).</summary>
    public int CompleteSessionCount { get; }

    /// <summary>The last session, when the file stops before its declared length (real file: 11 of 20); null otherwise.</summary>
    public CutOffSession? CutOff { get; }

    /// <summary>Sessions other than <see cref="CutOff"/> whose positions are not exactly 1..session_length.</summary>
    public ImmutableArray<int> IncompleteSessions { get; }

    /// <summary>The rows of session <paramref name="session"/> as a range of row indices.</summary>
    public Range SessionRows(int session) => SessionOffsets[session]..SessionOffsets[session + 1];

    /// <summary>Number of rows of session <paramref name="session"/>.</summary>
    public int SessionRowCount(int session) => SessionOffsets[session + 1] - SessionOffsets[session];

    /// <summary>
    /// Loads the whole log (gzip or plain CSV, detected from the bytes) through <see cref="SkipLogReader"/>.
    /// Rows of a session must be consecutive; a session id that reappears later is an error. Malformed input
    /// is a <see cref="DataFormatException"/> naming file, line and column; nothing is returned half-loaded.
    /// </summary>
    public static SkipLog Load(string path, SkipLogOptions? options = null, IProgress<long>? progress = null)
    {
        using var reader = SkipLogReader.Open(path, options);
        return Load(reader, DataProvenance.FromFile(path), Csv.DataInput.EstimateTextLength(path) / 150, progress);
    }

    /// <summary>
    /// Loads every remaining row of <paramref name="reader"/>; <paramref name="expectedRows"/> pre-sizes the columns;
    /// <paramref name="progress"/> gets the rows read so far every 65,536 rows and at the end.
    /// </summary>
    public static SkipLog Load(SkipLogReader reader, DataProvenance provenance, long expectedRows = 1024, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var b = new Builder((int)Math.Clamp(expectedRows, 16, 1 << 26));
        while (reader.Read())
        {
            b.Add(reader);
            if ((reader.RowCount & 0xFFFF) == 0) progress?.Report(reader.RowCount);
        }
        progress?.Report(reader.RowCount);
        return b.Build(provenance, reader.UnknownCategoryCount);
    }

    /// <summary>Builds a log from events (for synthetic data and tests).</summary>
    public static SkipLog FromEvents(IEnumerable<SkipLogEvent> events, DataProvenance provenance)
    {
        var b = new Builder(events.TryGetNonEnumeratedCount(out var n) ? n : 1024);
        foreach (var e in events) b.Add(e);
        return b.Build(provenance, 0);
    }

    /// <summary>The row as an event with string ids.</summary>
    public SkipLogEvent Event(int row) => new(SessionIds[SessionIndex[row]], SessionPosition[row], SessionLength[row], TrackIds[TrackIndex[row]],
        Skip1[row], Skip2[row], Skip3[row], NotSkipped[row], ContextSwitch[row], NoPauseBeforePlay[row], ShortPauseBeforePlay[row],
        LongPauseBeforePlay[row], SeekForwardCount[row], SeekBackCount[row], IsShuffle[row], HourOfDay[row], Date[row], Premium[row],
        ContextType[row], ReasonStart[row], ReasonEnd[row]);

    /// <summary>Accumulates rows, grouping sessions and interning track ids without a string per row.</summary>
    private sealed class Builder
    {
        private readonly List<string> _sessionIds = [];
        private readonly List<int> _offsets = [];
        private readonly Dictionary<string, long> _sessionFirstLine = new(StringComparer.Ordinal);
        private readonly Csv.Utf8Interner _tracks = new();
        private byte[] _lastSession = [];
        private int _lastSessionLength;
        private readonly List<int> _sessionIndex, _position, _length, _track, _seekFwd, _seekBack, _hour;
        private readonly List<bool> _skip1, _skip2, _skip3, _notSkipped, _switch, _noPause, _shortPause, _longPause, _shuffle, _premium;
        private readonly List<DateOnly> _date;
        private readonly List<ContextType> _context;
        private readonly List<PlaybackReason> _start, _end;

        // Pre-sized columns: growing 21 large lists would reallocate on the large-object heap again and again.
        public Builder(int capacity)
        {
            _sessionIndex = new(capacity); _position = new(capacity); _length = new(capacity); _track = new(capacity);
            _seekFwd = new(capacity); _seekBack = new(capacity); _hour = new(capacity);
            _skip1 = new(capacity); _skip2 = new(capacity); _skip3 = new(capacity); _notSkipped = new(capacity); _switch = new(capacity);
            _noPause = new(capacity); _shortPause = new(capacity); _longPause = new(capacity); _shuffle = new(capacity); _premium = new(capacity);
            _date = new(capacity); _context = new(capacity); _start = new(capacity); _end = new(capacity);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(SkipLogReader r)
        {
            var sid = r.SessionIdUtf8;
            if (_sessionIds.Count == 0 || !sid.SequenceEqual(_lastSession)) NewSession(Encoding.UTF8.GetString(sid), r.File, r.Line);
            else if (r.SessionLength != _lastSessionLength)
                throw new DataFormatException(r.File, r.Line, "session_length", $"session_length {r.SessionLength} differs from {_lastSessionLength} earlier in the same session");
            _lastSession = sid.Length == _lastSession.Length ? _lastSession : new byte[sid.Length];
            sid.CopyTo(_lastSession);
            _lastSessionLength = r.SessionLength;
            AddValues(r.SessionPosition, r.SessionLength, _tracks.Intern(r.TrackIdUtf8), r.Skip1, r.Skip2, r.Skip3, r.NotSkipped, r.ContextSwitch,
                r.NoPauseBeforePlay, r.ShortPauseBeforePlay, r.LongPauseBeforePlay, r.SeekForwardCount, r.SeekBackCount, r.IsShuffle, r.HourOfDay,
                r.Date, r.Premium, r.ContextType, r.ReasonStart, r.ReasonEnd);
        }

        public void Add(SkipLogEvent e)
        {
            if (_sessionIds.Count == 0 || e.SessionId != _sessionIds[^1]) NewSession(e.SessionId, "(events)", _position.Count + 2);
            var track = _tracks.Intern(Encoding.UTF8.GetBytes(e.TrackId));
            AddValues(e.SessionPosition, e.SessionLength, track, e.Skip1, e.Skip2, e.Skip3, e.NotSkipped, e.ContextSwitch, e.NoPauseBeforePlay,
                e.ShortPauseBeforePlay, e.LongPauseBeforePlay, e.SeekForwardCount, e.SeekBackCount, e.IsShuffle, e.HourOfDay, e.Date, e.Premium,
                e.ContextType, e.ReasonStart, e.ReasonEnd);
        }

        private void NewSession(string id, string file, long line)
        {
            if (!_sessionFirstLine.TryAdd(id, line))
                throw new DataFormatException(file, line, "session_id",
                    $"session '{id}' reappears after other sessions (first seen at line {_sessionFirstLine[id]}); the rows of a session must be consecutive");
            _sessionIds.Add(id);
            _offsets.Add(_position.Count);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddValues(int position, int length, int track, bool skip1, bool skip2, bool skip3, bool notSkipped, bool contextSwitch,
            bool noPause, bool shortPause, bool longPause, int seekFwd, int seekBack, bool shuffle, int hour, DateOnly date, bool premium,
            ContextType context, PlaybackReason start, PlaybackReason end)
        {
            _sessionIndex.Add(_sessionIds.Count - 1);
            _position.Add(position); _length.Add(length); _track.Add(track);
            _skip1.Add(skip1); _skip2.Add(skip2); _skip3.Add(skip3); _notSkipped.Add(notSkipped); _switch.Add(contextSwitch);
            _noPause.Add(noPause); _shortPause.Add(shortPause); _longPause.Add(longPause); _seekFwd.Add(seekFwd); _seekBack.Add(seekBack);
            _shuffle.Add(shuffle); _hour.Add(hour); _date.Add(date); _premium.Add(premium); _context.Add(context); _start.Add(start); _end.Add(end);
        }

        public SkipLog Build(DataProvenance provenance, long unknown)
        {
            var offsets = new int[_offsets.Count + 1];
            _offsets.CopyTo(offsets);
            offsets[^1] = _position.Count;
            return new SkipLog(provenance, [.. _sessionIds], offsets, _tracks.ToStrings(), [.. _sessionIndex], [.. _position], [.. _length], [.. _track],
                [.. _skip1], [.. _skip2], [.. _skip3], [.. _notSkipped], [.. _switch], [.. _noPause], [.. _shortPause], [.. _longPause],
                [.. _seekFwd], [.. _seekBack], [.. _shuffle], [.. _hour], [.. _date], [.. _premium], [.. _context], [.. _start], [.. _end], unknown);
        }
    }
}
