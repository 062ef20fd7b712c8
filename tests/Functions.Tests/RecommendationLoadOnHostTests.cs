using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.TestSupport;
using Xunit.Abstractions;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// Issue 22: 200 concurrent <c>GET /api/recommendation?budget=</c> for a budget the run did not solve,
/// against a run with 200 replicates, on the real host: one request solves it (the point LP and 200
/// replicate LPs), the other 199 wait for that solve, and a second burst is served from the cache.
/// Latency percentiles and the host's CPU are written to the test output and to host-logs/recommendation-load.txt.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class RecommendationLoadOnHostTests(FunctionsAppFixture app, ITestOutputHelper output)
{
    private const int Concurrent = 200;
    private const string Unsolved = "17500";

    [Fact]
    public async Task GetRecommendation_200ConcurrentForAnUnsolvedBudget_OneSolveThenServedFromTheCache()
    {
        // A host, task hub and container of its own: this run becomes latest.json without moving the fixture's.
        var settings = app.Settings();
        settings["TASK_HUB_NAME"] = "markovload";
        settings["Artifacts__Container"] = "markovload";
        settings["Artifacts__LocalCopyPath"] = string.Empty;
        settings["Notify__SlackWebhookUrl"] = string.Empty;
        settings["Notify__TeamsWebhookUrl"] = string.Empty;
        await using var host = await FunctionsHost.StartAsync(app.App, settings);
        var run = await FunctionsAppFixture.RunToEndAsync(host, """{"intervals": 200, "publish_latest": true}""", TimeSpan.FromMinutes(8));
        Assert.True(run.RuntimeStatus == "Completed", run.Status.ToJsonString());

        using var client = host.Client();
        var cold = await BurstAsync(host, client);
        var warm = await BurstAsync(host, client);

        var report = $"""
            recommendation load: {Concurrent} concurrent GET /api/recommendation?budget={Unsolved} (not a budget of the run; 200 replicates), one host process and its worker
              first burst (nothing kept):  {cold}
              second burst (kept):         {warm}
            """;
        output.WriteLine(report);
        var folder = Path.Combine(AppContext.BaseDirectory, "host-logs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "recommendation-load.txt"), report);

        // One request of the first burst solved the budget; every other answer of both bursts came from the cache, and all agree.
        Assert.Equal(1, cold.Misses);
        Assert.Equal(0, warm.Misses);
        Assert.Single(cold.Bodies.Concat(warm.Bodies).Distinct());
        var answer = JsonNode.Parse(cold.Bodies[0])!;
        Assert.Equal(run.RunId, answer["run"]!.GetValue<string>());
        Assert.Equal("solved_on_demand", answer["source"]!.GetValue<string>());
        Assert.Equal(200, answer["uncertainty"]!["replicates"]!.GetValue<int>());
        Assert.True(answer["predicted_conversions_low"]!.GetValue<double>() <= answer["predicted_conversions_high"]!.GetValue<double>());
    }

    private static async Task<Burst> BurstAsync(FunctionsHost host, HttpClient client)
    {
        var cpuBefore = host.CpuTime();
        var wall = Stopwatch.StartNew();
        var requests = Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            await Task.Yield();
            var timer = Stopwatch.StartNew();
            using var response = await client.GetAsync($"api/recommendation?budget={Unsolved}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var cache = response.Headers.TryGetValues(RunsApi.CacheHeader, out var values) ? values.Single() : "(none)";
            return (Elapsed: timer.Elapsed, Body: body, Miss: cache == "miss");
        }).ToList();
        var answers = await Task.WhenAll(requests);
        wall.Stop();
        var cpu = host.CpuTime() - cpuBefore;
        var latencies = answers.Select(a => a.Elapsed.TotalMilliseconds).Order().ToArray();
        return new Burst(
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            latencies[^1],
            wall.Elapsed.TotalMilliseconds,
            cpu.TotalMilliseconds,
            answers.Count(a => a.Miss),
            answers.Select(a => a.Body).ToArray());
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Burst(double P50Ms, double P95Ms, double MaxMs, double WallMs, double CpuMs, int Misses, string[] Bodies)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"p50 {P50Ms:0} ms, p95 {P95Ms:0} ms, max {MaxMs:0} ms; burst {WallMs:0} ms wall, host CPU {CpuMs:0} ms ({CpuMs / WallMs:0.00} cores); solved by {Misses} request(s)");
    }
}
