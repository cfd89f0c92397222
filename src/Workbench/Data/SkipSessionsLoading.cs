namespace Workbench.Data;

/// <summary>Feeds the data layer's skip logs into <see cref="SkipSessionBuilder"/>: from a loaded <see cref="SkipLog"/> or streamed from a file.</summary>
public static class SkipSessionLoading
{
    /// <summary>Builds the seed-002 session set from a loaded log.</summary>
    public static SkipSessionSet FromLog(SkipLog log, SkipSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var b = new SkipSessionBuilder(options);
        for (var r = 0; r < log.Count; r++)
            b.Add(log.SessionIds[log.SessionIndex[r]], log.SessionPosition[r], log.TrackIds[log.TrackIndex[r]], log.Skip2[r]);
        return b.Build();
    }

    /// <summary>
    /// Streams <paramref name="path"/> (plain or gzip CSV) through <see cref="SkipLogReader"/> into a builder, one row at a
    /// time: memory holds the interned rows (a few bytes each), never the text.
    /// </summary>
    public static SkipSessionBuilder Stream(string path, SkipSessionOptions? options = null, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        using var reader = SkipLogReader.Open(path);
        return Stream(reader, options, rowsRead, cancellationToken);
    }

    /// <summary>Streams an open reader into a new builder (see <see cref="Stream(string, SkipSessionOptions?, IProgress{long}?, CancellationToken)"/>).</summary>
    public static SkipSessionBuilder Stream(SkipLogReader reader, SkipSessionOptions? options = null, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var b = new SkipSessionBuilder(options);
        while (reader.Read())
        {
            b.Add(reader.SessionIdUtf8, reader.SessionPosition, reader.TrackIdUtf8, reader.Skip2);
            if ((b.Rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rowsRead?.Report(b.Rows);
            }
        }
        rowsRead?.Report(b.Rows);
        return b;
    }
}
