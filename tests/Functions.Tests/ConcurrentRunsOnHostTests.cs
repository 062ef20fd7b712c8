using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace MarkovFunctions.Functions.Tests;

/// <summary>Many ad hoc runs started at once on the real host: one run, one folder, one history partition each.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class ConcurrentRunsOnHostTests(FunctionsAppFixture app)
{
    [Fact]
    public async Task StartRun_TenAtOnceWithDifferentBudgets_TenFoldersEachHoldingItsOwnBudgets()
    {
        await app.FirstRunAsync();
        var container = new BlobContainerClient(app.Azurite.ConnectionString, FunctionsAppFixture.Container);
        var budgets = Enumerable.Range(0, 10).Select(i => 15000.0 + (100 * i)).ToList();

        var runs = await Task.WhenAll(budgets.Select(budget =>
            FunctionsAppFixture.RunToEndAsync(app.Host, $$"""{"budgets": [{{budget}}]}""", TimeSpan.FromMinutes(6))));

        Assert.All(runs, run => Assert.Equal("Completed", run.RuntimeStatus));
        var runIds = runs.Select(r => r.RunId).ToList();
        Assert.Equal(10, runIds.Distinct(StringComparer.Ordinal).Count());
        foreach (var (run, budget) in runs.Zip(budgets))
        {
            var summary = JsonNode.Parse((await container.GetBlobClient($"{run.RunId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;
            Assert.Equal([budget], summary["budgets"]!.AsArray().Select(b => b!["budget"]!.GetValue<double>()));
            var scenarios = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{run.RunId}/budget_scenario_", CancellationToken.None))
            {
                scenarios.Add(blob.Name);
            }

            Assert.Equal([$"{run.RunId}/budget_scenario_{budget:0}.parquet"], scenarios);
        }

        // Each run has its own history partition.
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "history/markov_attribution/", CancellationToken.None))
        {
            partitions.Add(blob.Name.Split('/')[2]);
        }

        Assert.All(runIds, id => Assert.Contains($"run_id={id}", partitions));
    }
}
