using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Publishing;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MarkovFunctions.Integration.Tests.Durable.PipelineOnEngineTests;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// Which runs become the recommendation of record, with the real publisher on Azurite: the weekly run
/// and an ad hoc run that asks; an ad hoc what-if run writes its folder and history and leaves
/// <c>latest.json</c> where it was. And a report link that cannot be made never fails a live run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LatestDecisionOnEngineTests(AzuriteFixture azurite)
{
    private static readonly string CaseA = Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys");

    [Fact]
    public async Task AdHocRun_WithoutPublishLatest_FolderAndHistoryWrittenLatestUnchanged_WithIt_Moved()
    {
        var (store, publisher) = NewPublisher(null);
        await using var host = await Host(publisher);

        var weekly = await RunAsync(host, new PipelineInput(PipelineInput.WeeklyTrigger, new RunParameters([30000], ExtractPartitions: 1)));
        var weeklyRun = weekly.ReadOutputAs<PipelineResult>()!.RunId;
        var latestBefore = await store.ReadAsync(ArtifactPaths.LatestPointer);
        Assert.Equal(weeklyRun, LatestRunPointer.Parse(latestBefore).Run);

        var whatIf = await RunAsync(host, new PipelineInput("adhoc", new RunParameters([1000], ExtractPartitions: 1)));
        Assert.True(whatIf.RuntimeStatus == OrchestrationRuntimeStatus.Completed, whatIf.FailureDetails?.ToString());
        var whatIfRun = whatIf.ReadOutputAs<PipelineResult>()!.RunId;
        Assert.Equal(latestBefore, await store.ReadAsync(ArtifactPaths.LatestPointer));
        Assert.NotNull(await store.ReadAsync(ArtifactPaths.InRun(whatIfRun, "summary.json")));
        Assert.NotEmpty(await store.ListAsync($"{ArtifactPaths.HistoryRoot}/budget_scenario_1000/run_id={whatIfRun}/"));
        // BI tells them apart by the trigger column in every history table.
        Assert.Equal("adhoc", await HistoryTriggerAsync(store, whatIfRun));
        Assert.Equal("weekly", await HistoryTriggerAsync(store, weeklyRun));
        // Not a good run for drift either: the next weekly run compares with the weekly one.
        Assert.Equal([ArtifactPaths.PublishedMarker(weeklyRun)], await store.ListAsync(ArtifactPaths.PublishedRoot + "/"));
        var gateway = new DurableClientGateway(host.Client);
        var api = new Pipeline.Api.RunsApi(gateway, store, Options.Create(new RunOptions()), TimeProvider.System);
        Assert.False((await api.GetRunAsync(whatIf.InstanceId)).Body["recommendation_of_record"]!.GetValue<bool>());
        Assert.True((await api.GetRunAsync(weekly.InstanceId)).Body["recommendation_of_record"]!.GetValue<bool>());

        var asked = await RunAsync(host, new PipelineInput("adhoc", new RunParameters([35000], ExtractPartitions: 1)) { PublishLatest = true });
        var askedRun = asked.ReadOutputAs<PipelineResult>()!.RunId;
        Assert.Equal(askedRun, LatestRunPointer.Parse((await store.ReadAsync(ArtifactPaths.LatestPointer))!).Run);
        Assert.True((await api.GetRunAsync(asked.InstanceId)).Body["recommendation_of_record"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publish_ReportLinkFails_RunCompletedWithAWarningAndLatestMoved()
    {
        var (store, publisher) = NewPublisher(new FailingLinks());
        await using var host = await Host(publisher);

        var done = await RunAsync(host, new PipelineInput(PipelineInput.WeeklyTrigger, new RunParameters([30000], ExtractPartitions: 1)));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var result = done.ReadOutputAs<PipelineResult>()!;
        Assert.Equal(result.RunId, LatestRunPointer.Parse((await store.ReadAsync(ArtifactPaths.LatestPointer))!).Run);
        Assert.Null(result.Published.ReportLink);
        Assert.Contains(
            "the report link could not be made (the run is published; report.html is in its run folder): " + FailingLinks.Message,
            result.Published.Alerts);
    }

    /// <summary>The one trigger value in every history partition of a run (one per Parquet file of its folder), as DuckDB reads them.</summary>
    private static async Task<string> HistoryTriggerAsync(BlobArtifactStore store, string runId)
    {
        var folder = Directory.CreateTempSubdirectory("history-");
        try
        {
            var parts = (await store.ListAsync(ArtifactPaths.HistoryRoot + "/")).Where(p => p.Contains($"/run_id={runId}/", StringComparison.Ordinal)).ToList();
            var tables = (await store.ListAsync(runId + "/")).Count(p => p.EndsWith(".parquet", StringComparison.Ordinal));
            Assert.True(tables >= 5 && parts.Count == tables, $"{parts.Count} history partitions for {tables} tables");
            for (var i = 0; i < parts.Count; i++)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"{i}.parquet"), (await store.ReadAsync(parts[i]))!);
            }

            var rows = DuckDbQuery.Rows($"SELECT DISTINCT trigger, run_id FROM read_parquet('{folder.FullName}/*.parquet', union_by_name = true)");
            Assert.Equal(runId, Assert.Single(rows)[1]);
            return (string)rows[0][0]!;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<Microsoft.DurableTask.Testing.DurableTaskTestHost> Host(ArtifactRunPublisher publisher) =>
        StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(publisher)
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], []))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));

    private (BlobArtifactStore Store, ArtifactRunPublisher Publisher) NewPublisher(IReportLinks? links)
    {
        var options = new ArtifactsOptions { ConnectionString = azurite.ConnectionString, Container = "latest-" + Guid.NewGuid().ToString("N")[..12] };
        var store = BlobArtifactStore.Create(options);
        return (store, new ArtifactRunPublisher(store, Options.Create(options), Options.Create(new AlertOptions()), NullLogger<ArtifactRunPublisher>.Instance, links));
    }

    /// <summary>The user-delegation key request failing, as before RBAC has propagated.</summary>
    private sealed class FailingLinks : IReportLinks
    {
        public const string Message = "Service request failed. Status: 503 (Server Busy)";

        public Task<string?> LinkAsync(string runId, CancellationToken ct = default) => throw new InvalidOperationException(Message);
    }
}
