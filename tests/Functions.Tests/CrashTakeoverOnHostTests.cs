using System.Diagnostics;
using Azure.Storage.Blobs;
using MarkovFunctions.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// kill -9 of the host and its worker while an activity (the extract) is in flight; a new host on the
/// same task hub finishes the run, and what it publishes equals an uninterrupted run's.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class CrashTakeoverOnHostTests(FunctionsAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Run_HostKilledDuringExtract_NewHostFinishesWithIdenticalArtifacts()
    {
        var settings = CrashSettings("markovcrash");
        StartedRun? started = null;
        var container = new BlobContainerClient(app.Azurite.ConnectionString, "markovcrash");

        // Host 1 runs until its extract is under way, then dies. The extract is held there by the real
        // database, not by a hook in the app: the test locks customer_journeys, so the COPY waits.
        await using (var lockHolder = new NpgsqlConnection(app.Postgres.AdminConnectionString))
        {
            await lockHolder.OpenAsync();
            await using var hold = await lockHolder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE dw4.customer_journeys IN ACCESS EXCLUSIVE MODE", lockHolder, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            await using (var first = await FunctionsHost.StartAsync(app.App, settings))
            {
                using var client = first.Client();
                using var response = await client.PostAsync("api/runs", new StringContent("""{"publish_latest": true}""", System.Text.Encoding.UTF8, "application/json"));
                var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                started = new StartedRun(answer["id"]!.GetValue<string>(), new Uri(answer["status_url"]!.GetValue<string>()), answer);
                await first.WaitForLogAsync("Executing 'Functions.ExtractJourneyPartition'", timeout: TimeSpan.FromMinutes(3));
                await WaitForLockWaiterAsync(lockHolder, TimeSpan.FromMinutes(1));
                await first.KillAsync();
            }

            await hold.RollbackAsync();
        }

        var killed = Stopwatch.StartNew();
        Assert.False(await container.GetBlobClient("latest.json").ExistsAsync());

        // Host 2 on the same task hub picks the run up and finishes it.
        await using (var second = await FunctionsHost.StartAsync(app.App, settings))
        {
            var hostUp = killed.Elapsed;
            using var client = second.Client();
            var status = await FunctionsAppFixture.WaitForEndAsync(client, new Uri(second.BaseUrl, $"api/runs/{started.InstanceId}"), TimeSpan.FromMinutes(6));
            Assert.True(status["runtime_status"]!.GetValue<string>() == "Completed", status.ToJsonString());
            var takeover = $"takeover: new host up {hostUp.TotalSeconds:0.0} s after the kill; run completed {killed.Elapsed.TotalSeconds:0.0} s after the kill";
            output.WriteLine(takeover);
            // Kept beside the host logs too: a passing test's output is not printed by the runner.
            Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs"));
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "host-logs", "takeover.txt"), takeover + "\n");
        }

        // The same run without a crash, on a task hub and container of its own (so neither has a previous run to compare with).
        StartedRun uninterrupted;
        await using (var clean = await FunctionsHost.StartAsync(app.App, CrashSettings("markovclean")))
        {
            uninterrupted = await FunctionsAppFixture.RunToEndAsync(clean, """{"publish_latest": true}""");
        }

        var runId = RunFolders.LatestRun((await container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray());
        var crashed = await RunFolders.DownloadAsync(container, runId);
        var cleanFiles = await RunFolders.DownloadAsync(new BlobContainerClient(app.Azurite.ConnectionString, "markovclean"), uninterrupted.RunId);
        Assert.Equal(cleanFiles.Keys.Order(), crashed.Keys.Order());
        foreach (var name in cleanFiles.Keys)
        {
            var expected = RunFolders.Normalise(name, cleanFiles[name], uninterrupted.RunId);
            var actual = RunFolders.Normalise(name, crashed[name], runId);
            var at = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
            Assert.True(expected == actual, $"{name} differs from the uninterrupted run's at {at}: '{Around(expected, at)}' vs '{Around(actual, at)}'");
        }

        // latest.json was written once: created and last modified at the same moment.
        var latest = await container.GetBlobClient("latest.json").GetPropertiesAsync();
        Assert.Equal(latest.Value.CreatedOn, latest.Value.LastModified);
    }

    /// <summary>Until a session waits for the lock this test holds (the extract's COPY, blocked).</summary>
    private static async Task WaitForLockWaiterAsync(NpgsqlConnection connection, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE relation = 'dw4.customer_journeys'::regclass AND NOT granted", connection);
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.True(clock.Elapsed < timeout, "no session waited for customer_journeys: the extract never reached the table");
            await Task.Delay(100);
        }
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(text.Length, at + 60) - Math.Max(0, at - 60));

    /// <summary>
    /// The app's settings on a task hub and container of its own, and the
    /// Durable extension tuned for a fast takeover: messages a dead host had taken reappear after 1 min
    /// (the least the extension allows; 5 min by default), queues are polled every 0.5 s, and the app lease expires in 15 s.
    /// </summary>
    private Dictionary<string, string?> CrashSettings(string name)
    {
        const string Durable = "AzureFunctionsJobHost__extensions__durableTask__";
        var settings = app.Settings();
        settings["TASK_HUB_NAME"] = name;
        settings["Artifacts__Container"] = name;
        settings["Artifacts__LocalCopyPath"] = string.Empty;
        settings["Notify__SlackWebhookUrl"] = string.Empty;
        settings[Durable + "storageProvider__partitionCount"] = "1";
        settings[Durable + "storageProvider__controlQueueVisibilityTimeout"] = "00:01:00";
        settings[Durable + "storageProvider__workItemQueueVisibilityTimeout"] = "00:01:00";
        settings[Durable + "storageProvider__maxQueuePollingInterval"] = "00:00:00.5";
        settings[Durable + "appLeaseOptions__leaseInterval"] = "00:00:15";
        settings[Durable + "appLeaseOptions__renewInterval"] = "00:00:05";
        settings[Durable + "appLeaseOptions__acquireInterval"] = "00:00:02";
        return settings;
    }
}
