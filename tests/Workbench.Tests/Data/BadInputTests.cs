using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>Every loader family rejects every kind of malformed input with file, line and column.</summary>
public class BadInputTests
{
    private static DataFormatException Fails(SampleFormat f, string path)
    {
        var e = Assert.Throws<DataFormatException>(() => f.Load(path));
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message);
        return e;
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void ValidSampleLoads(string format)
    {
        using var dir = new TempDir();
        var f = SampleFormat.Get(format);
        Assert.NotNull(f.Load(dir.Write("ok.csv", f.Text())));
        Assert.NotNull(f.Load(dir.Write("crlf.csv", f.Text().Replace("\n", "\r\n"))));
        Assert.NotNull(f.Load(dir.WriteBytes("ok.bin", TempDir.Gzip(f.Text()))));
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void EmptyFile(string format)
    {
        using var dir = new TempDir();
        var e = Fails(SampleFormat.Get(format), dir.Write("empty.csv", ""));
        Assert.Equal(0, e.Line);
        Assert.Contains("empty file", e.Message);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void HeaderOnly(string format)
    {
        using var dir = new TempDir();
        var f = SampleFormat.Get(format);
        var e = Fails(f, dir.Write("header.csv", f.Text(rows: 0)));
        Assert.Equal(1, e.Line);
        Assert.Contains("no data rows", e.Message);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void RenamedColumn(string format)
    {
        using var dir = new TempDir();
        var f = SampleFormat.Get(format);
        var text = f.Text();
        var header = text[..text.IndexOf('\n')];
        var renamed = header.Replace(f.NumericColumn, f.NumericColumn + "_renamed");
        var e = Fails(f, dir.Write("renamed.csv", renamed + text[text.IndexOf('\n')..]));
        Assert.Equal(1, e.Line);
        Assert.Equal(f.NumericColumn, e.Column);
        Assert.Contains("missing column", e.Message);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void NonNumericValue(string format)
    {
        var f = SampleFormat.Get(format);
        if (f.Name == "track-ids") return; // no numeric column: its only check is the empty id (EmptyIdIsRejected)
        using var dir = new TempDir();
        var col = f.ColumnIndex(f.NumericColumn);
        // Header is line 1, rows are lines 2..4; break the second row (line 3).
        var e = Fails(f, dir.Write("nan.csv", f.Text(3, (r, row) => { if (r == 1) row[col] = "abc"; return row; })));
        Assert.Equal(3, e.Line);
        Assert.Equal(f.NumericColumn, e.Column);
        Assert.Contains("'abc'", e.Message);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void NonBooleanValue(string format)
    {
        var f = SampleFormat.Get(format);
        using var dir = new TempDir();
        var column = f.BoolColumn ?? (f.Name == "songs" ? "Rock" : f.Name == "track-features" ? "mode" : null);
        if (column is null) return; // track-ids has no boolean column
        var col = f.ColumnIndex(column == "Rock" ? "Rock" : column);
        var e = Fails(f, dir.Write("bool.csv", f.Text(3, (r, row) => { if (r == 2) row[col] = "maybe"; return row; })));
        Assert.Equal(4, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains("'maybe'", e.Message);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void RaggedRow(string format)
    {
        var f = SampleFormat.Get(format);
        using var dir = new TempDir();
        // Short row: the last field dropped (for one-column files: an extra field instead).
        var e = Fails(f, dir.Write("ragged.csv", f.Text(3, (r, row) => r != 1 ? row : row.Length > 1 ? row[..^1] : [.. row, "extra"])));
        Assert.Equal(3, e.Line);
        Assert.Contains("ragged row", e.Message);
        if (f.Header.Length > 1) Assert.Equal(f.Header[^1], e.Column);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void CorruptGzip(string format)
    {
        var f = SampleFormat.Get(format);
        using var dir = new TempDir();
        var gz = TempDir.Gzip(f.Text(200));
        for (var i = 12; i < gz.Length - 8; i++) gz[i] ^= 0x5A; // flip bits after the 10-byte header
        var e = Fails(f, dir.WriteBytes("corrupt.tar.gz", gz));
        Assert.Contains("gzip", e.Message);
        Assert.True(e.Line >= 1);
    }

    [Theory]
    [MemberData(nameof(SampleFormat.Names), MemberType = typeof(SampleFormat))]
    public void TruncatedGzip(string format)
    {
        var f = SampleFormat.Get(format);
        using var dir = new TempDir();
        var gz = TempDir.Gzip(f.Text(500));
        var e = Fails(f, dir.WriteBytes("cut.gz", gz[..(gz.Length * 2 / 3)]));
        Assert.Contains("gzip", e.Message);
        var e2 = Fails(f, dir.WriteBytes("cut-trailer.gz", gz[..^4]));
        Assert.Contains("gzip", e2.Message);
    }

    [Fact]
    public void GzipErrorsCountLinesOfTheDecompressedText()
    {
        // A valid gzip whose line 4 (third data row) is ragged: the error names line 4 of the text inside.
        var f = SampleFormat.SkipLogFormat;
        using var dir = new TempDir();
        var e = Fails(f, dir.WriteBytes("log.bin", TempDir.Gzip(f.Text(5, (r, row) => r == 2 ? row[..5] : row))));
        Assert.Equal(4, e.Line);
        Assert.Equal("skip_2", e.Column); // row[..5] keeps session_id..skip_1: skip_2 is the first missing column
    }

    [Fact]
    public void EmptyIdIsRejected()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => TrackIdList.Load(dir.Write("ids.csv", "track_id\nabc\n\"\"\n")));
        Assert.Equal(3, e.Line);
        Assert.Equal("track_id", e.Column);
    }

    [Fact]
    public void UnterminatedQuoteNamesTheLineWhereTheFieldOpens()
    {
        using var dir = new TempDir();
        var f = SampleFormat.Deezer;
        var title = f.ColumnIndex("Title");
        var e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("q.csv", f.Text(3, (r, row) => { if (r == 1) row[title] = "\"never closed"; return row; }))));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void SkipLogRejectsOutOfRangeAndInconsistentValues()
    {
        var f = SampleFormat.SkipLogFormat;
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("pos.csv", f.Text(3, (r, row) => { if (r == 0) row[1] = "21"; return row; }))));
        Assert.Equal((2, "session_position"), (e.Line, e.Column));
        e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("hour.csv", f.Text(3, (r, row) => { if (r == 1) row[15] = "24"; return row; }))));
        Assert.Equal((3, "hour_of_day"), (e.Line, e.Column));
        e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("date.csv", f.Text(3, (r, row) => { if (r == 1) row[16] = "2018-02-30"; return row; }))));
        Assert.Equal((3, "date"), (e.Line, e.Column));
        e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("len.csv", f.Text(3, (r, row) => { if (r == 2) row[2] = "19"; return row; }))));
        Assert.Equal((4, "session_length"), (e.Line, e.Column));
        // A session that reappears after another one.
        e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("again.csv", f.Text(3, (r, row) => { if (r == 1) row[0] = "0_b"; return row; }))));
        Assert.Equal((4, "session_id"), (e.Line, e.Column));
    }

    [Fact]
    public void UnknownCategoryPolicyIsExplicit()
    {
        var f = SampleFormat.SkipLogFormat;
        using var dir = new TempDir();
        var path = dir.Write("ctx.csv", f.Text(3, (r, row) => { if (r == 1) { row[18] = "podcast"; row[20] = "teleport"; } return row; }));
        var log = SkipLog.Load(path);
        Assert.Equal(ContextType.Unknown, log.ContextType[1]);
        Assert.Equal(PlaybackReason.Unknown, log.ReasonEnd[1]);
        Assert.Equal(2, log.UnknownCategoryCount);
        var e = Assert.Throws<DataFormatException>(() => SkipLog.Load(path, new SkipLogOptions { UnknownCategories = UnknownCategoryPolicy.Error }));
        Assert.Equal((3, "context_type"), (e.Line, e.Column));
        Assert.Contains("editorial_playlist", e.Message);
    }

    [Fact]
    public void CorruptedFirstHeaderCellGetsAHint()
    {
        var f = SampleFormat.SkipLogFormat;
        using var dir = new TempDir();
        var text = f.Text().Replace("session_id,", "./training_set/log_0_20180715_000000000000.csv,");
        var e = Assert.Throws<DataFormatException>(() => f.Load(dir.Write("old.csv", text)));
        Assert.Equal((1, "session_id"), (e.Line, e.Column));
        Assert.Contains("first header cell is './training_set/log_0_20180715_000000000000.csv'", e.Message);
    }

    [Fact]
    public void LoadReportsProgressAndTheFinalCount()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "log.csv");
        SkipLogWriter.Write(path, SyntheticData.SkipLogEvents(new Workbench.Training.Rng(1), new SyntheticSkipLogOptions { Rows = 70_000 }), gzip: false);
        var reports = new List<long>();
        var progress = new SyncProgress(reports.Add);
        Assert.Equal(70_000, SkipLog.Load(path, progress: progress).Count);
        Assert.Equal([65_536L, 70_000L], reports);
        reports.Clear();
        Assert.Equal(70_000, SkipLogReader.ForEach(path, _ => { }, progress: progress));
        Assert.Equal([65_536L, 70_000L], reports);
    }

    /// <summary>An IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
