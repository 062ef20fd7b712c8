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

    /// <summary>A Parquet table's rows without <c>run_id</c>, <c>run_timestamp</c> and <c>trigger</c> (an ad hoc run is compared with a CLI run), one line a row.</summary>
    public static string ParquetRows(byte[] content) =>
        string.Join("\n", ParquetValues(content).Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));

    public static List<object?[]> ParquetValues(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, content);
        try
        {
            return DuckDbQuery.Rows($"SELECT * EXCLUDE (run_id, run_timestamp, trigger) FROM read_parquet('{path}')");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Two tables hold the same rows, numbers equal to 1e-9 relative: the database path sums counts over
    /// its extract partitions, the CSV path in one pass, so the last bits of a sum may differ.
    /// </summary>
    public static void AssertSameNumbers(string table, byte[] expected, byte[] actual)
    {
        var e = ParquetValues(expected);
        var a = ParquetValues(actual);
        Assert.True(e.Count == a.Count, $"{table}: {a.Count} rows, expected {e.Count}");
        for (var row = 0; row < e.Count; row++)
        {
            for (var column = 0; column < e[row].Length; column++)
            {
                var (x, y) = (e[row][column], a[row][column]);
                var same = x is double dx && y is double dy
                    ? Math.Abs(dx - dy) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(dx), Math.Abs(dy)))
                    : Equals(x, y);
                Assert.True(same, $"{table} row {row} column {column}: {y}, expected {x}");
            }
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
