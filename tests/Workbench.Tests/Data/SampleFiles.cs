using System.IO.Compression;
using System.Text;
using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>A small valid file of each format, with a column of each kind to break, for the bad-input tests.</summary>
public sealed record SampleFormat(string Name, string[] Header, string[] Row, string NumericColumn, string? BoolColumn, Func<string, object> Load)
{
    public override string ToString() => Name;

    public static readonly SampleFormat Deezer = new("deezer",
        "FALSE,GenreID,ArtistID,ArtistName,TrackID,Title,ShareLink,Duration,Rank,ExplicitLyrics,ExplicitContentLyrics,ExplicitContentCover,Preview,BPM,Gain,ImageLink,danceability,track_genre".Split(','),
        "FALSE,2,9143,Orchestra Baobab,704070602,Utrus Horas,https://x/1,519,449168,FALSE,0,2,https://p/1.mp3,172.99,-16.9,https://i/1.jpg,0.676,acoustic".Split(','),
        "Duration", "ExplicitLyrics", p => DeezerCatalog.Load(p));

    public static readonly SampleFormat Songs = new("songs",
        "Title,(1980s),(1990s),(2000s),(2010s),(2020s),Pop,Rock,Counrty,Folk,Dance,Grunge,Love,Metal,Classic,Funk,Electric,Acoustic,Indie,Jazz,SoundTrack,Rap".Split(','),
        "The Scientist,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0".Split(','),
        "Pop", null, p => SongCatalog.Load(p));

    public static readonly SampleFormat SkipLogFormat = new("skip-log",
        SkipLogReader.Columns.ToArray(),
        "0_a,1,20,t_1,False,False,False,True,0,0,0,0,0,0,True,16,2018-07-15,True,editorial_playlist,trackdone,trackdone".Split(','),
        "session_position", "skip_2", p => SkipLog.Load(p));

    public static readonly SampleFormat SpotifyTracks = new("spotify-tracks",
        ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre".Split(','),
        "0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01e-06,0.358,0.715,87.917,4,acoustic".Split(','),
        "popularity", "explicit", p => SpotifyTrackCatalog.Load(p));

    public static readonly SampleFormat TrackFeatures = new("track-features",
        "track_id,duration,release_year,us_popularity_estimate,acousticness,beat_strength,bounciness,danceability,dyn_range_mean,energy,flatness,instrumentalness,key,liveness,loudness,mechanism,mode,organism,speechiness,tempo,time_signature,valence,acoustic_vector_0,acoustic_vector_1,acoustic_vector_2,acoustic_vector_3,acoustic_vector_4,acoustic_vector_5,acoustic_vector_6,acoustic_vector_7".Split(','),
        "t_1,180.5,2018,99.5,0.25,0.5,0.5,0.75,10.5,0.5,1.0,0.0,5,0.125,-6.5,0.5,major,0.5,0.05,120.0,4,0.5,-0.5,0.25,0.1,0.2,0.3,0.4,0.5,0.6".Split(','),
        "tempo", null, p => TrackFeatureCatalog.Load(p));

    public static readonly SampleFormat TrackIds = new("track-ids", ["track_id"], ["0suqmBMS28FsotR6RiTzcD"], "track_id", null, p => TrackIdList.Load(p));

    public static readonly SampleFormat[] All = [Deezer, Songs, SkipLogFormat, SpotifyTracks, TrackFeatures, TrackIds];

    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var f in All) d.Add(f.Name);
        return d;
    }

    public static SampleFormat Get(string name) => All.Single(f => f.Name == name);

    /// <summary>A valid text: the header and three rows (row k with its ids made distinct), LF endings.</summary>
    public string Text(int rows = 3, Func<int, string[], string[]>? edit = null)
    {
        var sb = new StringBuilder(string.Join(",", Header)).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            var row = (string[])Row.Clone();
            if (Name == "skip-log")
            {
                // Sessions of 20 rows: 0_a, 0_a1, 0_a2, ... with positions 1..20.
                row[0] = r < 20 ? "0_a" : "0_a" + (r / 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
                row[1] = (r % 20 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (edit is not null) row = edit(r, row);
            sb.Append(string.Join(",", row)).Append('\n');
        }
        return sb.ToString();
    }

    public int ColumnIndex(string name) => Array.IndexOf(Header, name);
}

/// <summary>A temporary folder deleted at the end of the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wb-data-" + Guid.NewGuid().ToString("N")[..10]);

    public string Write(string name, string text)
    {
        var p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text, new UTF8Encoding(false));
        return p;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public static byte[] Gzip(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
