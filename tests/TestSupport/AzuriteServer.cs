using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// A throwaway Azurite (the version pinned in tools/azurite) on 127.0.0.1, with ports the kernel
/// picks and data in a temp folder; the same start as scripts/azurite-start. Disposing stops it by
/// its PID (TERM, then KILL) and removes the data. The emulator also exits by itself once this
/// process is gone, so a killed test run leaves nothing behind.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    // The emulator's published development account, the same for every Azurite: not a secret.
    public const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Generous: node takes seconds on a quiet machine and much longer on a loaded one; only a broken start waits it out.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly string _dataDirectory;

    private AzuriteServer(Process process, string dataDirectory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int ProcessId => _process.Id;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public static async Task<AzuriteServer> StartAsync(CancellationToken ct = default)
    {
        var tools = Path.Combine(RepositoryRoot.Path, "tools", "azurite");
        await EnsureInstalledAsync(tools, ct).ConfigureAwait(false);

        var data = Directory.CreateTempSubdirectory("azurite.").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
        };
        foreach (var arg in new[]
        {
            Path.Combine(tools, "serve.js"),
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0",
            "--location", data, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AZURITE_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ports = new Dictionary<string, int>();
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException("azurite exited during start:\n" + string.Join('\n', Snapshot())));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(StartTimeout, ct).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(process).ConfigureAwait(false);
            TryDelete(data);
            throw;
        }

        lock (ports)
        {
            return new AzuriteServer(process, data, ports["Blob"], ports["Queue"], ports["Table"]);
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (ports)
            {
                output.Add(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        string[] Snapshot()
        {
            lock (ports)
            {
                return [.. output];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process).ConfigureAwait(false);
        _process.Dispose();
        TryDelete(_dataDirectory);
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        // TERM lets Azurite close its servers; it does not always exit on it, hence the KILL after the grace.
        _ = ProcessSignals.Send(process.Id, ProcessSignals.Terminate);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <c>npm ci</c> when tools/azurite has not been installed from its current lock file.</summary>
    private static async Task EnsureInstalledAsync(string tools, CancellationToken ct)
    {
        var lockFile = Path.Combine(tools, "package-lock.json");
        var stamp = Path.Combine(tools, "node_modules", ".installed-lock");
        if (SameContent(lockFile, stamp))
        {
            return;
        }

        // Test assemblies run in parallel processes: one installs, the others wait for it.
        var lockPath = Path.Combine(Path.GetTempPath(), "markovfunctions-azurite-install.lock");
        using var installLock = await AcquireFileLockAsync(lockPath, ct).ConfigureAwait(false);
        if (SameContent(lockFile, stamp))
        {
            return;
        }

        var npm = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--prefix", tools, "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm ci --prefix {tools} failed ({process.ExitCode}):\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        File.Copy(lockFile, stamp, overwrite: true);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool SameContent(string a, string b) =>
        File.Exists(a) && File.Exists(b) && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is no failure of the test run.
        }
    }

    [GeneratedRegex(@"^Azurite (Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}
