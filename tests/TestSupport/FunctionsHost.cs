using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// The real Azure Functions host (what scripts/functions-host provides: Core Tools, or the host built
/// from ../shared/functions-host) serving the app's <c>dotnet publish</c> output on 127.0.0.1 and a free
/// port. Its console log is kept in memory; disposing stops it and its worker by PID (TERM, then KILL).
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim PrepareLock = new(1, 1);
    private static string? _publishedApp;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly string _stateDirectory;

    private FunctionsHost(Process process, string stateDirectory, int port)
    {
        _process = process;
        _stateDirectory = stateDirectory;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>The <c>default</c> function key (HTTP triggers).</summary>
    public string FunctionKey { get; private set; } = string.Empty;

    /// <summary>The master key (admin API: firing the timer).</summary>
    public string MasterKey { get; private set; } = string.Empty;

    /// <summary>Every line the host has written to its console so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// The app as Azure runs it: <c>dotnet publish -c Release</c> of src/Functions, once per test run
    /// (or the folder MARKOV_FUNCTIONS_APP names, which scripts/test publishes before the tests), and a
    /// host provided by <c>scripts/functions-host ensure</c>.
    /// </summary>
    public static async Task<string> PrepareAsync(CancellationToken ct = default)
    {
        await PrepareLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_publishedApp is not null)
            {
                return _publishedApp;
            }

            await RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "functions-host"), "ensure"], ct).ConfigureAwait(false);
            var app = Environment.GetEnvironmentVariable("MARKOV_FUNCTIONS_APP");
            if (string.IsNullOrWhiteSpace(app))
            {
                app = Path.Combine(RepositoryRoot.Path, ".local", "functions-app-tests");
                await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot.Path, "src", "Functions"), "-c", "Release", "-o", app, "-nologo", "-v", "quiet"], ct).ConfigureAwait(false);
            }

            if (!File.Exists(Path.Combine(app, "functions.metadata")))
            {
                throw new InvalidOperationException($"{app} holds no published Functions app (no functions.metadata)");
            }

            return _publishedApp = app;
        }
        finally
        {
            PrepareLock.Release();
        }
    }

    /// <summary>Starts a host over <paramref name="app"/> with <paramref name="settings"/> as its app settings and host.json overrides.</summary>
    public static async Task<FunctionsHost> StartAsync(string app, IReadOnlyDictionary<string, string?> settings, CancellationToken ct = default)
    {
        var port = RecordingWebhook.FreePort();
        var state = Directory.CreateTempSubdirectory("functions-host.").FullName;
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = state,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "functions-host"));
        start.ArgumentList.Add("exec");
        start.Environment["AzureWebJobsScriptRoot"] = app;
        start.Environment["FUNCTIONS_HOST_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_SECRETS_PATH"] = Path.Combine(state, "secrets");
        start.Environment["FUNCTIONS_LOG_PATH"] = Path.Combine(state, "logs");
        start.Environment["AzureFunctionsJobHost__Logging__Console__IsEnabled"] = "true";
        start.Environment["AzureFunctionsJobHost__Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new FunctionsHost(process, state, port);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (host._lines)
            {
                host._lines.Add(line);
            }

            if (line.Contains("Job host started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
            else if (line.Contains("A host error has occurred during startup", StringComparison.Ordinal))
            {
                // The host retries a failed start forever: report the first error (it follows this line) instead.
                _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(
                    _ => started.TrySetException(new InvalidOperationException(string.Join('\n', host.Lines.SkipWhile(l => !l.Contains("A host error", StringComparison.Ordinal)).Take(6)))),
                    TaskScheduler.Default);
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException(
            $"the Functions host exited during start ({process.ExitCode}):\n{string.Join('\n', host.Lines.TakeLast(40))}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout, ct).ConfigureAwait(false);
            await host.ReadKeysAsync(ct).ConfigureAwait(false);
            return host;
        }
        catch (Exception ex)
        {
            var lines = string.Join('\n', host.Lines.TakeLast(40));
            await host.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the Functions host did not start: {ex.Message}\n{lines}", ex);
        }
    }

    /// <summary>A client of the host; with <paramref name="key"/> (default: the function key) on every request.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        if ((key ?? FunctionKey) is { Length: > 0 } value)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", value);
        }

        return client;
    }

    /// <summary>Fires a timer trigger now, through the admin API (master key), as the portal's "Test/Run" does.</summary>
    public async Task<int> FireTimerAsync(string function, CancellationToken ct = default)
    {
        using var client = Client(MasterKey);
        using var content = new StringContent("{\"input\":\"\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"admin/functions/{function}", content, ct).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>Waits until the host has logged a line containing <paramref name="text"/> at least <paramref name="count"/> times.</summary>
    public async Task WaitForLogAsync(string text, int count = 1, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        while (Lines.Count(l => l.Contains(text, StringComparison.Ordinal)) < count)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited before logging '{text}'");
            }

            await Task.Delay(200, cancel.Token).ConfigureAwait(false);
        }
    }

    /// <summary>CPU time (user and system) the host and its worker have used so far, read from /proc (Linux clock ticks, 100 a second).</summary>
    public TimeSpan CpuTime()
    {
        var ticks = 0L;
        foreach (var pid in Children(_process.Id).Prepend(_process.Id))
        {
            try
            {
                // Fields after the command's closing parenthesis: state is the 1st, utime the 12th, stime the 13th.
                var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>kill -9 of the host and its worker process, as a crash or an evicted instance would end them.</summary>
    public async Task KillAsync()
    {
        var family = Children(_process.Id).Prepend(_process.Id).ToList();
        foreach (var pid in family)
        {
            _ = ProcessSignals.Send(pid, ProcessSignals.Kill);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        await WaitGoneAsync(family).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var family = Children(_process.Id).Prepend(_process.Id).ToList();
            _ = ProcessSignals.Send(_process.Id, ProcessSignals.Terminate);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            foreach (var pid in family)
            {
                _ = ProcessSignals.Send(pid, ProcessSignals.Kill);
            }

            await WaitGoneAsync(family).ConfigureAwait(false);
        }

        _process.Dispose();
        SaveLog();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A worker that is still closing its log files; the temp folder is cleaned up later.
        }
    }

    /// <summary>The console log, kept beside the test binaries (host-logs/) for reading after a failure.</summary>
    private void SaveLog()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "host-logs");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, $"host-{DateTime.UtcNow:HHmmss}-{BaseUrl.Port}.log"), Lines);
    }

    private async Task ReadKeysAsync(CancellationToken ct)
    {
        // "Job host started" comes a moment before Kestrel listens: wait until the host answers HTTP.
        using var client = Client(key: string.Empty);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var _ = await client.GetAsync(string.Empty, ct).ConfigureAwait(false);
                break;
            }
            catch (HttpRequestException) when (attempt < 200 && !_process.HasExited)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }

        // With file secret storage the host writes its keys at start-up or on the first request that needs one.
        var file = Path.Combine(_stateDirectory, "secrets", "host.json");
        for (var attempt = 0; attempt < 120 && !(File.Exists(file) && new FileInfo(file).Length > 0); attempt++)
        {
            using var _ = await client.PostAsync("api/runs", null, ct).ConfigureAwait(false);
            await Task.Delay(250, ct).ConfigureAwait(false);
        }

        using var keys = JsonDocument.Parse(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
        FunctionKey = keys.RootElement.GetProperty("functionKeys")[0].GetProperty("value").GetString()!;
        MasterKey = keys.RootElement.GetProperty("masterKey").GetProperty("value").GetString()!;
    }

    private static async Task WaitGoneAsync(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid); i++)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The host's descendants (its worker, and what that started), read from /proc.</summary>
    private static List<int> Children(int pid)
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var id = int.Parse(child, CultureInfo.InvariantCulture);
                    result.Add(id);
                    result.AddRange(Children(id));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
        }

        return result;
    }

    private static async Task RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
    }

}
