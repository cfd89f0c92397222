using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workbench.Plotting;

/// <summary>
/// One headless chromium kept open for many figures, driven over the Chrome DevTools Protocol
/// (<c>--remote-debugging-port=0</c>, a WebSocket): per figure, set the viewport to W × H
/// (<c>Emulation.setDeviceMetricsOverride</c>), load the page, wait until plotly's <c>newPlot</c> promise has
/// resolved and two animation frames have been drawn, and take <c>Page.captureScreenshot</c>. Starting chromium costs
/// about 2-3 s; a figure in a running session costs a few hundred milliseconds. Not thread-safe: callers serialise.
/// </summary>
internal sealed partial class ChromiumSession : IDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _directory;
    private readonly string _sessionId;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _nextId;
    private int _pages;
    private bool _loadFired;

    private ChromiumSession(string executable, Process process, string directory, Uri endpoint, TimeSpan timeout)
    {
        Executable = executable;
        _process = process;
        _directory = directory;
        using var cts = new CancellationTokenSource(timeout);
        _socket.ConnectAsync(endpoint, cts.Token).GetAwaiter().GetResult();
        var target = Call("Target.createTarget", new { url = "about:blank" }, null, cts.Token);
        var targetId = target.GetProperty("targetId").GetString()!;
        var attached = Call("Target.attachToTarget", new { targetId, flatten = true }, null, cts.Token);
        _sessionId = attached.GetProperty("sessionId").GetString()!;
        Call("Page.enable", new { }, _sessionId, cts.Token);
    }

    /// <summary>The chromium executable this session runs.</summary>
    public string Executable { get; }

    /// <summary>The browser's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the browser process is still running.</summary>
    public bool IsAlive => !_process.HasExited && _socket.State == WebSocketState.Open;

    /// <summary>Starts chromium and connects to it; throws <see cref="WorkbenchException"/> when it does not come up within <paramref name="timeout"/>.</summary>
    public static ChromiumSession Start(string executable, TimeSpan timeout)
    {
        var dir = ChromiumRenderer.CreateTempDirectory("workbench-chromium-");
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in ChromiumRenderer.CommonArguments(dir))
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--remote-debugging-port=0");
        psi.ArgumentList.Add("--remote-allow-origins=*");
        psi.ArgumentList.Add("about:blank");
        var process = Process.Start(psi) ?? throw new WorkbenchException($"could not start {executable}");
        try
        {
            var endpoint = ReadEndpoint(process, timeout);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = DrainAsync(process.StandardError);
            return new ChromiumSession(executable, process, dir, endpoint, timeout);
        }
        catch
        {
            ChromiumRenderer.Kill(process);
            ChromiumRenderer.DeleteDirectory(dir);
            throw;
        }
    }

    /// <summary>Renders a complete HTML page at <paramref name="width"/> × <paramref name="height"/> and returns the PNG bytes.</summary>
    public byte[] Render(string html, int width, int height, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var token = cts.Token;
        var page = Path.Combine(_directory, "figure-" + (++_pages) + ".html");
        File.WriteAllText(page, html);
        try
        {
            Call("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false }, _sessionId, token);
            _loadFired = false;
            Call("Page.navigate", new { url = new Uri(page).AbsoluteUri }, _sessionId, token);
            while (!_loadFired) Receive(-1, token);
            // The figure page sets document.title = 'rendered' once Plotly.newPlot's promise resolves; two animation
            // frames later every layer has been painted.
            const string drawn = "new Promise(function(ok){(function wait(){if(document.title==='rendered')" +
                                 "requestAnimationFrame(function(){requestAnimationFrame(function(){ok(true);});});" +
                                 "else setTimeout(wait,10);})();})";
            Call("Runtime.evaluate", new { expression = drawn, awaitPromise = true, returnByValue = true }, _sessionId, token);
            var shot = Call("Page.captureScreenshot", new { format = "png", fromSurface = true }, _sessionId, token);
            return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"chromium did not render the figure within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            try { File.Delete(page); } catch (IOException) { }
        }
    }

    /// <summary>Closes the browser and removes its profile folder.</summary>
    public void Dispose()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { Send("Browser.close", new { }, null, cts.Token); } catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
            }
        }
        finally
        {
            _socket.Dispose();
            if (!_process.WaitForExit(3000)) ChromiumRenderer.Kill(_process);
            _process.Dispose();
            ChromiumRenderer.DeleteDirectory(_directory);
        }
    }

    private JsonElement Call(string method, object parameters, string? sessionId, CancellationToken token)
    {
        var id = Send(method, parameters, sessionId, token);
        return Receive(id, token)!.Value;
    }

    private int Send(string method, object parameters, string? sessionId, CancellationToken token)
    {
        var id = ++_nextId;
        var message = sessionId is null
            ? JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters })
            : JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters, sessionId });
        _socket.SendAsync(message, WebSocketMessageType.Text, true, token).GetAwaiter().GetResult();
        return id;
    }

    /// <summary>Reads messages until the reply to <paramref name="id"/> (its result), or one message when id is -1 (events only).</summary>
    private JsonElement? Receive(int id, CancellationToken token)
    {
        while (true)
        {
            using var ms = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = _socket.ReceiveAsync(_buffer, token).GetAwaiter().GetResult();
                if (r.MessageType == WebSocketMessageType.Close) throw new WorkbenchException("chromium closed the DevTools connection");
                ms.Write(_buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            using var doc = JsonDocument.Parse(ms.ToArray());
            var root = doc.RootElement;
            if (root.TryGetProperty("method", out var m) && m.GetString() == "Page.loadEventFired") _loadFired = true;
            if (root.TryGetProperty("id", out var rid) && rid.GetInt32() == id)
            {
                if (root.TryGetProperty("error", out var err))
                    throw new WorkbenchException($"chromium DevTools call failed: {err.GetRawText()}");
                return root.GetProperty("result").Clone();
            }
            if (id == -1) return null;
        }
    }

    private static Uri ReadEndpoint(Process process, TimeSpan timeout)
    {
        var read = Task.Run(() =>
        {
            var seen = new StringBuilder();
            while (process.StandardError.ReadLine() is { } line)
            {
                var match = EndpointPattern().Match(line);
                if (match.Success) return new Uri(match.Groups[1].Value);
                seen.AppendLine(line);
            }
            throw new WorkbenchException($"chromium exited before opening its DevTools port: {seen.ToString().Trim()}");
        });
        if (!read.Wait(timeout)) throw new WorkbenchException($"chromium did not open its DevTools port within {timeout.TotalSeconds:0} s");
        return read.Result;
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        while (await reader.ReadAsync(buffer).ConfigureAwait(false) > 0) { }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex EndpointPattern();
}
