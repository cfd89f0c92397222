using System.Runtime.CompilerServices;
using System.Collections.Immutable;
using System.Text;
using Workbench.Data.Csv;

namespace Workbench.Data;

/// <summary>Options of the skip-log readers.</summary>
public sealed record SkipLogOptions
{
    /// <summary>What to do with an unknown <c>context_type</c> or reason (default: map to Unknown and count).</summary>
    public UnknownCategoryPolicy UnknownCategories { get; init; } = UnknownCategoryPolicy.MapToUnknown;
}

/// <summary>
/// One typed row of a skip-challenge session log, with the ids as strings (convenient; allocates). The
/// allocation-free path is <see cref="SkipLogReader"/>'s cursor.
/// </summary>
/// <param name="SessionId">session_id.</param>
/// <param name="SessionPosition">session_position, 1-based.</param>
/// <param name="SessionLength">session_length (declared; a cut-off session has fewer rows).</param>
/// <param name="TrackId">track_id_clean.</param>
/// <param name="Skip1">skip_1: played very briefly.</param>
/// <param name="Skip2">skip_2: played briefly (the challenge's target; seed 002's rating = 1 - skip_2).</param>
/// <param name="Skip3">skip_3: played most of the track.</param>
/// <param name="NotSkipped">not_skipped: played to the end.</param>
/// <param name="ContextSwitch">context_switch (0/1).</param>
/// <param name="NoPauseBeforePlay">no_pause_before_play (0/1).</param>
/// <param name="ShortPauseBeforePlay">short_pause_before_play (0/1).</param>
/// <param name="LongPauseBeforePlay">long_pause_before_play (0/1).</param>
/// <param name="SeekForwardCount">hist_user_behavior_n_seekfwd.</param>
/// <param name="SeekBackCount">hist_user_behavior_n_seekback.</param>
/// <param name="IsShuffle">hist_user_behavior_is_shuffle.</param>
/// <param name="HourOfDay">hour_of_day, 0..23.</param>
/// <param name="Date">date.</param>
/// <param name="Premium">premium.</param>
/// <param name="ContextType">context_type.</param>
/// <param name="ReasonStart">hist_user_behavior_reason_start.</param>
/// <param name="ReasonEnd">hist_user_behavior_reason_end.</param>
public readonly record struct SkipLogEvent(
    string SessionId, int SessionPosition, int SessionLength, string TrackId, bool Skip1, bool Skip2, bool Skip3, bool NotSkipped,
    bool ContextSwitch, bool NoPauseBeforePlay, bool ShortPauseBeforePlay, bool LongPauseBeforePlay, int SeekForwardCount,
    int SeekBackCount, bool IsShuffle, int HourOfDay, DateOnly Date, bool Premium, ContextType ContextType,
    PlaybackReason ReasonStart, PlaybackReason ReasonEnd);

/// <summary>
/// A streaming, forward-only reader of a skip-challenge session log (plain or gzip CSV, detected from the
/// bytes). Memory stays bounded whatever the file size: each <see cref="Read"/> parses one row into typed
/// properties, and the ids are spans into the reader's buffer (<see cref="SessionIdUtf8"/>,
/// <see cref="TrackIdUtf8"/>), valid until the next <see cref="Read"/>. <see cref="SkipLog.Load(string, SkipLogOptions?, IProgress{long}?)"/> is built on it.
/// </summary>
/// <example><code>
/// using var r = SkipLogReader.Open(path);
/// long skips = 0;
/// while (r.Read()) if (r.Skip2) skips++;
/// </code></example>
public sealed class SkipLogReader : IDisposable
{
    /// <summary>The 21 columns, in the challenge's order.</summary>
    public static readonly ImmutableArray<string> Columns =
    [
        "session_id", "session_position", "session_length", "track_id_clean", "skip_1", "skip_2", "skip_3", "not_skipped",
        "context_switch", "no_pause_before_play", "short_pause_before_play", "long_pause_before_play",
        "hist_user_behavior_n_seekfwd", "hist_user_behavior_n_seekback", "hist_user_behavior_is_shuffle", "hour_of_day", "date",
        "premium", "context_type", "hist_user_behavior_reason_start", "hist_user_behavior_reason_end",
    ];

    private readonly Utf8CsvReader _csv;
    private readonly CsvHeader _header;
    private readonly int[] _c;
    private readonly SkipLogOptions _options;
    private long _rows;

