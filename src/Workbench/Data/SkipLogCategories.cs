using System.Collections.Immutable;
using System.Text;

namespace Workbench.Data;

/// <summary>The skip challenge's <c>context_type</c>: where the session's tracks were played from.</summary>
public enum ContextType : byte
{
    /// <summary>A value the loader does not know (kept only under <see cref="UnknownCategoryPolicy.MapToUnknown"/>).</summary>
    Unknown = 0,
    /// <summary><c>editorial_playlist</c>.</summary>
    EditorialPlaylist,
    /// <summary><c>user_collection</c>.</summary>
    UserCollection,
    /// <summary><c>catalog</c>.</summary>
    Catalog,
    /// <summary><c>charts</c>.</summary>
    Charts,
    /// <summary><c>radio</c>.</summary>
    Radio,
    /// <summary><c>personalized_playlist</c>.</summary>
    PersonalizedPlaylist,
}

/// <summary>The skip challenge's <c>hist_user_behavior_reason_start</c> / <c>_reason_end</c>: why a track started or ended.</summary>
public enum PlaybackReason : byte
{
    /// <summary>A value the loader does not know (kept only under <see cref="UnknownCategoryPolicy.MapToUnknown"/>).</summary>
    Unknown = 0,
    /// <summary><c>trackdone</c>: the previous track played to its end.</summary>
    TrackDone,
    /// <summary><c>fwdbtn</c>: the forward (skip) button.</summary>
    FwdBtn,
    /// <summary><c>backbtn</c>: the back button.</summary>
    BackBtn,
    /// <summary><c>clickrow</c>: the user clicked a row.</summary>
    ClickRow,
    /// <summary><c>appload</c>: the app started.</summary>
    AppLoad,
    /// <summary><c>playbtn</c>: the play button.</summary>
    PlayBtn,
    /// <summary><c>remote</c>: a remote control.</summary>
    Remote,
    /// <summary><c>trackerror</c>: a playback error.</summary>
    TrackError,
    /// <summary><c>endplay</c>: playback ended.</summary>
    EndPlay,
    /// <summary><c>logout</c>: the user logged out.</summary>
    Logout,
    /// <summary><c>clickside</c>: a click in the side panel.</summary>
    ClickSide,
    /// <summary><c>uriopen</c>: a URI was opened.</summary>
    UriOpen,
    /// <summary><c>popup</c>: a pop-up.</summary>
    Popup,
}

/// <summary>What the skip-log loader does with a <c>context_type</c> or reason it does not know.</summary>
public enum UnknownCategoryPolicy
{
    /// <summary>Map it to <c>Unknown</c> and count it (<see cref="SkipLog.UnknownCategoryCount"/>; shown by <c>data describe</c>).</summary>
    MapToUnknown,
    /// <summary>Reject the file with a <see cref="DataFormatException"/> naming the line and column.</summary>
    Error,
}

/// <summary>The file spellings of <see cref="ContextType"/> and <see cref="PlaybackReason"/> and their parsers.</summary>
public static class SkipLogCategories
{
    /// <summary>File spelling of each <see cref="ContextType"/>, indexed by its value ("unknown" for Unknown).</summary>
    public static readonly ImmutableArray<string> ContextTypeNames =
        ["unknown", "editorial_playlist", "user_collection", "catalog", "charts", "radio", "personalized_playlist"];

    /// <summary>File spelling of each <see cref="PlaybackReason"/>, indexed by its value ("unknown" for Unknown).</summary>
    public static readonly ImmutableArray<string> ReasonNames =
        ["unknown", "trackdone", "fwdbtn", "backbtn", "clickrow", "appload", "playbtn", "remote", "trackerror", "endplay", "logout", "clickside", "uriopen", "popup"];

    private static readonly byte[][] ContextBytes = ContextTypeNames.Select(Encoding.ASCII.GetBytes).ToArray();
    private static readonly byte[][] ReasonBytes = ReasonNames.Select(Encoding.ASCII.GetBytes).ToArray();

    /// <summary>The file spelling of <paramref name="value"/>.</summary>
    public static string ToFileName(this ContextType value) => ContextTypeNames[(int)value];

    /// <summary>The file spelling of <paramref name="value"/>.</summary>
    public static string ToFileName(this PlaybackReason value) => ReasonNames[(int)value];

    /// <summary>Parses a UTF-8 <c>context_type</c>; false when unknown.</summary>
    public static bool TryParseContextType(ReadOnlySpan<byte> utf8, out ContextType value)
    {
        var i = Find(ContextBytes, utf8);
        value = (ContextType)Math.Max(i, 0);
        return i > 0;
    }

    /// <summary>Parses a UTF-8 reason; false when unknown.</summary>
    public static bool TryParseReason(ReadOnlySpan<byte> utf8, out PlaybackReason value)
    {
        var i = Find(ReasonBytes, utf8);
        value = (PlaybackReason)Math.Max(i, 0);
        return i > 0;
    }

    private static int Find(byte[][] names, ReadOnlySpan<byte> utf8)
    {
        for (var i = 1; i < names.Length; i++)
            if (utf8.SequenceEqual(names[i])) return i;
        return -1;
    }
}
