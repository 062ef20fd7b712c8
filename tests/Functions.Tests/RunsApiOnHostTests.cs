using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MarkovFunctions.Cli.Commands;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Functions.Tests;

/// <summary>The HTTP triggers and the durable orchestration of the published app, on the real Functions host.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class RunsApiOnHostTests(FunctionsAppFixture app)
{
    private BlobContainerClient Container => new(app.Azurite.ConnectionString, FunctionsAppFixture.Container);

    [Fact]
    public async Task StartRun_PostRuns_CompletesWithEveryArtifactEqualToTheCsvPaths()
    {
        var run = await app.FirstRunAsync();

        Assert.Equal("Completed", run.RuntimeStatus);
        Assert.Equal("Succeeded", run.Status["output"]!["status"]!.GetValue<string>());
        Assert.Equal(run.RunId, RunFolders.LatestRun((await Container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray()));

        // The CSV path on the same customers (markov run --journeys) writes the same tables and numbers.
        var csvRoot = Path.Combine(app.CsvDirectory, "csv-run");
        Assert.Equal(ExitCodes.Success, await RunCommand.RunCsvAsync(
            Path.Combine(app.CsvDirectory, "journeys.csv"), Path.Combine(app.CsvDirectory, "channel_performance.csv"),
            new RunParameters([15000, 20000], ExtractPartitions: 1, IntervalReplicates: Domain.Uncertainty.IntervalSettings.DefaultReplicates), csvRoot,
            historyPath: Path.Combine(app.CsvDirectory, "channel_spend_history.csv")));
        var csvRun = Path.Combine(csvRoot, RunFolders.LatestRun(File.ReadAllBytes(Path.Combine(csvRoot, "latest.json"))));
        var expected = RunFolders.Read(csvRun);
        var published = await RunFolders.DownloadAsync(Container, run.RunId);
        var tables = expected.Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal)).Order().ToList();
        // Six tables; the sample's three customer segments give markov_attribution_by_segment, and its
        // spend history (in dw4.channel_spend_history, as in the CSV) response_curves.
        Assert.Equal(8, tables.Count);
        Assert.Contains("markov_attribution_by_segment.parquet", tables);
        Assert.Contains("response_curves.parquet", tables);
        Assert.Equal(tables, published.Keys.Where(k => k.EndsWith(".parquet", StringComparison.Ordinal)).Order());
        foreach (var table in tables)
        {
            RunFolders.AssertSameNumbers(table, expected[table], published[table]);
        }

        var summary = JsonNode.Parse(published["summary.json"])!;
        var csvSummary = JsonNode.Parse(expected["summary.json"])!;
        Assert.Equal(csvSummary["alpha_best"]!.GetValue<double>(), summary["alpha_best"]!.GetValue<double>());
        Assert.Equal(csvSummary["converted_journeys"]!.GetValue<long>(), summary["converted_journeys"]!.GetValue<long>());
        Assert.Equal(csvSummary["budgets"]!.AsArray().Count, summary["budgets"]!.AsArray().Count);
        foreach (var (e, a) in csvSummary["budgets"]!.AsArray().Zip(summary["budgets"]!.AsArray()))
        {
            Assert.Equal(e!["status"]!.GetValue<string>(), a!["status"]!.GetValue<string>());
            Assert.Equal(e["predicted_conversions"]!.GetValue<double>(), a["predicted_conversions"]!.GetValue<double>(), 1e-9);
            // The app's default bootstrap (Run__IntervalReplicates 200) over the same customers' hash groups: the CSV path's intervals.
            Assert.Equal(e["uplift_low"]!.GetValue<double>(), a["uplift_low"]!.GetValue<double>(), 1e-9);
            Assert.Equal(e["predicted_conversions_high"]!.GetValue<double>(), a["predicted_conversions_high"]!.GetValue<double>(), 1e-9);
        }

        Assert.Equal(200, summary["uncertainty"]!["replicates"]!.GetValue<int>());
        Assert.Equal(csvSummary["alpha_best_low"]!.GetValue<double>(), summary["alpha_best_low"]!.GetValue<double>());

        Assert.Equal(File.ReadAllText(Path.Combine(csvRun, "transition_matrix.csv")), Encoding.UTF8.GetString(published["transition_matrix.csv"]));

        // The durable run's segments (counted per extract partition, attributed in the activity) are the CSV path's.
        var segments = summary["segments"]!.AsArray();
        Assert.Equal(["Loyal", "New", "Returning"], segments.Select(s => s!["customer_segment"]!.GetValue<string>()));
        foreach (var (e, a) in csvSummary["segments"]!.AsArray().Zip(segments))
        {
            Assert.Equal(e!["journeys"]!.GetValue<long>(), a!["journeys"]!.GetValue<long>());
            Assert.Equal(e["baseline_conversion"]!.GetValue<double>(), a["baseline_conversion"]!.GetValue<double>(), 1e-12);
            foreach (var (ec, ac) in e["channels"]!.AsArray().Zip(a["channels"]!.AsArray()))
            {
                Assert.Equal(ec!["channel"]!.GetValue<string>(), ac!["channel"]!.GetValue<string>());
                Assert.Equal(ec["removal_weight"]!.GetValue<double>(), ac["removal_weight"]!.GetValue<double>(), 1e-12);
            }
        }

        Assert.True((await Container.GetBlobClient($"history/markov_attribution_by_segment/run_id={run.RunId}/part.parquet").ExistsAsync()).Value);

        // Notified once for this run, in Slack's format; no secret in the host's log or the artifacts.
        Assert.Contains(app.Webhook.Bodies, body => body.Contains("Budget 15,000", StringComparison.Ordinal) && body.Contains(run.RunId, StringComparison.Ordinal) && body.Contains("(95 %: ", StringComparison.Ordinal));
        Assert.All(app.Host.Lines, line =>
        {
            Assert.DoesNotContain(app.Postgres.ReaderPassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Webhook.Url, line, StringComparison.Ordinal);
        });
        Assert.All(published, file => Assert.DoesNotContain(app.Postgres.ReaderPassword, Encoding.UTF8.GetString(file.Value), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetRecommendation_LatestGoodRun_AnswersFromTheRunOrSolvesAndNeedsTheKey()
    {
        var run = await app.FirstRunAsync();
        using var client = app.Host.Client();
        // Other tests publish runs of the same data too: the answer comes from whichever latest.json names.
        var latest = RunFolders.LatestRun((await Container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray());
        var summary = JsonNode.Parse((await Container.GetBlobClient($"{latest}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;

        var inRun = JsonNode.Parse(await client.GetStringAsync("api/recommendation?budget=15000"))!;
        Assert.Equal(latest, inRun["run"]!.GetValue<string>());
        Assert.Equal("run", inRun["source"]!.GetValue<string>());
        var budget = summary["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 15000)!;
        Assert.Equal(budget["predicted_conversions"]!.GetValue<double>(), inRun["predicted_conversions"]!.GetValue<double>(), 9);

        var onDemand = JsonNode.Parse(await client.GetStringAsync("api/recommendation?budget=17500"))!;
        Assert.Equal("solved_on_demand", onDemand["source"]!.GetValue<string>());
        Assert.Equal("Optimal", onDemand["status"]!.GetValue<string>());

        using var badBudget = await client.GetAsync("api/recommendation?budget=lots");
        Assert.Equal(HttpStatusCode.BadRequest, badBudget.StatusCode);
        using var noRun = await client.GetAsync("api/runs/no-such-run");
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);

        using var anonymous = app.Host.Client(key: string.Empty);
        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, "api/recommendation?budget=60000"), new HttpRequestMessage(HttpMethod.Post, "api/runs"), new HttpRequestMessage(HttpMethod.Get, $"api/runs/{run.InstanceId}") })
        {
            using (request)
            using (var response = await anonymous.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }

        using var wrongKey = app.Host.Client(key: "not-the-key");
        using var refused = await wrongKey.GetAsync("api/recommendation?budget=60000");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task MarkovRun_AgainstTheHost_StartsARunWithTheGivenBudgetsAndPrintsIt()
    {
        await app.FirstRunAsync();
        var printed = new StringWriter();
        var console = Console.Out;
        Console.SetOut(printed);
        int exit;
        try
        {
            using var markov = new HostClient(app.Host.BaseUrl, app.Host.FunctionKey);
            // As scripts/run-local asks: this run stands for the weekly one.
            exit = await markov.RunAsync(new JsonObject { ["budgets"] = new JsonArray(15000, 20000, 25000) }, publishLatest: true);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.True(exit == ExitCodes.Success, printed.ToString());
        var output = printed.ToString();
        var runId = RunFolders.LatestRun((await Container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains($"run {runId}: alpha* ", output, StringComparison.Ordinal);
        var summary = JsonNode.Parse((await Container.GetBlobClient($"{runId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;
        Assert.Equal([15000.0, 20000.0, 25000.0], summary["budgets"]!.AsArray().Select(b => b!["budget"]!.GetValue<double>()));
        Assert.Contains("  budget 25,000: ", output, StringComparison.Ordinal);
        Assert.Matches(@"  budget 25,000: [0-9,.]+ conversions, uplift [+-][0-9.]+% \(95 %: [+-][0-9.]+% to [+-][0-9.]+%\)", output);
    }

    [Fact]
    public async Task MarkovRunFlags_AgainstTheHost_ReachTheRun_TargetCpaHeldAndLatestUnmoved()
    {
        var first = await app.FirstRunAsync();
        var latestBefore = (await Container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToString();
        // The conversions goal's CPA at 20,000 (it spends the budget); a target 10 % below must bind.
        var plain = JsonNode.Parse((await Container.GetBlobClient($"{first.RunId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;
        var at20k = plain["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 20000)!;
        var target = Math.Round(0.9 * 20000 / at20k["predicted_conversions"]!.GetValue<double>(), 2);

        var printed = new StringWriter();
        var console = Console.Out;
        Console.SetOut(printed);
        int exit;
        try
        {
            exit = await MarkovCommandLine.RunAsync(
                ["run", "--url", app.Host.BaseUrl.ToString(), "--key", app.Host.FunctionKey, "--budgets", "20000", "--goal", "target_cpa", "--target", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "--intervals", "0"]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.True(exit == ExitCodes.Success, printed.ToString());
        var runId = System.Text.RegularExpressions.Regex.Match(printed.ToString(), @"run (\S+): alpha\* ").Groups[1].Value;
        var summary = JsonNode.Parse((await Container.GetBlobClient($"{runId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;
        var budget = summary["budgets"]!.AsArray().Single()!;
        Assert.Equal("target_cpa", budget["goal"]!.GetValue<string>());
        Assert.Equal(target, budget["target"]!.GetValue<double>());
        Assert.True(budget["cpa"]!.GetValue<double>() <= target * (1 + 1e-6), budget.ToJsonString());
        Assert.True(budget["total_spend"]!.GetValue<double>() < 20000 - 1, "a binding CPA target spends less than the budget: " + budget.ToJsonString());
        Assert.Equal(latestBefore, (await Container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task MarkovRun_AgainstTheHost_CsvOnlyFlag_IsRefusedWithExit2()
    {
        var error = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await MarkovCommandLine.RunAsync(["run", "--url", app.Host.BaseUrl.ToString(), "--key", app.Host.FunctionKey, "--kappa-overrides", "{\"Email\": 2}"]);
        }
        finally
        {
            Console.SetError(stderr);
        }

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--kappa-overrides applies to CSV mode only", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"budgets": [-5]}""", "budgets")]
    [InlineData("""{"budgets": ["lots"]}""", "budgets")]
    [InlineData("{budgets:", "")]
    [InlineData("""{"budget": 5}""", "unknown field 'budget'")]
    public async Task StartRun_BadBody_Answers400WithTheReasonAndStartsNothing(string body, string reason)
    {
        using var client = app.Host.Client();
        using var response = await client.PostAsync("api/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_OversizedOrOutOfRangeRequests_AnswerWithTheirLimitNever500()
    {
        using var client = app.Host.Client();
        var huge = $$"""{"constraints": [{"name": "Big", "channels": ["{{new string('x', 10_000_000)}}"], "min_share": 0.1}]}""";
        using (var response = await client.PostAsync("api/runs", new StringContent(huge, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("the request body is larger than 64 KiB, the largest accepted", Error(await response.Content.ReadAsStringAsync()));
        }

        using (var response = await client.PostAsync("api/runs", new StringContent("""{"lookback_days": 1e12}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("lookback_days", Error(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var response = await client.GetAsync($"api/runs/{new string('a', 101)}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("at most 100 characters", Error(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetRecommendation_LatestJsonEditedBadly_Answers503SayingWhatToFix()
    {
        await app.FirstRunAsync();
        var latest = Container.GetBlobClient("latest.json");
        var good = (await latest.DownloadContentAsync()).Value.Content;
        using var client = app.Host.Client();
        try
        {
            foreach (var bad in new[] { "{\"run\": ", """{"run": "20200101_000000"}""" })
            {
                await latest.UploadAsync(BinaryData.FromString(bad), overwrite: true);
                using var response = await client.GetAsync("api/recommendation?budget=15000");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.StartsWith("the latest run cannot be read: ", Error(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            }
        }
        finally
        {
            await latest.UploadAsync(good, overwrite: true);
        }
    }

    private static string Error(string body) => JsonNode.Parse(body)!["error"]!.GetValue<string>();

    [Fact]
    public async Task StartRun_DatabaseDown_FailsNotifiesAndLeavesLatestOnTheLastGoodRun()
    {
        var good = await app.FirstRunAsync();
        var latest = Container.GetBlobClient("latest.json");
        var before = (await latest.DownloadContentAsync()).Value.Content.ToArray();
        var notices = app.Webhook.Bodies.Count;

        await app.Postgres.PauseAsync();
        StartedRun failed;
        try
        {
            failed = await FunctionsAppFixture.RunToEndAsync(app.Host, "{}");
        }
        finally
        {
            await app.Postgres.ResumeAsync();
        }

        Assert.Equal("Failed", failed.RuntimeStatus);
        Assert.True(failed.Status["failure"] is not null, failed.Status.ToJsonString());
        Assert.Equal("extract", failed.Status["step"]!.GetValue<string>());
        Assert.Contains("Failed to connect", failed.Status["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (await latest.DownloadContentAsync()).Value.Content.ToArray());
        var notice = Assert.Single(app.Webhook.Bodies.Skip(notices));
        Assert.Contains("FAILED at extract", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Postgres.ReaderPassword, notice, StringComparison.Ordinal);

        using var client = app.Host.Client();
        var recommendation = JsonNode.Parse(await client.GetStringAsync("api/recommendation?budget=60000"))!;
        Assert.Equal(good.RunId, recommendation["run"]!.GetValue<string>());
    }
}
