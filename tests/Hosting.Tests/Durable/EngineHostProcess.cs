using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarkovFunctions.Hosting.Tests.Durable;

/// <summary>
/// A durable host in a child process: this test assembly run as a program, hosting
/// <see cref="TestTasks.Catalog"/> on the Azure Storage backend. It runs until its standard input
/// closes (then stops cleanly) or it is killed.
/// </summary>
public sealed class EngineHostProcess : IAsyncDisposable
{
    public const string Command = "engine-host";
    public const string StorageVariable = "MARKOV_TEST_STORAGE";
    private const string ReadyLine = "engine-host ready";

    private readonly Process _process;

    private EngineHostProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public static DurableEngineOptions Options(string connectionString, string hubName) => new()
    {
        StorageConnectionString = connectionString,
        HubName = hubName,
        MaxConcurrentActivities = 4,
    };

    /// <summary>The child's side: host until stdin closes.</summary>
    public static async Task RunAsync(string hubName)
    {
        var connection = Environment.GetEnvironmentVariable(StorageVariable)
            ?? throw new InvalidOperationException($"{StorageVariable} is not set");
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("MarkovFunctions", LogLevel.Information))
            .BuildServiceProvider();
        await using var engine = await DurableEngine.StartNewAsync(Options(connection, hubName), TestTasks.Catalog, services);
        Console.WriteLine(ReadyLine);
        await Console.In.ReadToEndAsync();
        await engine.StopAsync();
    }

    /// <summary>The test's side: starts a child host and waits until its engine is running.</summary>
    public static async Task<EngineHostProcess> StartAsync(string connectionString, string hubName, string logPath, CancellationToken ct = default)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(EngineHostProcess).Assembly.Location);
        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(hubName);
        start.Environment[StorageVariable] = connectionString;

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var log = TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            log.WriteLine(e.Data);
            if (e.Data == ReadyLine)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"engine host exited early; see {logPath}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return new EngineHostProcess(process);
    }

    /// <summary>SIGKILL: no chance to stop the engine, release leases or finish activities.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin asks the child to stop its engine; a child that does not is killed.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
