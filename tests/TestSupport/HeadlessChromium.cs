using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol on 127.0.0.1: loads a page, records
/// console errors, exceptions and network requests, reads the rendered text and takes a screenshot.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task? _receiver;

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public ConcurrentQueue<string> Errors { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    private TaskCompletionSource Loaded { get; set; } = new();

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile.").FullName;
        var start = new ProcessStartInfo("chromium") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "--window-size=1280,2000", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? port = null;
        while (port is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            port = DevToolsLine().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
        }

        _ = process.StandardError.ReadToEndAsync();
        if (port is null)
        {
            throw new InvalidOperationException("chromium did not report its DevTools port");
        }

        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", timeout.Token))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await browser._socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), timeout.Token);
        browser._receiver = Task.Run(browser.ReceiveAsync);
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
        {
            await browser.SendAsync($"{domain}.enable");
        }

        return browser;
    }

    /// <summary>Opens the page and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        Loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await Loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
    }

    public async Task<string> VisibleTextAsync()
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = "document.body.innerText", ["returnByValue"] = true });
        return result["result"]!["value"]!.GetValue<string>();
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _socket.Dispose();
        _process.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = pending;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var pending))
            {
                pending.TrySetResult(node["result"] ?? new JsonObject());
                continue;
            }

            switch (node["method"]?.GetValue<string>())
            {
                case "Page.loadEventFired":
                    Loaded.TrySetResult();
                    break;
                case "Runtime.consoleAPICalled" when node["params"]!["type"]!.GetValue<string>() is "error" or "assert":
                    Errors.Enqueue("console: " + node["params"]!.ToJsonString());
                    break;
                case "Runtime.exceptionThrown":
                    Errors.Enqueue("exception: " + node["params"]!.ToJsonString());
                    break;
                case "Log.entryAdded" when node["params"]!["entry"]!["level"]!.GetValue<string>() == "error":
                    Errors.Enqueue("log: " + node["params"]!["entry"]!.ToJsonString());
                    break;
                case "Network.requestWillBeSent":
                    Requests.Enqueue(node["params"]!["request"]!["url"]!.GetValue<string>());
                    break;
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsLine();
}
