using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Sampling;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using Npgsql;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// The data-plane benchmark of scripts/bench: loads N generated rows in timestamp order (as an events
/// table grows), then times, on the same server: count(*) (the floor), the naive LAG + GROUP BY query,
/// and each variant of the project's extract (each in its own process, for its peak memory).
/// </summary>
public static class ExtractBenchmark
{
    public static async Task<int> RunAsync(long rows, string admin, string reader, string? azurite, string resultsPath)
    {
        var customers = (int)(rows * 100 / 248);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            var watch = Stopwatch.StartNew();
            await ExecuteAsync(connection, "DROP INDEX IF EXISTS dw4.customer_journeys_customer_step; TRUNCATE dw4.customer_journeys, dw4.channel_performance; CREATE UNLOGGED TABLE IF NOT EXISTS dw4.staging (LIKE dw4.customer_journeys); TRUNCATE dw4.staging;");
            var generator = new SampleDataGenerator(42);
            await using (var importer = await connection.BeginBinaryImportAsync("COPY dw4.staging FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in generator.Journeys(customers))
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(row.CustomerId, NpgsqlTypes.NpgsqlDbType.Text);
                    await importer.WriteAsync(row.JourneyStep, NpgsqlTypes.NpgsqlDbType.Integer);
                    await importer.WriteAsync(row.Channel, NpgsqlTypes.NpgsqlDbType.Text);
                    await importer.WriteAsync(row.TimestampUtc, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await importer.WriteAsync(row.Converted, NpgsqlTypes.NpgsqlDbType.Boolean);
                    await importer.WriteAsync(PostgresLoader.ExactDecimal(row.ConversionValue), NpgsqlTypes.NpgsqlDbType.Numeric);
                    await importer.WriteAsync(row.CustomerSegment, NpgsqlTypes.NpgsqlDbType.Text);
                }

                await importer.CompleteAsync();
            }

            await ExecuteAsync(connection, "INSERT INTO dw4.customer_journeys SELECT * FROM dw4.staging ORDER BY \"timestamp\"; DROP TABLE dw4.staging; CREATE INDEX customer_journeys_customer_step ON dw4.customer_journeys (customer_id, journey_step);");
            await ExecuteAsync(connection, "VACUUM ANALYZE dw4.customer_journeys");
            await PostgresLoader.LoadPerformanceAsync(connection, generator.Performance(customers));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded in timestamp order, indexed: {watch.Elapsed.TotalSeconds:0.0} s"));
        }

        await using var read = new NpgsqlConnection(reader);
        await read.OpenAsync();
        var actualRows = (long)(await ScalarAsync(read, "SELECT count(*) FROM dw4.customer_journeys"))!;
        var floor = await TimeAsync(() => ScalarAsync(read, "SELECT count(*) FROM dw4.customer_journeys"));
        var naive = await TimeAsync(() => ScalarAsync(read,
            "SELECT count(*) FROM (SELECT prev, channel, count(*) FROM (SELECT channel, lag(channel) OVER (PARTITION BY customer_id ORDER BY journey_step, \"timestamp\") AS prev FROM dw4.customer_journeys) t GROUP BY prev, channel) g"));
        var variants = new List<(string Name, int Partitions, double Seconds, double PeakMb)>();
        foreach (var partitions in new[] { 1, 2 })
        {
            var (seconds, peak) = await ChildExtractAsync(reader, partitions);
            variants.Add(($"binary COPY, unordered, spill; {partitions} partition(s) in parallel", partitions, seconds, peak));
        }

        var best = variants.MinBy(v => v.Seconds);
        double? pipelineSeconds = null;
        if (azurite is not null)
        {
            pipelineSeconds = await TimeAsync(async () =>
            {
                var source = new PostgresJourneySource(NpgsqlDataSource.Create(reader));
                var counts = await source.CountPartitionAsync(new ExtractRequest("bench", 0, 1, 7, null));
                var performance = ChannelPerformanceTable.Create(await source.ReadPerformanceAsync());
                var budgets = new[] { 0.9, 1.0, 1.1 }.Select(f => Math.Round(performance.Rows.Sum(r => r.CurrentMonthlySpend) * f)).ToArray();
                var parameters = new RunParameters(budgets);
                var outcome = MarkovEngine.Run(counts, performance, parameters.ToSettings());
                var runId = RunIds.FromTime(DateTime.UtcNow);
                var files = await RunArtifacts.BuildAsync(outcome, performance, new RunContext(runId, "bench", "bench", DateTime.UtcNow, DateTime.UtcNow, [], parameters));
                var store = new BlobArtifactStore(new Azure.Storage.Blobs.BlobContainerClient(azurite, "bench"));
                await new RunFolderPublisher(store).PublishAsync(runId, files);
                return 0;
            });
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"rows",-58} {actualRows:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"count(*) (floor)",-58} {floor:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"naive LAG + GROUP BY",-58} {naive:0.00} s"));
        foreach (var v in variants)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"extract: " + v.Name,-58} {v.Seconds:0.00} s, peak {v.PeakMb:0} MB ({v.Seconds / naive:0.00} x naive)"));
        }

        if (pipelineSeconds is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pipeline: extract -> engine -> artifacts in Azurite",-58} {pipelineSeconds:0.00} s"));
        }

        var results = new Dictionary<string, object?>
        {
            ["rows"] = actualRows,
            ["count_floor_s"] = Math.Round(floor, 3),
            ["naive_sql_s"] = Math.Round(naive, 3),
            ["extract_s"] = Math.Round(best.Seconds, 3),
            ["extract_variant"] = best.Name,
            ["partitions"] = best.Partitions,
            ["extract_peak_rss_mb"] = Math.Round(best.PeakMb, 1),
            ["extract_vs_naive"] = Math.Round(best.Seconds / naive, 3),
            ["pipeline_s"] = pipelineSeconds is null ? null : Math.Round(pipelineSeconds.Value, 3),
            ["variants"] = variants.Select(v => new { name = v.Name, partitions = v.Partitions, seconds = Math.Round(v.Seconds, 3), peak_rss_mb = Math.Round(v.PeakMb, 1) }).ToArray(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
        await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"results: {resultsPath}");
        return 0;
    }

    /// <summary>One extract in this process (the child side): prints its seconds and peak memory.</summary>
    public static async Task<int> ExtractOnlyAsync(string reader, int partitions)
    {
        var source = new PostgresJourneySource(NpgsqlDataSource.Create(reader));
        var watch = Stopwatch.StartNew();
        var parts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => Task.Run(() => source.CountPartitionAsync(new ExtractRequest("bench", p, partitions, 7, null)))));
        var counts = JourneyCounts.Sum(parts);
        watch.Stop();
        var peakKb = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds} {peakKb / 1024.0} {counts.Rows}"));
        return 0;
    }

    private static async Task<(double Seconds, double PeakMb)> ChildExtractAsync(string reader, int partitions)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ExtractBenchmark).Assembly.Location);
        start.ArgumentList.Add("extract-only");
        start.ArgumentList.Add(partitions.ToString(CultureInfo.InvariantCulture));
        start.Environment["BENCH_READER"] = reader;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var parts = output.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static async Task<double> TimeAsync(Func<Task<object?>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteScalarAsync();
    }
}