    private SkipLogReader(Utf8CsvReader csv, SkipLogOptions? options)
    {
        _options = options ?? new SkipLogOptions();
        _csv = csv;
        try
        {
            _header = CsvHeader.Read(csv, "skip-log");
            if (_header.Find("session_id") < 0 && _header.Names.Count == Columns.Length && Columns.Skip(1).All(c => _header.Find(c) >= 0))
                throw new DataFormatException(csv.File, 1, "session_id",
                    $"missing column 'session_id': the first header cell is '{_header[0]}' (seed 002's earlier file had a corrupted first cell and its code renamed column 0 to session_id; fix the header)");
            _c = Columns.Select(name => _header.Require(name)).ToArray();
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/>; the header is read and checked at once.</summary>
    public static SkipLogReader Open(string path, SkipLogOptions? options = null) => new(Utf8CsvReader.Open(path), options);

    /// <summary>Reads from <paramref name="stream"/> (already decompressed text); <paramref name="name"/> is used in errors.</summary>
    public static SkipLogReader Open(Stream stream, string name, SkipLogOptions? options = null) => new(new Utf8CsvReader(stream, name), options);

    /// <summary>The file name used in error messages.</summary>
    public string File => _csv.File;

    /// <summary>The 1-based line of the current row (the header is line 1).</summary>
    public long Line => _csv.Line;

    /// <summary>Rows read so far.</summary>
    public long RowCount => _rows;

    /// <summary>Unknown categories mapped to Unknown so far.</summary>
    public long UnknownCategoryCount { get; private set; }

    /// <summary>session_id of the current row as UTF-8 bytes (valid until the next <see cref="Read"/>).</summary>
    public ReadOnlySpan<byte> SessionIdUtf8 => _csv[_c[0]];

    /// <summary>track_id_clean of the current row as UTF-8 bytes (valid until the next <see cref="Read"/>).</summary>
    public ReadOnlySpan<byte> TrackIdUtf8 => _csv[_c[3]];

    /// <summary>session_id of the current row (allocates).</summary>
    public string SessionId => Encoding.UTF8.GetString(SessionIdUtf8);

    /// <summary>track_id_clean of the current row (allocates).</summary>
    public string TrackId => Encoding.UTF8.GetString(TrackIdUtf8);

    /// <summary>session_position (1-based).</summary>
    public int SessionPosition { get; private set; }

    /// <summary>session_length (declared).</summary>
    public int SessionLength { get; private set; }

    /// <summary>skip_1.</summary>
    public bool Skip1 { get; private set; }

    /// <summary>skip_2 (the challenge's target).</summary>
    public bool Skip2 { get; private set; }

    /// <summary>skip_3.</summary>
    public bool Skip3 { get; private set; }

    /// <summary>not_skipped.</summary>
    public bool NotSkipped { get; private set; }

    /// <summary>context_switch.</summary>
    public bool ContextSwitch { get; private set; }

    /// <summary>no_pause_before_play.</summary>
    public bool NoPauseBeforePlay { get; private set; }

    /// <summary>short_pause_before_play.</summary>
    public bool ShortPauseBeforePlay { get; private set; }

    /// <summary>long_pause_before_play.</summary>
    public bool LongPauseBeforePlay { get; private set; }

    /// <summary>hist_user_behavior_n_seekfwd.</summary>
    public int SeekForwardCount { get; private set; }

    /// <summary>hist_user_behavior_n_seekback.</summary>
    public int SeekBackCount { get; private set; }

    /// <summary>hist_user_behavior_is_shuffle.</summary>
    public bool IsShuffle { get; private set; }

    /// <summary>hour_of_day (0..23).</summary>
    public int HourOfDay { get; private set; }

    /// <summary>date.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>premium.</summary>
    public bool Premium { get; private set; }

    /// <summary>context_type.</summary>
    public ContextType ContextType { get; private set; }

    /// <summary>hist_user_behavior_reason_start.</summary>
    public PlaybackReason ReasonStart { get; private set; }

    /// <summary>hist_user_behavior_reason_end.</summary>
    public PlaybackReason ReasonEnd { get; private set; }

    /// <summary>The current row with string ids (allocates two strings).</summary>
    public SkipLogEvent Current => new(SessionId, SessionPosition, SessionLength, TrackId, Skip1, Skip2, Skip3, NotSkipped,
        ContextSwitch, NoPauseBeforePlay, ShortPauseBeforePlay, LongPauseBeforePlay, SeekForwardCount, SeekBackCount, IsShuffle,
        HourOfDay, Date, Premium, ContextType, ReasonStart, ReasonEnd);

    /// <summary>
    /// Parses the next row; false at the end. A malformed row throws <see cref="DataFormatException"/> with
    /// the line and column. A file with a header and no rows is an error at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (!_csv.Read())
        {
            if (_rows == 0) throw _header.HeaderOnly();
            return false;
        }
        _header.CheckFieldCount();
        var c = _c;
        if (_csv[c[0]].IsEmpty) throw _csv.Error(Columns[0], "empty session id");
        if (_csv[c[3]].IsEmpty) throw _csv.Error(Columns[3], "empty track id");
        SessionPosition = Int(1);
        SessionLength = Int(2);
        if (SessionLength < 1) throw _csv.Error(Columns[2], $"session_length {SessionLength} must be at least 1");
        if (SessionPosition < 1 || SessionPosition > SessionLength)
            throw _csv.Error(Columns[1], $"session_position {SessionPosition} is outside 1..session_length ({SessionLength})");
        Skip1 = Bool(4);
        Skip2 = Bool(5);
        Skip3 = Bool(6);
        NotSkipped = Bool(7);
        ContextSwitch = Bool(8);
        NoPauseBeforePlay = Bool(9);
        ShortPauseBeforePlay = Bool(10);
        LongPauseBeforePlay = Bool(11);
        SeekForwardCount = Int(12);
        SeekBackCount = Int(13);
        if (SeekForwardCount < 0) throw _csv.Error(Columns[12], "a count cannot be negative");
        if (SeekBackCount < 0) throw _csv.Error(Columns[13], "a count cannot be negative");
        IsShuffle = Bool(14);
        HourOfDay = Int(15);
        if ((uint)HourOfDay > 23) throw _csv.Error(Columns[15], $"hour {HourOfDay} is outside 0..23");
        Date = CsvHeader.Date(_csv, c[16], Columns[16]);
        Premium = Bool(17);
        if (!SkipLogCategories.TryParseContextType(_csv[c[18]], out var ctx)) Unknown(18);
        ContextType = ctx;
        if (!SkipLogCategories.TryParseReason(_csv[c[19]], out var rs)) Unknown(19);
        ReasonStart = rs;
        if (!SkipLogCategories.TryParseReason(_csv[c[20]], out var re)) Unknown(20);
        ReasonEnd = re;
        _rows++;
        return true;
    }

    private int Int(int k) => CsvHeader.Int(_csv, _c[k], Columns[k]);

    private bool Bool(int k) => CsvHeader.Bool(_csv, _c[k], Columns[k]);

    private void Unknown(int k)
    {
        if (_options.UnknownCategories == UnknownCategoryPolicy.Error)
        {
            var allowed = k == 18 ? SkipLogCategories.ContextTypeNames : SkipLogCategories.ReasonNames;
            throw _csv.Error(Columns[k], $"unknown value {Utf8CsvReader.Show(_csv[_c[k]])}; allowed: {string.Join(", ", allowed.Skip(1))}");
        }
        UnknownCategoryCount++;
    }

    /// <summary>Streams every row of <paramref name="path"/> as a <see cref="SkipLogEvent"/> (bounded memory; allocates the id strings).</summary>
    public static IEnumerable<SkipLogEvent> Enumerate(string path, SkipLogOptions? options = null)
    {
        using var r = Open(path, options);
        while (r.Read()) yield return r.Current;
    }

    /// <summary>
    /// Calls <paramref name="onRow"/> with the reader positioned on each row, in bounded memory; returns the row
    /// count. <paramref name="progress"/> gets the rows read so far every 65,536 rows and at the end.
    /// </summary>
    public static long ForEach(string path, Action<SkipLogReader> onRow, SkipLogOptions? options = null, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(onRow);
        using var r = Open(path, options);
        while (r.Read())
        {
            onRow(r);
            if ((r.RowCount & 0xFFFF) == 0) progress?.Report(r.RowCount);
        }
        progress?.Report(r.RowCount);
        return r.RowCount;
    }

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();
}
