using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Cli.Commands;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.TestSupport;
using Npgsql;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// One Functions host for the test run, with the settings of local.settings.sample.json (the task hub
/// name among them, resolved by host.json as written) over this run's Azurite, a PostgreSQL loaded with
/// generated customers, and a recording webhook for the notifications. The same customers are also
/// written as CSV, for the CSV path to compare with.
/// </summary>
public sealed class FunctionsAppFixture : IAsyncLifetime
{
    public const int Customers = 3_000;
    public const int Seed = 7;
    public const string Budgets = "15000,20000";

    private readonly Lazy<Task<StartedRun>> _firstRun;
    private PostgresServer? _postgres;
    private AzuriteServer? _azurite;
    private FunctionsHost? _host;

    public FunctionsAppFixture() => _firstRun = new(() => RunToEndAsync(Host, """{"publish_latest": true}"""));

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("not started");

    public AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("not started");

    public FunctionsHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>Slack, as it answers: over-limit or live-markup messages are refused.</summary>
    public RecordingWebhook Webhook { get; } = new(WebhookDialect.Slack);

    /// <summary>Teams, as it answers: a card over 28 KB is refused with 413.</summary>
    public RecordingWebhook TeamsWebhook { get; } = new(WebhookDialect.Teams);

    /// <summary>The password the app signs in to <see cref="Smtp"/> with: a secret no log line may show.</summary>
    public const string SmtpPassword = "host-test-Smtp-Pa55";

    /// <summary>A real SMTP server for the e-mail notice, requiring the app's sign-in.</summary>
    public RecordingSmtpServer Smtp { get; } = new("markov", SmtpPassword);

    /// <summary>The published app the hosts serve.</summary>
    public string App { get; private set; } = string.Empty;

    /// <summary>journeys.csv and channel_performance.csv holding exactly what PostgreSQL holds.</summary>
    public string CsvDirectory { get; } = Path.Combine(Path.GetTempPath(), $"markov-functions-tests-{Guid.NewGuid():N}");

    public const string Container = "markov";

    /// <summary>The folder that holds the hosts' local copy, <c>processed/</c>, as a checkout does after scripts/run-local.</summary>
    public string LocalCopyParent { get; } = Path.Combine(Path.GetTempPath(), $"markov-functions-local-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        var prepare = FunctionsHost.PrepareAsync();
        _azurite = await AzuriteServer.StartAsync();
        _postgres = await PostgresServer.StartAsync();
        await using (var connection = new NpgsqlConnection(Postgres.AdminConnectionString))
        {
            await connection.OpenAsync();
            await PostgresLoader.LoadSampleAsync(connection, Customers, Seed);
        }

        Assert.Equal(ExitCodes.Success, await SampleCommand.RunAsync(Customers, Seed, CsvDirectory));
        App = await prepare;
        _host = await FunctionsHost.StartAsync(App, Settings());
    }

    /// <summary>
    /// The sample's settings with this run's services. The weekly time is today 00:00 in New York, so
    /// this ISO week's start has passed whenever the tests run and a timer tick is due.
    /// </summary>
    public Dictionary<string, string?> Settings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        settings["AzureWebJobsStorage"] = Azurite.ConnectionString;
        settings["Artifacts__ConnectionString"] = Azurite.ConnectionString;
        settings["Artifacts__Container"] = Container;
        settings["POSTGRES_HOST"] = "127.0.0.1";
        settings["POSTGRES_PORT"] = Postgres.Port.ToString(CultureInfo.InvariantCulture);
        settings["POSTGRES_PASSWD"] = Postgres.ReaderPassword;
        settings["POSTGRES_WRITER_USER"] = string.Empty;
        settings["POSTGRES_WRITER_PASSWD"] = string.Empty;
        settings["Notify__SlackWebhookUrl"] = Webhook.Url;
        settings["Notify__TeamsWebhookUrl"] = TeamsWebhook.Url;
        settings["Notify__SmtpHost"] = Smtp.Host;
        settings["Notify__SmtpPort"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Notify__SmtpTls"] = "none";
        settings["Notify__SmtpFrom"] = "markov@example.com";
        settings["Notify__SmtpTo"] = "lead@example.com";
        settings["Notify__SmtpUser"] = "markov";
        settings["Notify__SmtpPassword"] = SmtpPassword;
        settings["Run__Budgets"] = Budgets;
        // The local copy as scripts/run-local makes it, for the README's DuckDB queries.
        settings["Artifacts__LocalCopyPath"] = Path.Combine(LocalCopyParent, "processed");
        settings["Schedule__Day"] = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, newYork).DayOfWeek.ToString();
        settings["Schedule__Hour"] = "0";
        return settings;
    }

    /// <summary>The first ad hoc run of the test run, started once and awaited by every test that needs a published run.</summary>
    public Task<StartedRun> FirstRunAsync() => _firstRun.Value;

    /// <summary>POST /api/runs with <paramref name="body"/>, then polls the status URL it answered until the run ends.</summary>
    public static async Task<StartedRun> RunToEndAsync(FunctionsHost host, string body, TimeSpan? timeout = null)
    {
        using var client = host.Client();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("api/runs", content);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, answer.ToJsonString());
        var statusUrl = new Uri(answer["status_url"]!.GetValue<string>());
        Assert.Equal(statusUrl, response.Headers.Location);
        var status = await WaitForEndAsync(client, statusUrl, timeout);
        return new StartedRun(answer["id"]!.GetValue<string>(), statusUrl, status);
    }

    /// <summary>Polls a run's status until it is Completed, Failed or Terminated.</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> WaitForEndAsync(HttpClient client, Uri statusUrl, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
        while (true)
        {
            using var response = await client.GetAsync(statusUrl, cancel.Token);
            if (response.IsSuccessStatusCode)
            {
                var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(cancel.Token))!;
                if (status["runtime_status"]!.GetValue<string>() is "Completed" or "Failed" or "Terminated")
                {
                    return status;
                }
            }

            await Task.Delay(500, cancel.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Webhook.Dispose();
        TeamsWebhook.Dispose();
        await Smtp.DisposeAsync();
        foreach (var folder in new[] { CsvDirectory, LocalCopyParent })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>A run started over HTTP: its instance id, status URL and final status.</summary>
public sealed record StartedRun(string InstanceId, Uri StatusUrl, System.Text.Json.Nodes.JsonNode Status)
{
    public string RuntimeStatus => Status["runtime_status"]!.GetValue<string>();

    public string RunId => Status["output"]!["run_id"]!.GetValue<string>();
}

[CollectionDefinition(Name)]
public sealed class FunctionsAppCollection : ICollectionFixture<FunctionsAppFixture>
{
    public const string Name = "Functions app on the real host";
}
