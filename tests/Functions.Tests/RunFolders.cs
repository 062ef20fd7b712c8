using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Functions.Tests;

/// <summary>Run folders as the app publishes them, and their content with what must differ between two runs taken out.</summary>
public static partial class RunFolders
{
    public static async Task<Dictionary<string, byte[]>> DownloadAsync(BlobContainerClient container, string runId)
    {
        var files = new Dictionary<string, byte[]>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, runId + "/", CancellationToken.None))
        {
            files[blob.Name[(runId.Length + 1)..]] = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        return files;
    }

    public static Dictionary<string, byte[]> Read(string directory) =>
        Directory.GetFiles(directory).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

    /// <summary>A Parquet table's rows without <c>run_id</c> and <c>run_timestamp</c>, one line a row.</summary>
    public static string ParquetRows(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, content);
        try
        {
            var rows = DuckDbQuery.Rows($"SELECT * EXCLUDE (run_id, run_timestamp) FROM read_parquet('{path}')");
            return string.Join("\n", rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A file's content with run ids, times and the instance id taken out.</summary>
    public static string Normalise(string name, byte[] content, string runId)
    {
        if (name.EndsWith(".parquet", StringComparison.Ordinal))
        {
            return ParquetRows(content);
        }

        var text = Encoding.UTF8.GetString(content).Replace(runId, "RUN", StringComparison.Ordinal);
        if (name == "report.html")
        {
            // The report prints when the run started and finished.
            text = ReportTime().Replace(text, "TIME");
        }

        if (name == "run_manifest.json")
        {
            var manifest = JsonNode.Parse(text)!.AsObject();
            foreach (var field in new[] { "started_utc", "finished_utc", "timings", "instance_id" })
            {
                manifest.Remove(field);
            }

            text = manifest.ToJsonString();
        }

        return text;
    }

    public static string LatestRun(byte[] latestJson)
    {
        using var latest = JsonDocument.Parse(latestJson);
        return latest.RootElement.GetProperty("run").GetString()!;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")]
    private static partial Regex ReportTime();
}
