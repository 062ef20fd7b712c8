using System.Diagnostics;
using Npgsql;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// A throwaway PostgreSQL started by scripts/pg-start (127.0.0.1, a free port, temp data, the
/// project's schema and roles) and stopped by scripts/pg-stop, by its recorded PID. One per test
/// collection; tests isolate themselves by truncating what they load.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _stateDirectory;
    private readonly Dictionary<string, string> _state;

    private PostgresServer(string stateDirectory, Dictionary<string, string> state) => (_stateDirectory, _state) = (stateDirectory, state);

    public int Port => int.Parse(_state["PG_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    public int ProcessId => int.Parse(_state["PG_PID"], System.Globalization.CultureInfo.InvariantCulture);

    public string ReaderPassword => _state["PG_READER_PASSWORD"];

    /// <summary>The server's log (<c>$PG_DATA/server.log</c>): failed logins and denied statements are counted from it.</summary>
    public string ServerLogPath => Path.Combine(_state["PG_DATA"], "server.log");

    /// <summary>Lines of the server log that contain <paramref name="text"/> (read while the server writes it).</summary>
    public int CountLogLines(string text)
    {
        using var stream = new FileStream(ServerLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    public string WriterPassword => _state["PG_WRITER_PASSWORD"];

    /// <summary>The owner of the schemas: loads and truncates test data.</summary>
    public string AdminConnectionString => Connection("postgres", _state["PG_SUPERUSER_PASSWORD"]);

    public string ReaderConnectionString => Connection("markov_reader", ReaderPassword, searchPath: "dw4");

    public string WriterConnectionString => Connection("markov_writer", WriterPassword, searchPath: "analytics");

    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("markov-pg-state.").FullName;
        await RunScriptAsync("pg-start", stateDirectory, ct).ConfigureAwait(false);
        var state = File.ReadAllLines(Path.Combine(stateDirectory, "state.env"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('\'', '"'));
        return new PostgresServer(stateDirectory, state);
    }

    /// <summary>Stops the server (tests of a database outage), by the recorded PID.</summary>
    public Task StopAsync(CancellationToken ct = default) => RunScriptAsync("pg-stop", _stateDirectory, ct);

    /// <summary>Stops the server but keeps its data, so <see cref="ResumeAsync"/> brings the same database back on the same port.</summary>
    public Task PauseAsync(CancellationToken ct = default) => RunScriptAsync("pg-stop", _stateDirectory, ct, "--keep");

    public async Task ResumeAsync(CancellationToken ct = default)
    {
        await RunScriptAsync("pg-start", _stateDirectory, ct).ConfigureAwait(false);
        _state["PG_PID"] = File.ReadAllLines(Path.Combine(_stateDirectory, "state.env"))
            .Single(line => line.StartsWith("PG_PID=", StringComparison.Ordinal))["PG_PID=".Length..];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private string Connection(string user, string password, string? searchPath = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = _state["PG_DATABASE"],
            Username = user,
            Password = password,
            SslMode = SslMode.Disable,
            Pooling = false,
        };
        if (searchPath is not null)
        {
            builder.SearchPath = searchPath;
        }

        return builder.ConnectionString;
    }

    private static async Task RunScriptAsync(string script, string stateDirectory, CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PG_STATE_DIR"] = stateDirectory;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/{script} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }
    }
}

/// <summary>One PostgreSQL per test collection that declares it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
