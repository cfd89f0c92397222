using System.Security.Cryptography;

namespace Workbench.Data;

/// <summary>
/// The folder that holds the real data files, laid out like <c>../shared/data</c>. Resolved, in order,
/// from the <c>--data DIR</c> option, the <c>WORKBENCH_DATA</c> environment variable, and the
/// repository's <c>data/</c> folder (the repository is the first folder holding <c>Workbench.sln</c>
/// above the current directory or above this assembly). Missing files are normal: callers fall back to
/// the synthetic generators and say so.
/// </summary>
public sealed class DataRoot
{
    /// <summary>The environment variable naming the data folder.</summary>
    public const string EnvironmentVariable = "WORKBENCH_DATA";

    /// <summary>Seed 000's Deezer artist-tracks CSV (6,129 rows), relative to the root.</summary>
    public const string DeezerFile = "000-qlearning-dueling-dqn/artists_output_with_top_tracks.csv";

    /// <summary>Seed 001's tagged songs CSV (1,000 songs x 21 tags), relative to the root.</summary>
    public const string SongsFile = "001-ah-dqn/songs.csv";

    /// <summary>Seed 002's skip-challenge session log (a gzip CSV despite its <c>.tar.gz</c> name), relative to the root.</summary>
    public const string SkipLogFile = "002-ddpg-musicrec/user_mini_data.tar.gz";

    /// <summary>The skip challenge's track-feature file (not salvaged: place it here if you have it), relative to the root.</summary>
    public const string TrackFeaturesFile = "002-ddpg-musicrec/track_features.csv";

    /// <summary>Seed 003's shuffled list of 114,000 track ids, relative to the root.</summary>
    public const string TrackIdsFile = "003-spotify-rl-dqn/track_ids.csv";

    /// <summary>The 114,000-row Spotify Tracks Dataset used by seed 003 (not salvaged: place it here if you have it), relative to the root.</summary>
    public const string SpotifyTracksFile = "003-spotify-rl-dqn/dataset.csv";

    /// <summary>Creates a root over <paramref name="directory"/>; <paramref name="origin"/> says where it came from.</summary>
    public DataRoot(string directory, string origin = "explicit")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Origin = origin;
    }

    /// <summary>Absolute path of the data folder.</summary>
    public string Directory { get; }

    /// <summary>Where the folder came from: "--data", "WORKBENCH_DATA", "repository data/" or "current directory data/".</summary>
    public string Origin { get; }

    /// <summary>
    /// Resolves the root: <paramref name="dataOption"/> (the CLI's <c>--data</c>) if given, else
    /// <c>WORKBENCH_DATA</c>, else <c>&lt;repo&gt;/data</c>. A folder named explicitly (option or variable)
    /// that does not exist is a <see cref="WorkbenchException"/>; the default folder may be missing.
    /// </summary>
    public static DataRoot Resolve(string? dataOption = null)
    {
        if (!string.IsNullOrWhiteSpace(dataOption))
        {
            if (!System.IO.Directory.Exists(dataOption))
                throw new WorkbenchException($"data folder not found: {Path.GetFullPath(dataOption)} (given by --data)");
            return new DataRoot(dataOption, "--data");
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (!System.IO.Directory.Exists(env))
                throw new WorkbenchException($"data folder not found: {Path.GetFullPath(env)} (given by {EnvironmentVariable})");
            return new DataRoot(env, EnvironmentVariable);
        }
        var repo = FindRepositoryRoot(System.IO.Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);
        return repo is not null
            ? new DataRoot(Path.Combine(repo, "data"), "repository data/")
            : new DataRoot(Path.Combine(System.IO.Directory.GetCurrentDirectory(), "data"), "current directory data/");
    }

    /// <summary>The first folder at or above <paramref name="start"/> that holds <c>Workbench.sln</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) dir = dir.Parent;
        return dir?.FullName;
    }

    /// <summary>Absolute path of a file given relative to the root (for example <see cref="DeezerFile"/>).</summary>
    public string PathOf(string relativeFile) => Path.GetFullPath(Path.Combine(Directory, relativeFile));

    /// <summary>Whether a file given relative to the root exists.</summary>
    public bool Exists(string relativeFile) => File.Exists(PathOf(relativeFile));

    /// <summary>Absolute path of <see cref="DeezerFile"/>.</summary>
    public string DeezerPath => PathOf(DeezerFile);

    /// <summary>Absolute path of <see cref="SongsFile"/>.</summary>
    public string SongsPath => PathOf(SongsFile);

    /// <summary>Absolute path of <see cref="SkipLogFile"/>.</summary>
    public string SkipLogPath => PathOf(SkipLogFile);

    /// <summary>Absolute path of <see cref="TrackFeaturesFile"/>.</summary>
    public string TrackFeaturesPath => PathOf(TrackFeaturesFile);

    /// <summary>Absolute path of <see cref="TrackIdsFile"/>.</summary>
    public string TrackIdsPath => PathOf(TrackIdsFile);

    /// <summary>Absolute path of <see cref="SpotifyTracksFile"/>.</summary>
    public string SpotifyTracksPath => PathOf(SpotifyTracksFile);

    /// <summary>Whether seed 000's Deezer CSV is present.</summary>
    public bool DeezerExists => Exists(DeezerFile);

    /// <summary>Whether seed 001's songs CSV is present.</summary>
    public bool SongsExists => Exists(SongsFile);

    /// <summary>Whether seed 002's skip log is present.</summary>
    public bool SkipLogExists => Exists(SkipLogFile);

    /// <summary>Whether the skip challenge's track-feature file is present.</summary>
    public bool TrackFeaturesExists => Exists(TrackFeaturesFile);

    /// <summary>Whether seed 003's track id list is present.</summary>
    public bool TrackIdsExists => Exists(TrackIdsFile);

    /// <summary>Whether the 114k Spotify Tracks Dataset is present.</summary>
    public bool SpotifyTracksExists => Exists(SpotifyTracksFile);

    /// <summary>Lower-case hex SHA-256 of a file's bytes (as written into run manifests and data/README.md).</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Directory} (from {Origin})";
}
