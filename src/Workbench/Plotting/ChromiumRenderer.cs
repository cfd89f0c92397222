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

    /// <summary>Renders <paramref name="html"/> (a complete page) at <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <exception cref="WorkbenchException">chromium is missing, fails, times out, or the PNG has the wrong size.</exception>
    public static byte[] RenderPng(string html, int width, int height)
    {
        // One chromium at a time per process (tests, notebooks and reproduce render concurrently; several
        // browsers on two cores starve each other past the timeout), and one retry after a timeout.
        Gate.Wait();
        try
        {
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

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// An executable path that replaces the lookup in the current async flow only (tests: a missing chromium
    /// without touching the process-wide WORKBENCH_CHROMIUM that parallel tests read).
    /// </summary>
    internal static readonly AsyncLocal<string?> ExecutableOverride = new();

    private sealed class ChromiumTimeoutException(string message) : WorkbenchException(message);

    private static byte[] RenderOnce(string html, int width, int height)
    {
        var exe = FindExecutable() ?? throw new WorkbenchException(
            "chromium not found: PNG export of figures needs Debian's headless chromium; install it: apt-get install chromium " +
            "(or set WORKBENCH_CHROMIUM to the executable)");
        var dir = Path.Combine(Path.GetTempPath(), "workbench-png-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
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
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                // Without these the screenshot can be taken while raster tiles are still missing (a figure cut off).
                "--run-all-compositor-stages-before-draw", "--disable-checker-imaging", "--disable-partial-raster",
                "--user-data-dir=" + Path.Combine(dir, "profile"),
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=15000",
                "--screenshot=" + png,
                new Uri(page).AbsoluteUri,
            }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new WorkbenchException($"could not start {exe}");
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new ChromiumTimeoutException($"chromium did not finish rendering the figure within {Timeout.TotalSeconds:0} s (tried twice)");
            }
            p.WaitForExit();
            if (!File.Exists(png))
                throw new WorkbenchException($"chromium exited with code {p.ExitCode} without writing a PNG: {Tail(stderr.Result)}");
            var bytes = File.ReadAllBytes(png);
            var (w, h) = PngSize(bytes);
            if (w != width || h != height)
                throw new WorkbenchException($"chromium wrote a {w}×{h} PNG, expected {width}×{height}");
            return bytes;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
