using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Publishing;
using MarkovFunctions.Pipeline.Scheduling;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MarkovFunctions.Integration.Tests.Durable.PipelineOnEngineTests;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// One weekly run per ISO week even when the week's orchestration history is purged: the weekly
/// starter over the durable engine's client, the real publisher and the week marker on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WeekMarkerOnEngineTests(AzuriteFixture azurite)
{
    private static readonly string CaseA = Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys");

    [Fact]
    public async Task Tick_AfterTheFinishedWeeklyInstanceIsPurged_NoSecondRunNoSecondNotice()
    {
        var options = new ArtifactsOptions { ConnectionString = azurite.ConnectionString, Container = "weeks-" + Guid.NewGuid().ToString("N")[..12] };
        var store = BlobArtifactStore.Create(options);
        var publisher = new ArtifactRunPublisher(store, Options.Create(options), Options.Create(new AlertOptions()), NullLogger<ArtifactRunPublisher>.Instance);
        List<PublishedRun> notified = [];
        List<FailureNotice> failures = [];
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(publisher)
            .AddSingleton<IRunNotifier>(new RecordingNotifier(notified, failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        var gateway = new DurableClientGateway(host.Client);

        // Monday 06:00 New York, then Thursday of the same ISO week.
        Assert.Equal("weekly-2026-W48", await Starter(store, new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        var done = await WaitAsync(host.Client, "weekly-2026-W48");
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var run = done.ReadOutputAs<PipelineResult>()!.RunId;
        Assert.Single(notified);

        var purged = await host.Client.PurgeInstanceAsync("weekly-2026-W48");
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync("weekly-2026-W48"));

        Assert.Equal("weekly-2026-W48", await Starter(store, new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a second run, had one been started, to get under way

        Assert.Null(await host.Client.GetInstanceAsync("weekly-2026-W48"));
        Assert.Single(notified);
        Assert.Empty(failures);
        Assert.Equal([run], (await store.ListAsync(ArtifactPaths.PublishedRoot + "/")).Select(ArtifactPaths.RunOfMarker));
        Assert.Equal(new WeekMarker("2026-W48", "weekly-2026-W48", new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero)),
            WeekMarker.Parse((await store.ReadAsync("weeks/2026-W48.json"))!));
    }

    private static WeeklyRunStarter Starter(IArtifactStore store, DateTimeOffset now) => new(
        Options.Create(new ScheduleOptions()),
        Options.Create(new RunOptions { ["Budgets"] = "30000" }),
        store,
        new FixedClock(now),
        NullLogger<WeeklyRunStarter>.Instance);

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed } metadata)
            {
                return metadata;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
