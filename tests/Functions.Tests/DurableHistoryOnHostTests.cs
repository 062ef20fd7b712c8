using System.Globalization;
using System.Text.Json.Nodes;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// The payload rule on the real host (docs/ARCHITECTURE.md): a run with 200 bootstrap replicates keeps
/// its counts (the group counts: 200 numbers per transition) out of the durable history, which holds
/// only their names in the run's work area, and so do the response curves' κ draws (200 per fitted channel) and weekly
/// points, and the bootstrap's replicate models. The history is read as the Durable extension's HTTP API gives it.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class DurableHistoryOnHostTests(FunctionsAppFixture app, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task RunWith200Replicates_DurableHistory_HoldsTheCountsNamesNotTheCounts()
    {
        var run = await app.FirstRunAsync();
        using var admin = app.Host.Client(app.Host.MasterKey);
        var history = await admin.GetStringAsync(
            $"runtime/webhooks/durabletask/instances/{run.InstanceId}?showHistory=true&showHistoryOutput=true&showInput=true");
        var events = JsonNode.Parse(history)!["historyEvents"]!.AsArray();
        var figure = string.Create(CultureInfo.InvariantCulture, $"durable history of the first host run (200 replicates): {events.Count} events, {history.Length:N0} characters");
        output.WriteLine(figure);
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs"));
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "host-logs", "durable-history.txt"), figure + "\n");

        var unescaped = history.Replace("\\\"", "\"", StringComparison.Ordinal);
        Assert.DoesNotContain("Groups\":{", unescaped, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"work/{run.RunId}/partition-0.json", history, StringComparison.Ordinal);

        // The sample's spend history is in the table, so the curves are fitted; their κ draws and weekly points stay in the
        // work area too (names compared ignoring case: the host's serializer may camel-case them). Measured: 157,735 characters
        // with the draws and points in the payloads, 86,736 with them in the work area.
        Assert.Contains($"work/{run.RunId}/curves.json", history, StringComparison.Ordinal);
        Assert.Contains("\"HalfSaturationWeekly\":", unescaped, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"Adstock\":[", unescaped, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"Draws\":[{", unescaped, StringComparison.OrdinalIgnoreCase);
        // The bootstrap's replicate models (200 x channels weights) too: by name, work/RUN/intervals.json. Measured: 82,444
        // characters with the models in the history, 44,218 with them in the work area.
        Assert.Contains($"work/{run.RunId}/intervals.json", history, StringComparison.Ordinal);
        Assert.DoesNotContain("\"RemovalWeights\":[", unescaped, StringComparison.OrdinalIgnoreCase);
        Assert.True(history.Length < 60_000, figure);
    }
}
