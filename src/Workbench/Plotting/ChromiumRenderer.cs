using System.Buffers.Binary;
using System.Diagnostics;

namespace Workbench.Plotting;

/// <summary>
/// Renders an HTML page to PNG with Debian's headless chromium:
/// <c>chromium --headless --no-sandbox --disable-gpu ... --user-data-dir=&lt;fresh temp&gt;
/// --window-size=W,H --virtual-time-budget=15000 --run-all-compositor-stages-before-draw
/// --screenshot=out.png page.html</c>. The virtual time budget lets plotly finish drawing (the figure
/// is drawn with <c>staticPlot</c>, no animation) and running every compositor stage before the
/// capture keeps tiles from being missing, so the same figure gives the same PNG. The executable is <c>WORKBENCH_CHROMIUM</c> if set, else
/// <c>chromium</c> or <c>chromium-browser</c> on PATH. The result is checked to be a PNG of W × H.
/// </summary>
public static class ChromiumRenderer
{
    /// <summary>How long one rendering may take before it is abandoned.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The chromium executable, or null when none is installed.</summary>
    public static string? FindExecutable()
    {
        if (ExecutableOverride.Value is { } forced) return File.Exists(forced) ? forced : null;
        var env = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(env)) return File.Exists(env) ? env : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser" })
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var p = Path.Combine(dir, name);
                if (File.Exists(p)) return p;
            }
        return null;
    }

    /// <summary>
    /// Renders <paramref name="html"/> (a complete page) at <paramref name="width"/> × <paramref name="height"/>.
    /// Consecutive figures share one browser (<see cref="ChromiumSession"/>, closed after
    /// <see cref="IdleTimeout"/> without work and when the process exits); if that browser fails, the figure is
    /// rendered again by a fresh one-shot chromium (<c>--screenshot</c>).
    /// </summary>
    /// <exception cref="WorkbenchException">chromium is missing, fails, times out, or the PNG has the wrong size.</exception>
    public static byte[] RenderPng(string html, int width, int height)
    {
        // One chromium at a time per process (tests, notebooks and reproduce render concurrently; several
        // browsers on two cores starve each other past the timeout), and one retry after a timeout.
        Gate.Wait();
        try
        {
            var exe = MissingExecutableCheck();
            if (ReuseOverride.Value ?? ReuseBrowser)
            {
                try
                {
                    var bytes = SessionFor(exe).Render(html, width, height, Timeout);
                    CheckSize(bytes, width, height);
                    return bytes;
                }
                catch (Exception e) when (e is TimeoutException or WorkbenchException or System.Net.WebSockets.WebSocketException or IOException or InvalidOperationException)
                {
                    CloseSessionUnlocked();
                }
                finally
                {
                    IdleTimer.Change(IdleTimeout, System.Threading.Timeout.InfiniteTimeSpan);
                }
            }
            try
            {
                return RenderOnce(html, width, height);
            }
            catch (ChromiumTimeoutException)
            {
                return RenderOnce(html, width, height);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Whether consecutive renderings share one browser (default true; false starts a chromium per figure).</summary>
    public static bool ReuseBrowser { get; set; } = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM_SESSION") != "0";

    /// <summary>Replaces <see cref="ReuseBrowser"/> in the current async flow only (tests).</summary>
    internal static readonly AsyncLocal<bool?> ReuseOverride = new();

    /// <summary>How long the shared browser stays open without work.</summary>
    public static TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Closes the shared browser now, after a rendering in progress finishes (it restarts on the next figure).</summary>
    public static void CloseSession()
    {
        Gate.Wait();
        try { CloseSessionUnlocked(); }
        finally { Gate.Release(); }
    }

    /// <summary>Closes the shared browser; the caller holds <see cref="Gate"/> (or the process is exiting).</summary>
    private static void CloseSessionUnlocked()
    {
        var s = Interlocked.Exchange(ref _session, null);
        s?.Dispose();
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static ChromiumSession? _session;

    private static readonly Timer IdleTimer = new(_ =>
    {
        if (!Gate.Wait(0)) return; // busy: the render in progress re-arms the timer
        try { CloseSessionUnlocked(); }
        finally { Gate.Release(); }
    });

    static ChromiumRenderer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseSessionUnlocked(); // exiting: do not wait for a render
    }

    /// <summary>The process id of the shared browser, or null when none runs (tests).</summary>
    internal static int? SessionProcessId => _session?.ProcessId;

    private static ChromiumSession SessionFor(string exe)
    {
        if (_session is { } s && s.Executable == exe && s.IsAlive) return s;
        CloseSessionUnlocked();
        _session = ChromiumSession.Start(exe, Timeout);
        return _session;
    }

    private static string MissingExecutableCheck() => FindExecutable() ?? throw new WorkbenchException(
        "chromium not found: PNG export of figures needs Debian's headless chromium; install it: apt-get install chromium " +
        "(or set WORKBENCH_CHROMIUM to the executable)");

    /// <summary>The flags every chromium started here gets (headless, no network services, a private profile).</summary>
    internal static string[] CommonArguments(string directory) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--hide-scrollbars", "--mute-audio",
        // Without these the screenshot can be taken while raster tiles are still missing (a figure cut off).
        "--run-all-compositor-stages-before-draw", "--disable-checker-imaging", "--disable-partial-raster",
        "--user-data-dir=" + Path.Combine(directory, "profile"),
    ];

    /// <summary>A fresh folder under the temp path for one browser's page and profile: prefix + process id + random.</summary>
    internal static string CreateTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Removes a browser's folder, best effort (chromium may still hold a file for a moment).</summary>
    internal static void DeleteDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Kills a browser and its children, ignoring one that has already exited.</summary>
    internal static void Kill(Process p)
    {
        try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }

    private static void CheckSize(byte[] bytes, int width, int height)
    {
        var (w, h) = PngSize(bytes);
        if (w != width || h != height)
            throw new WorkbenchException($"chromium wrote a {w}×{h} PNG, expected {width}×{height}");
    }

    /// <summary>
    /// An executable path that replaces the lookup in the current async flow only (tests: a missing chromium
    /// without touching the process-wide WORKBENCH_CHROMIUM that parallel tests read).
    /// </summary>
    internal static readonly AsyncLocal<string?> ExecutableOverride = new();

    private sealed class ChromiumTimeoutException(string message) : WorkbenchException(message);

    private static byte[] RenderOnce(string html, int width, int height)
    {
        var exe = MissingExecutableCheck();
        var dir = CreateTempDirectory("workbench-png-");
        try
        {
            var page = Path.Combine(dir, "figure.html");
            var png = Path.Combine(dir, "figure.png");
            File.WriteAllText(page, html);
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in CommonArguments(dir).Concat(
            [
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=15000",
                "--screenshot=" + png,
                new Uri(page).AbsoluteUri,
            ])) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new WorkbenchException($"could not start {exe}");
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                Kill(p);
                throw new ChromiumTimeoutException($"chromium did not finish rendering the figure within {Timeout.TotalSeconds:0} s (tried twice)");
            }
            p.WaitForExit();
            if (!File.Exists(png))
                throw new WorkbenchException($"chromium exited with code {p.ExitCode} without writing a PNG: {Tail(stderr.Result)}");
            var bytes = File.ReadAllBytes(png);
            CheckSize(bytes, width, height);
            return bytes;
        }
        finally
        {
            DeleteDirectory(dir);
        }
    }

    /// <summary>Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian).</summary>
    /// <exception cref="WorkbenchException">the bytes are not a PNG.</exception>
    public static (int Width, int Height) PngSize(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 24 || !png[..8].SequenceEqual(signature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new WorkbenchException("not a PNG file (bad signature or no IHDR chunk)");
        return (BinaryPrimitives.ReadInt32BigEndian(png.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.Slice(20, 4)));
    }

    private static string Tail(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 3)));
    }
}
