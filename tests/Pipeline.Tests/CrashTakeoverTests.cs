using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using DuckDB.NET.Data;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// The local host is killed (SIGKILL) in the middle of the budget fan-out; a new host on the same task
/// hub finishes the run, and what it publishes equals an uninterrupted run's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashTakeoverTests(PostgresFixture postgres, AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_HostKilledDuringBudgetFanOut_NewHostFinishesWithIdenticalArtifacts()
    {
        await PostgresExtractTests.LoadCsvAsync(postgres.Server.AdminConnectionString, Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        var crashed = Settings("crash");
        var clean = Settings("clean");

        // Host 1 runs until the LPs (each delayed 4 s by the test-only setting) are under way, then dies.
        using (var first = Start(crashed, "weekly-crash"))
        {
            await WaitForLineAsync(first, "optimisation", TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(1));
            first.Kill();
            await first.WaitForExitAsync();
        }

        var container = new BlobContainerClient(azurite.ConnectionString, crashed["Artifacts__Container"]);
        Assert.False(await container.GetBlobClient("latest.json").ExistsAsync());

        // Host 2 on the same task hub picks the run up and finishes it.
        using (var second = Start(crashed, "weekly-crash"))
        {
            await second.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            Assert.True(second.ExitCode == 0, await second.StandardError.ReadToEndAsync());
        }

        using (var uninterrupted = Start(clean, "weekly-clean"))
        {
            await uninterrupted.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            Assert.Equal(0, uninterrupted.ExitCode);
        }

        var crashedFiles = await DownloadRunAsync(container);
        var cleanFiles = await DownloadRunAsync(new BlobContainerClient(azurite.ConnectionString, clean["Artifacts__Container"]));
        Assert.Equal(cleanFiles.Files.Keys.Order(), crashedFiles.Files.Keys.Order());
        foreach (var name in cleanFiles.Files.Keys)
        {
            var expected = Normalise(name, cleanFiles.Files[name], cleanFiles.RunId);
            var actual = Normalise(name, crashedFiles.Files[name], crashedFiles.RunId);
            Assert.True(expected == actual, $"{name} differs");
        }

        // latest.json was written once: created and last modified at the same moment.
        var latest = await container.GetBlobClient("latest.json").GetPropertiesAsync();
        Assert.Equal(latest.Value.CreatedOn, latest.Value.LastModified);
    }

    private Dictionary<string, string> Settings(string name)
    {
        var settings = LocalSettingsFor.Services(postgres.Server, azurite, name, "30000,35000,45000");
        settings["Run__Constraints"] = File.ReadAllText(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys", "groups.json"));
        settings["Testing__OptimiseDelayMs"] = "4000";
        return settings.ToDictionary(kv => kv.Key, kv => kv.Value!);
    }

    private static Process Start(Dictionary<string, string> settings, string instanceId)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(LocalHost.Commands.RunCommand).Assembly.Location);
        foreach (var arg in new[] { "run", "--settings", "/nonexistent", "--instance-id", instanceId })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    private static async Task WaitForLineAsync(Process process, string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"the host ended before '{text}': {await process.StandardError.ReadToEndAsync()}");
    }

    private static async Task<(string RunId, Dictionary<string, byte[]> Files)> DownloadRunAsync(BlobContainerClient container)
    {
        using var latest = JsonDocument.Parse((await container.GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray());
        var runId = latest.RootElement.GetProperty("run").GetString()!;
        var files = new Dictionary<string, byte[]>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, runId + "/", CancellationToken.None))
        {
            files[blob.Name[(runId.Length + 1)..]] = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        return (runId, files);
    }

    /// <summary>A file's content with what must differ between two runs taken out: run ids, times, the instance id.</summary>
    private static string Normalise(string name, byte[] content, string runId)
    {
        if (name.EndsWith(".parquet", StringComparison.Ordinal))
        {
            var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.parquet");
            File.WriteAllBytes(path, content);
            try
            {
                using var db = new DuckDBConnection("Data Source=:memory:");
                db.Open();
                var rows = CsvRunTests.Query(db, $"SELECT * EXCLUDE (run_id, run_timestamp) FROM read_parquet('{path}')");
                return string.Join("\n", rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))));
            }
            finally
            {
                File.Delete(path);
            }
        }

        var text = Encoding.UTF8.GetString(content).Replace(runId, "RUN", StringComparison.Ordinal);
        if (name == "report.html")
        {
            // The report prints when the run started and finished.
            text = System.Text.RegularExpressions.Regex.Replace(text, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", "TIME");
        }

        if (name == "run_manifest.json")
        {
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
            foreach (var field in new[] { "started_utc", "finished_utc", "timings", "instance_id" })
            {
                manifest.Remove(field);
            }

            text = manifest.ToJsonString();
        }

        return text;
    }
}
