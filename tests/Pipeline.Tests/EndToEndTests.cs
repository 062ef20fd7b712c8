using System.Text;
using System.Text.Json;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.LocalHost.Local;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Npgsql;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// The weekly orchestration end to end, as the local host runs it: the Durable Task engine with the
/// Azure Storage backend on Azurite, extracting from a real PostgreSQL, publishing to Azurite, and
/// notifying a local HTTP listener.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EndToEndTests(PostgresFixture postgres, AzuriteFixture azurite)
{
    private static readonly string Case = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");

    [Fact]
    public async Task WeeklyRun_PostgresToAzurite_PublishesTheCsvPathsNumbersAndNotifies()
    {
        await PostgresExtractTests.LoadCsvAsync(postgres.Server.AdminConnectionString, Case);
        using var webhook = new RecordingWebhook();
        var localCopy = MarkovCli.TempPath("processed");
        var settings = Settings(postgres.Server, webhook.Url, localCopy);
        try
        {
            var logs = new RecordingLoggerProvider();
            await using var pipeline = await LocalPipeline.StartAsync(LocalSettings.Load("/nonexistent", settings), Microsoft.Extensions.Logging.LogLevel.Debug, extraLogs: logs);
            var id = await new DurableClientGateway(pipeline.Engine.Client).StartAsync(new PipelineInput("weekly", RunParameters()), "weekly-e2e");
            var done = await WaitAsync(pipeline.Engine.Client, id);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
            var result = done.ReadOutputAs<PipelineResult>()!;
            var runId = result.RunId!;

            // The numbers equal the CSV path's for the same data.
            var published = RunSummary.FromJson((await pipeline.Store.ReadAsync($"{runId}/summary.json"))!);
            var expected = RunSummary.From(MarkovEngine.Run(
                JourneyCsvReader.Count(Path.Combine(Case, "journeys.csv")),
                PerformanceCsvReader.Read(Path.Combine(Case, "channel_performance.csv")),
                RunParameters().ToSettings()));
            Assert.Equal(expected.AlphaBest, published.AlphaBest);
            Assert.Equal(expected.ConvertedJourneys, published.ConvertedJourneys);
            foreach (var (e, a) in expected.Channels.Zip(published.Channels))
            {
                Assert.Equal(e.Channel, a.Channel);
                Assert.Equal(e.RemovalWeight, a.RemovalWeight, 12);
                Assert.Equal(e.TimeDecay, a.TimeDecay, 12);
            }

            foreach (var (e, a) in expected.Budgets.Zip(published.Budgets))
            {
                Assert.Equal(e.Status, a.Status);
                Assert.Equal(e.PredictedConversions!.Value, a.PredictedConversions!.Value, 9);
                Assert.Equal(e.BudgetMarginalValue!.Value, a.BudgetMarginalValue!.Value, 12);
            }

            Assert.Equal(expected.Sweep.Count, published.Sweep.Count);

            // The manifest, latest.json (written last, naming this run) and the history paths.
            using var manifest = JsonDocument.Parse((await pipeline.Store.ReadAsync($"{runId}/run_manifest.json"))!);
            Assert.Equal(runId, manifest.RootElement.GetProperty("run_id").GetString());
            Assert.Equal("weekly-e2e", manifest.RootElement.GetProperty("instance_id").GetString());
            Assert.Equal(["Optimal", "Optimal"], manifest.RootElement.GetProperty("solver").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
            Assert.Equal(3, manifest.RootElement.GetProperty("extract_partitions").GetInt32());
            Assert.Equal(runId, LatestRunPointer.Parse((await pipeline.Store.ReadAsync("latest.json"))!).Run);
            // The history copy opens in DuckDB as BI would read it: hive partition run_id, the run's weights.
            var history = Path.Combine(MarkovCli.TempPath("history"), "markov_attribution", $"run_id={runId}");
            Directory.CreateDirectory(history);
            await File.WriteAllBytesAsync(Path.Combine(history, "part.parquet"), (await pipeline.Store.ReadAsync($"history/markov_attribution/run_id={runId}/part.parquet"))!);
            using (var db = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
            {
                db.Open();
                var rows = CsvRunTests.Query(db, $"SELECT channel, removal_weight, run_id FROM read_parquet('{Path.GetDirectoryName(history)}/*/*.parquet', hive_partitioning = true) ORDER BY channel");
                Assert.Equal(expected.Channels.Select(c => c.Channel), rows.Select(r => (string)r[0]!));
                Assert.Equal(expected.Channels.Select(c => Math.Round(c.RemovalWeight, 12)), rows.Select(r => Math.Round((double)r[1]!, 12)));
                Assert.All(rows, r => Assert.Equal(runId, r[2]));
            }

            CsvRunTests.Delete(Path.GetDirectoryName(Path.GetDirectoryName(history))!);
            Assert.True(File.Exists(Path.Combine(localCopy, runId, "summary.json")));
            Assert.True(File.Exists(Path.Combine(localCopy, "latest.json")));

            // One notification, in Slack's format, with the run's headline numbers.
            var body = JsonDocument.Parse(Assert.Single(webhook.Bodies)).RootElement;
            var text = string.Join("\n", body.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("text").GetProperty("text").GetString()));
            Assert.Contains("alpha* 1.00", text);
            Assert.Contains("Budget 30,000: 288.5 conversions", text);
            Assert.Contains("binding: Paid", text);

            // No secret and no customer id anywhere in what was published.
            foreach (var path in await pipeline.Store.ListAsync(string.Empty))
            {
                var content = Encoding.UTF8.GetString((await pipeline.Store.ReadAsync(path))!);
                Assert.DoesNotContain(postgres.Server.ReaderPassword, content);
                Assert.DoesNotContain(webhook.Url, content);
                if (!path.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain("\"f1\"", content);
                    Assert.DoesNotContain("customer_id", content);
                }
            }

            Assert.NotEmpty(logs.Lines);
            Assert.All(logs.Lines, line =>
            {
                Assert.DoesNotContain(postgres.Server.ReaderPassword, line);
                Assert.DoesNotContain(webhook.Url, line);
            });

            // A second start of the same week joins the first run instead of making another.
            Assert.Equal(id, await new DurableClientGateway(pipeline.Engine.Client).StartAsync(new PipelineInput("weekly", RunParameters()), "weekly-e2e"));

            // The recommendation: one budget of the run, one solved on demand.
            var inRun = await pipeline.Api.GetRecommendationAsync("30000");
            Assert.Equal(200, inRun.StatusCode);
            Assert.Equal("run", inRun.Body["source"]!.GetValue<string>());
            var onDemand = await pipeline.Api.GetRecommendationAsync("45000");
            Assert.Equal("solved_on_demand", onDemand.Body["source"]!.GetValue<string>());
            Assert.Equal("Optimal", onDemand.Body["status"]!.GetValue<string>());
            Assert.Equal(400, (await pipeline.Api.GetRecommendationAsync("-5")).StatusCode);
            Assert.Equal(400, (await pipeline.Api.GetRecommendationAsync("lots")).StatusCode);
            Assert.Equal(404, (await pipeline.Api.GetRunAsync("no-such-run")).StatusCode);
        }
        finally
        {
            CsvRunTests.Delete(localCopy);
        }
    }

    [Fact]
    public async Task WeeklyRun_PostgresDown_FailsNotifiesAndKeepsLatestOnThePreviousRun()
    {
        using var webhook = new RecordingWebhook();
        var server = await PostgresServer.StartAsync();
        var settings = Settings(server, webhook.Url, localCopy: null);
        var logs = new RecordingLoggerProvider();
        await using var pipeline = await LocalPipeline.StartAsync(LocalSettings.Load("/nonexistent", settings), Microsoft.Extensions.Logging.LogLevel.Debug, extraLogs: logs);
        await pipeline.Store.WriteAsync("latest.json", new LatestRunPointer("20200101_000000", ["summary.json"]).ToJsonBytes(), "application/json");
        await server.DisposeAsync();

        var id = await new DurableClientGateway(pipeline.Engine.Client).StartAsync(new PipelineInput("weekly", RunParameters()), "weekly-down");
        var done = await WaitAsync(pipeline.Engine.Client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("20200101_000000", LatestRunPointer.Parse((await pipeline.Store.ReadAsync("latest.json"))!).Run);
        var failure = Assert.Single(webhook.Bodies);
        Assert.Contains("FAILED at extract", failure);
        Assert.DoesNotContain(server.ReaderPassword, failure);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(server.ReaderPassword, line));
    }

    private Dictionary<string, string?> Settings(PostgresServer server, string webhookUrl, string? localCopy)
    {
        var settings = LocalSettingsFor.Services(server, azurite, "e2e", "30000,60000");
        settings["Artifacts__LocalCopyPath"] = localCopy;
        settings["Run__ExtractPartitions"] = "3";
        settings["Notify__SlackWebhookUrl"] = webhookUrl;
        return settings;
    }

    private static RunParameters RunParameters() => new([30000, 60000], ExtractPartitions: 3);

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);
            if (metadata?.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            {
                return metadata;
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
