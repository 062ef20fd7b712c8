using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.Pipeline.Publishing;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using static MarkovFunctions.Integration.Tests.Durable.PipelineOnEngineTests;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// Run integrity on the Durable Task test host with the real publisher on Azurite and the real
/// PostgreSQL ports (tests/TestSupport's throwaway server): latest.json moves last, a retried publish
/// writes the same bytes, and failures that cannot heal are attempted once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunIntegrityOnEngineTests(AzuriteFixture azurite, PostgresFixture postgres)
{
    private static (string Earlier, string Later) InstancesInOrder()
    {
        static string Suffix(string instance) => RunIds.Create(DateTime.UnixEpoch, instance)[16..];
        var earlier = Enumerable.Range(0, 1000).Select(i => $"earlier-{Guid.NewGuid():N}").First(id => string.CompareOrdinal(Suffix(id), "8") < 0);
        var later = Enumerable.Range(0, 1000).Select(i => $"later-{Guid.NewGuid():N}").First(id => string.CompareOrdinal(Suffix(id), Suffix(earlier)) > 0);
        return (earlier, later);
    }

    private static readonly string CaseA = Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys");

    private PostgresServer Postgres => postgres.Server;

    [Fact]
    public async Task WriterWithoutRights_RunFailsAtPublishOnFirstAttempt_LatestJsonUnchanged()
    {
        var (store, publisher) = NewPublisher(new PostgresScenarioSink(NpgsqlDataSource.Create(Postgres.WriterConnectionString)));
        var failures = new List<FailureNotice>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(publisher)
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        var good = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)) { PublishLatest = true });
        Assert.True(good.RuntimeStatus == OrchestrationRuntimeStatus.Completed, good.FailureDetails?.ToString());
        var goodRun = good.ReadOutputAs<PipelineResult>()!.RunId;
        var latestBefore = await store.ReadAsync(ArtifactPaths.LatestPointer);
        Assert.Equal(goodRun, LatestRunPointer.Parse(latestBefore).Run);

        await ExecuteAsAdminAsync("REVOKE INSERT, UPDATE ON analytics.budget_scenarios FROM markov_writer");
        try
        {
            var deniedBefore = Postgres.CountLogLines("permission denied for table budget_scenarios");
            var done = await RunAsync(host, new PipelineInput("test", new RunParameters([35000], ExtractPartitions: 1)) { PublishLatest = true });

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            var notice = Assert.Single(failures);
            Assert.Equal("publish", notice.Step);
            Assert.Contains("42501: permission denied for table budget_scenarios", notice.Message, StringComparison.Ordinal);
            // A permission error is not retried: one denied statement in the server log, not four.
            Assert.Equal(1, Postgres.CountLogLines("permission denied for table budget_scenarios") - deniedBefore);
            Assert.Equal(latestBefore, await store.ReadAsync(ArtifactPaths.LatestPointer));
            Assert.Equal(
                [ArtifactPaths.PublishedMarker(goodRun)],
                await store.ListAsync(ArtifactPaths.PublishedRoot + "/"));
        }
        finally
        {
            await ExecuteAsAdminAsync("GRANT INSERT, UPDATE ON analytics.budget_scenarios TO markov_writer");
        }
    }

    [Fact]
    public async Task PostgresStoppedDuringPublish_RetriedAsTransientThenFailed_LatestJsonUnchanged()
    {
        var (store, publisher) = NewPublisher(new PostgresScenarioSink(NpgsqlDataSource.Create(Postgres.WriterConnectionString)));
        var failures = new List<FailureNotice>();
        var attempts = 0;
        var stopDuringPublish = false;
        var stopping = new StopThenPublish(publisher, async () =>
        {
            if (stopDuringPublish && Interlocked.Increment(ref attempts) == 1)
            {
                // The server goes away between the blob writes and the scenarios upsert of this publish.
                await Postgres.PauseAsync();
            }
        });
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(stopping)
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        var good = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)) { PublishLatest = true });
        Assert.True(good.RuntimeStatus == OrchestrationRuntimeStatus.Completed, good.FailureDetails?.ToString());
        var goodRun = good.ReadOutputAs<PipelineResult>()!.RunId;
        var latestBefore = await store.ReadAsync(ArtifactPaths.LatestPointer);

        stopDuringPublish = true;
        try
        {
            var done = await RunAsync(host, new PipelineInput("test", new RunParameters([35000], ExtractPartitions: 1)) { PublishLatest = true });

            Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
            var notice = Assert.Single(failures);
            Assert.Equal("publish", notice.Step);
            // Connection refused can heal: the publish was attempted as often as the retry policy allows.
            Assert.True(4 == attempts, $"{attempts} attempts: {notice.Message}");
            Assert.Equal(latestBefore, await store.ReadAsync(ArtifactPaths.LatestPointer));
            Assert.Equal(goodRun, LatestRunPointer.Parse(latestBefore).Run);
            Assert.Equal([ArtifactPaths.PublishedMarker(goodRun)], await store.ListAsync(ArtifactPaths.PublishedRoot + "/"));
        }
        finally
        {
            await Postgres.ResumeAsync();
        }
    }

    [Fact]
    public async Task PublishTwice_SameBytesAndTheDriftAlertBothTimes()
    {
        var (store, publisher) = NewPublisher(new PostgresScenarioSink(NpgsqlDataSource.Create(Postgres.WriterConnectionString)));
        var requests = new List<PublishRequest>();
        var notified = new List<PublishedRun>();
        // The earlier run saw one more converting journey through Facebook, so Facebook's weight drifts.
        var earlierCase = Directory.CreateTempSubdirectory("markov-case.").FullName;
        File.Copy(Path.Combine(CaseA, "channel_performance.csv"), Path.Combine(earlierCase, "channel_performance.csv"));
        File.WriteAllLines(
            Path.Combine(earlierCase, "journeys.csv"),
            [.. File.ReadAllLines(Path.Combine(CaseA, "journeys.csv")), "c4,1,Facebook,2024-01-04T00:00:00Z,0,0,New", "c4,2,Search,2024-01-06T00:00:00Z,1,80,New"]);
        var source = new CaseJourneySource(earlierCase);
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(source)
            .AddSingleton<IRunPublisher>(new Recording(publisher, requests))
            .AddSingleton<IRunNotifier>(new RecordingNotifier(notified, []))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));

        // Run ids sort by their start second, then by a hash of the instance id: a later instance whose
        // hash sorts after the earlier's is the later run in whatever second each starts (no wait for the clock).
        var (earlierInstance, laterInstance) = InstancesInOrder();
        var earlier = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)) { PublishLatest = true }, instanceId: earlierInstance);
        Assert.True(earlier.RuntimeStatus == OrchestrationRuntimeStatus.Completed, earlier.FailureDetails?.ToString());
        var earlierRun = earlier.ReadOutputAs<PipelineResult>()!.RunId;
        source.Directory = CaseA;
        var later = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)) { PublishLatest = true }, instanceId: laterInstance);
        Assert.True(later.RuntimeStatus == OrchestrationRuntimeStatus.Completed, later.FailureDetails?.ToString());
        var run = later.ReadOutputAs<PipelineResult>()!.RunId;
        var firstAlerts = notified[1].Alerts.Where(a => a.Contains("weight moved", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(firstAlerts);
        Assert.All(firstAlerts, a => Assert.Contains($"since run {earlierRun}", a, StringComparison.Ordinal));
        var firstBytes = await DownloadAllAsync(store);

        // The retry: latest.json and the published mark now name the run itself.
        var again = await publisher.PublishAsync(requests[1]);

        Assert.Equal(firstAlerts, again.Alerts.Where(a => a.Contains("weight moved", StringComparison.Ordinal)));
        Assert.Equal(notified[1].Alerts, again.Alerts);
        var secondBytes = await DownloadAllAsync(store);
        Assert.Equal(firstBytes.Keys.Order(StringComparer.Ordinal), secondBytes.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"{run}/summary.json", firstBytes.Keys);
        Assert.Contains($"history/markov_attribution/run_id={run}/part.parquet", firstBytes.Keys);
        Assert.Empty(firstBytes.Where(file => !file.Value.AsSpan().SequenceEqual(secondBytes[file.Key])).Select(file => file.Key));
        Directory.Delete(earlierCase, recursive: true);
    }

    [Fact]
    public async Task WrongPassword_RunFailsAtExtract_OneLoginPerActivity()
    {
        var wrong = new NpgsqlConnectionStringBuilder(Postgres.ReaderConnectionString) { Password = "not-the-password" };
        var (_, publisher) = NewPublisher(null);
        var failures = new List<FailureNotice>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new PostgresJourneySource(NpgsqlDataSource.Create(wrong.ConnectionString)))
            .AddSingleton<IRunPublisher>(publisher)
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        // What one login attempt of Npgsql costs in the server log (measured, not assumed).
        var loginsBefore = Postgres.CountLogLines("password authentication failed for user \"markov_reader\"");
        await Assert.ThrowsAsync<PostgresException>(async () => await NpgsqlDataSource.Create(wrong.ConnectionString).OpenConnectionAsync());
        var perLogin = Postgres.CountLogLines("password authentication failed for user \"markov_reader\"") - loginsBefore;
        Assert.InRange(perLogin, 1, 2);
        loginsBefore += perLogin;

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)) { PublishLatest = true });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var notice = Assert.Single(failures);
        Assert.Equal("extract", notice.Step);
        Assert.Contains("28P01: password authentication failed for user \"markov_reader\"", notice.Message, StringComparison.Ordinal);
        // Two activities connect (read_performance and the one extract partition), each once: two
        // logins' worth of failures in the server log, where retrying every failure made four times as many.
        Assert.Equal(2 * perLogin, Postgres.CountLogLines("password authentication failed for user \"markov_reader\"") - loginsBefore);
    }

    private (BlobArtifactStore Store, ArtifactRunPublisher Publisher) NewPublisher(IScenarioSink? sink)
    {
        var options = new ArtifactsOptions { ConnectionString = azurite.ConnectionString, Container = "integrity-" + Guid.NewGuid().ToString("N")[..12] };
        var store = BlobArtifactStore.Create(options);
        var publisher = new ArtifactRunPublisher(
            store,
            Options.Create(options),
            Options.Create(new AlertOptions { WeightChangeThreshold = 0.01 }),
            NullLogger<ArtifactRunPublisher>.Instance,
            scenarios: sink);
        return (store, publisher);
    }

    private static async Task<Dictionary<string, byte[]>> DownloadAllAsync(BlobArtifactStore store)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in await store.ListAsync(string.Empty))
        {
            files[path] = (await store.ReadAsync(path))!;
        }

        return files;
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class StopThenPublish(IRunPublisher inner, Func<Task> before) : IRunPublisher
    {
        public async Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default)
        {
            await before();
            return await inner.PublishAsync(request, ct);
        }
    }

    private sealed class Recording(IRunPublisher inner, List<PublishRequest> requests) : IRunPublisher
    {
        public Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default)
        {
            lock (requests)
            {
                requests.Add(request);
            }

            return inner.PublishAsync(request, ct);
        }
    }
}
