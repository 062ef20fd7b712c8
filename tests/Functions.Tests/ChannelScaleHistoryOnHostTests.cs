using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// Issue 25 on the real host: a run over 1,000 channels (campaigns each followed by at most 20 others, read
/// from a PostgreSQL of its own) with the default 200 bootstrap replicates keeps its durable history far below
/// one dense n × n matrix of doubles: the counts, the group counts and the bootstrap's replicate models stay in the
/// run's work area, and what the history holds is a few numbers per channel.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class ChannelScaleHistoryOnHostTests(FunctionsAppFixture app, ITestOutputHelper output)
{
    private const int Channels = 1_000;
    private const int Customers = 20_000;
    private const int Followers = 20;
    private const string Hub = "markovscale";

    /// <summary>One dense n × n matrix of doubles: 8 MB at 1,000 channels, before any JSON.</summary>
    private const long DenseBytes = 8L * Channels * Channels;

    [Fact]
    public async Task Run1000Channels_DurableHistory_HoldsNoPayloadGrowingWithChannelsSquared()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var names = Enumerable.Range(0, Channels).Select(i => string.Create(CultureInfo.InvariantCulture, $"Campaign {i:D4}")).ToArray();
        long rows;
        await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await connection.OpenAsync();
            rows = await PostgresLoader.LoadJourneysAsync(connection, Journeys(names));
            await PostgresLoader.LoadPerformanceAsync(connection, Performance(names));
            await using var index = new NpgsqlCommand(
                "CREATE INDEX IF NOT EXISTS customer_journeys_customer_step ON dw4.customer_journeys (customer_id, journey_step); ANALYZE dw4.customer_journeys; ANALYZE dw4.channel_performance;", connection);
            await index.ExecuteNonQueryAsync();
        }

        var settings = app.Settings();
        settings["POSTGRES_PORT"] = postgres.Port.ToString(CultureInfo.InvariantCulture);
        settings["POSTGRES_PASSWD"] = postgres.ReaderPassword;
        settings["TASK_HUB_NAME"] = Hub;
        settings["Artifacts__Container"] = Hub;
        settings["Artifacts__LocalCopyPath"] = string.Empty;
        settings["Notify__SlackWebhookUrl"] = string.Empty;
        settings["Notify__TeamsWebhookUrl"] = string.Empty;
        foreach (var smtp in settings.Keys.Where(k => k.StartsWith("Notify__Smtp", StringComparison.Ordinal)).ToArray())
        {
            settings.Remove(smtp);
        }

        await using var host = await FunctionsHost.StartAsync(app.App, settings);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await FunctionsAppFixture.RunToEndAsync(host, """{"budgets": [9000000, 10000000]}""", TimeSpan.FromMinutes(10));
        var runTime = clock.Elapsed;
        Assert.True(run.RuntimeStatus == "Completed", run.Status.ToJsonString());

        using var admin = host.Client(host.MasterKey);
        var history = await admin.GetStringAsync(
            $"runtime/webhooks/durabletask/instances/{run.InstanceId}?showHistory=true&showHistoryOutput=true&showInput=true");
        var events = JsonNode.Parse(history)!["historyEvents"]!.AsArray();
        var largest = events.Select(e => (Name: (string?)e!["FunctionName"] ?? (string?)e["EventType"] ?? "?", Length: e!.ToJsonString().Length)).MaxBy(e => e.Length);

        // The bootstrap's replicate models (each replicate's removal weight per channel, for the recommendation API) are
        // replicates x channels numbers: they stay in the run's work area (work/RUN/intervals.json) and the intervals
        // activity answers their summary and that name. Names are compared ignoring case (the host may camel-case them).
        var intervals = events.Single(e => (string?)e!["FunctionName"] == "BootstrapIntervals")!["Result"]!;
        var answer = (intervals.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonNode.Parse(intervals.GetValue<string>())! : intervals).AsObject();
        var summary = Property(answer, "Summary").AsObject();
        var figure = string.Create(
            CultureInfo.InvariantCulture,
            $"durable history of a {Channels:N0}-channel run ({rows:N0} journey rows, {Property(summary, "Replicates")} replicates, {runTime.TotalSeconds:0} s): {events.Count} events, {history.Length:N0} characters (one dense n x n matrix of doubles: {DenseBytes:N0} bytes); largest event {largest.Name}, {largest.Length:N0} characters");
        output.WriteLine(figure);
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs"));
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "host-logs", "durable-history-channels.txt"), figure + "\n");

        // No count array: neither the transitions (one per observed pair) nor the group counts; only the partitions' names.
        var unescaped = history.Replace("\\\"", "\"", StringComparison.Ordinal);
        Assert.DoesNotContain("\"Transitions\":[{", unescaped, StringComparison.Ordinal);
        Assert.DoesNotContain("Groups\":{", unescaped, StringComparison.Ordinal);
        Assert.Contains($"work/{run.RunId}/partition-0.json", history, StringComparison.Ordinal);
        Assert.Equal($"work/{run.RunId}/intervals.json", (string?)Property(answer, "Work"));
        Assert.Equal(200, (int)Property(summary, "Replicates"));
        Assert.Equal(Channels, Property(summary, "Channels").AsArray().Count);
        Assert.Empty(Property(summary, "Models").AsArray());
        Assert.DoesNotContain("\"RemovalWeights\":[", unescaped, StringComparison.OrdinalIgnoreCase);

        // What is left is a few numbers per channel: under 2,000 characters each, so neither the models (4,377,078 characters)
        // nor one more n² array of even one-digit numbers (2,000,000 characters at 1,000 channels) would fit beside it.
        // Measured: 5,970,605 characters with the replicate models in the history, 1,597,593 with them in the work area.
        Assert.True(history.Length < Channels * 2_000L, figure);
    }

    private static JsonNode Property(JsonObject node, string name) =>
        node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value
        ?? throw new Xunit.Sdk.XunitException($"no '{name}' in {node.ToJsonString()[..Math.Min(300, node.ToJsonString().Length)]}");

    /// <summary>
    /// Journeys of 1–6 touches as campaign data has them: each campaign followed by one of at most 20 drawn once
    /// from its 50 neighbours on either side; conversion more likely through campaigns with a higher lift.
    /// </summary>
    private static IEnumerable<JourneyRecord> Journeys(string[] names)
    {
        var random = new Random(25);
        var lift = names.Select(_ => random.NextDouble()).ToArray();
        var followers = names.Select((_, i) => Enumerable.Range(0, Followers).Select(_ => Math.Clamp(i + random.Next(-50, 51), 0, names.Length - 1)).ToArray()).ToArray();
        var origin = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var c = 0; c < Customers; c++)
        {
            var length = 1 + random.Next(6);
            var states = new int[length];
            states[0] = random.Next(names.Length);
            for (var step = 1; step < length; step++)
            {
                states[step] = followers[states[step - 1]][random.Next(Followers)];
            }

            var converted = random.NextDouble() < 0.1 + (0.3 * states.Average(s => lift[s]));
            var customer = string.Create(CultureInfo.InvariantCulture, $"scale-{c:D6}");
            for (var step = 0; step < length; step++)
            {
                var last = step == length - 1;
                yield return new JourneyRecord(customer, step + 1, names[states[step]], origin.AddMinutes(c).AddHours(step), converted && last, converted && last ? 100m : 0m, null);
            }
        }
    }

    private static IEnumerable<ChannelPerformance> Performance(string[] names)
    {
        var random = new Random(7);
        foreach (var name in names)
        {
            var spend = 5_000 + Math.Round(random.NextDouble() * 10_000);
            var conversions = 5 + Math.Round(random.NextDouble() * 50);
            yield return new ChannelPerformance(name, spend, conversions, Math.Round(spend / conversions, 4), Math.Round(spend * 0.5), Math.Round(spend * 2), Math.Round(1 + (random.NextDouble() * 9), 6));
        }
    }
}
