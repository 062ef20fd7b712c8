using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MarkovFunctions.LocalHost.Local;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>The HTTP API over real HTTP (`markov serve`), on the durable engine with PostgreSQL and Azurite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HttpApiTests(PostgresFixture postgres, AzuriteFixture azurite)
{
    [Fact]
    public async Task Api_AdHocRunAndRecommendation_AnswersAndRefusesBadRequests()
    {
        await PostgresExtractTests.LoadCsvAsync(postgres.Server.AdminConnectionString, Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds"));
        var settings = LocalSettingsFor.Services(postgres.Server, azurite, "api", "60000");
        await using var pipeline = await LocalPipeline.StartAsync(LocalSettings.Load("/nonexistent", settings));
        const string key = "test-key-123";
        await using var server = await LocalApiServer.StartAsync(pipeline, RecordingWebhook.FreePort(), key);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        // No key, no answer.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/recommendation?budget=30000")).StatusCode);
        http.DefaultRequestHeaders.Add("x-functions-key", key);

        // Bad requests get a 4xx with a message, never a 500.
        foreach (var bad in new[] { """{"budgets": [-5]}""", """{"budgets": ["lots"]}""", "{budgets:", """{"budget": 5}""" })
        {
            var refused = await http.PostAsync("/api/runs", new StringContent(bad, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace((await refused.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>()));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/runs/no-such-run")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/recommendation?budget=30000")).StatusCode);

        // An ad hoc run with its own budgets: 202, then the status URL until it completes.
        var started = await http.PostAsync("/api/runs", new StringContent("""{"budgets": [30000, 45000]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var statusUrl = (await started.Content.ReadFromJsonAsync<JsonObject>())!["status_url"]!.GetValue<string>();
        JsonObject status;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            do
            {
                await Task.Delay(250, timeout.Token);
                status = (await http.GetFromJsonAsync<JsonObject>(statusUrl, timeout.Token))!;
            }
            while (status["runtime_status"]!.GetValue<string>() is not ("Completed" or "Failed"));
        }

        Assert.Equal("Completed", status["runtime_status"]!.GetValue<string>());
        var budgets = status["output"]!["published"]!["budgets"]!.AsArray().Select(b => b!["budget"]!.GetValue<double>());
        Assert.Equal([30000.0, 45000.0], budgets);

        // The recommendation: a budget of the run, and one solved on demand.
        var inRun = (await http.GetFromJsonAsync<JsonObject>("/api/recommendation?budget=30000"))!;
        Assert.Equal("run", inRun["source"]!.GetValue<string>());
        Assert.Equal(288.4955752212, inRun["predicted_conversions"]!.GetValue<double>(), 6);
        Assert.Equal(1.0, inRun["alpha_best"]!.GetValue<double>());
        Assert.Contains(inRun["binding_constraints"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "Paid");
        var onDemand = (await http.GetFromJsonAsync<JsonObject>("/api/recommendation?budget=60000"))!;
        Assert.Equal("solved_on_demand", onDemand["source"]!.GetValue<string>());
        Assert.Equal(453.0973451327, onDemand["predicted_conversions"]!.GetValue<double>(), 6);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/recommendation?budget=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/recommendation?budget=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/recommendation")).StatusCode);
    }
}
