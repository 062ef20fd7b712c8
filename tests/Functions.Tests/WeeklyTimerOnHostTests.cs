using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using DurableTask.AzureStorage;
using MarkovFunctions.Pipeline.Scheduling;

namespace MarkovFunctions.Functions.Tests;

/// <summary>The timer trigger, fired through the host's admin API as the portal's "Test/Run" does.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class WeeklyTimerOnHostTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task WeeklyTimer_FiredTwiceThenHistoryPurgedAndFiredAgain_OneRunAndOneNoticeForTheIsoWeek()
    {
        var settings = app.Settings();
        var schedule = new WeeklySchedule(settings["Schedule__TimeZone"]!, Enum.Parse<DayOfWeek>(settings["Schedule__Day"]!), int.Parse(settings["Schedule__Hour"]!, System.Globalization.CultureInfo.InvariantCulture));
        var week = schedule.InstanceIdFor(DateTimeOffset.UtcNow);
        using var client = app.Host.Client();
        var ticks = app.Host.Lines.Count(l => l.Contains("Executed 'Functions.WeeklyTimer' (Succeeded", StringComparison.Ordinal));

        Assert.Equal(202, await app.Host.FireTimerAsync("WeeklyTimer"));
        await app.Host.WaitForLogAsync("Executed 'Functions.WeeklyTimer' (Succeeded", ticks + 1);
        var first = await FunctionsAppFixture.WaitForEndAsync(client, new Uri(app.Host.BaseUrl, $"api/runs/{week}"));
        Assert.Equal("Completed", first["runtime_status"]!.GetValue<string>());
        Assert.Equal("weekly", await TriggerOfAsync(first["output"]!["run_id"]!.GetValue<string>()));

        // A second tick in the same week joins the run: same instance, created once, one weekly run folder.
        Assert.Equal(202, await app.Host.FireTimerAsync("WeeklyTimer"));
        // The worker's own log line reaches the host's output over gRPC, possibly after the host's "Executed" line
        // (and an hourly tick of the real schedule may land in between), so wait for the line itself.
        await app.Host.WaitForLogAsync($"Weekly run {week} already exists (Completed)");
        var again = JsonNode.Parse(await client.GetStringAsync($"api/runs/{week}"))!;
        Assert.Equal(first["created_at"]!.GetValue<DateTimeOffset>(), again["created_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Completed", again["runtime_status"]!.GetValue<string>());
        Assert.DoesNotContain(app.Host.Lines, l => l.Contains("Executed 'Functions.WeeklyTimer' (Failed", StringComparison.Ordinal));
        var weeklyFolders = 0;
        await foreach (var blob in new BlobContainerClient(app.Azurite.ConnectionString, FunctionsAppFixture.Container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
        {
            if (blob.Name.EndsWith("/run_manifest.json", StringComparison.Ordinal) && !blob.Name.StartsWith("history/", StringComparison.Ordinal)
                && await TriggerOfAsync(blob.Name.Split('/')[0]) == "weekly")
            {
                weeklyFolders++;
            }
        }

        Assert.Equal(1, weeklyFolders);

        // The finished instance's history purged (as an operator's purge, or a retention that reached it, would),
        // then a tick in the same week: the week's marker stops it; no second run, no second notice.
        var runId = first["output"]!["run_id"]!.GetValue<string>();
        Assert.Equal(1, app.Webhook.Accepted.Count(b => b.Contains(runId, StringComparison.Ordinal)));
        var hub = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = settings["TASK_HUB_NAME"]!,
            StorageAccountClientProvider = new StorageAccountClientProvider(app.Azurite.ConnectionString),
        });
        Assert.Equal(1, (await hub.PurgeInstanceHistoryAsync(week)).InstancesDeleted);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"api/runs/{week}")).StatusCode);
        var slackBefore = app.Webhook.Bodies.Count;

        Assert.Equal(202, await app.Host.FireTimerAsync("WeeklyTimer"));
        await app.Host.WaitForLogAsync($"Weekly run {week} was started at");
        await Task.Delay(TimeSpan.FromSeconds(5)); // time for a run, had one been started, to be created

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"api/runs/{week}")).StatusCode);
        Assert.Equal(slackBefore, app.Webhook.Bodies.Count);
        var marker = JsonNode.Parse((await new BlobContainerClient(app.Azurite.ConnectionString, FunctionsAppFixture.Container)
            .GetBlobClient($"weeks/{schedule.IsoWeekOf(DateTimeOffset.UtcNow)}.json").DownloadContentAsync()).Value.Content.ToString())!;
        Assert.Equal(week, marker["instance_id"]!.GetValue<string>());
        Assert.Equal(first["created_at"]!.GetValue<DateTimeOffset>(), marker["started_utc"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMinutes(1));
    }

    private async Task<string?> TriggerOfAsync(string runId)
    {
        var container = new BlobContainerClient(app.Azurite.ConnectionString, FunctionsAppFixture.Container);
        var manifest = JsonNode.Parse((await container.GetBlobClient($"{runId}/run_manifest.json").DownloadContentAsync()).Value.Content.ToString())!;
        return manifest["trigger"]?.GetValue<string>();
    }
}
