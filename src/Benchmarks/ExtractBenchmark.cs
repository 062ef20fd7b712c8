using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Sampling;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using Npgsql;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// The data-plane benchmark of scripts/bench: loads N generated rows in timestamp order (as an events
/// table grows), then times, on the same server and in the same run: count(*), the naive LAG + GROUP BY
/// query, the floor (the extract's COPY drained without decoding), each variant of the extract and the
/// pipeline to Azurite (each in its own process, for its peak memory), and checks the extract's counts
/// against the CSV path's on the same rows.
/// </summary>
public static class ExtractBenchmark
{
    public static async Task<int> RunAsync(long rows, int repeat, string admin, string reader, string? azurite, string resultsPath)
    {
        var customers = (int)(rows * 100 / 248);
        await LoadRowsAsync(admin, customers);

        await using var read = new NpgsqlConnection(reader);
        await read.OpenAsync();
        var actualRows = (long)(await ScalarAsync(read, "SELECT count(*) FROM dw4.customer_journeys"))!;
        var whole = new ExtractRequest("bench", 0, 1, 7, null);
        var connections = new PostgresJourneySource(NpgsqlDataSource.Create(reader)).ReadConnections;
        var count = await RepeatAsync(repeat, () => TimeAsync(() => ScalarAsync(read, "SELECT count(*) FROM dw4.customer_journeys")));
        var naive = await RepeatAsync(repeat, () => TimeAsync(() => ScalarAsync(read,
            "SELECT count(*) FROM (SELECT prev, channel, count(*) FROM (SELECT channel, lag(channel) OVER (PARTITION BY customer_id ORDER BY journey_step, \"timestamp\") AS prev FROM dw4.customer_journeys) t GROUP BY prev, channel) g")));

        // The floor: the extract's own COPY streams on the same connections and threads, drained undecoded.
        var floors = new Dictionary<int, Runs>();
        foreach (var n in new[] { 1, connections }.Distinct())
        {
            var source = new PostgresJourneySource(NpgsqlDataSource.Create(reader)) { ReadConnections = n };
            floors[n] = await RepeatAsync(repeat, () => TimeAsync(async () => (object?)await source.DrainAsync(whole)));
        }

        var variants = new List<Variant>();
        foreach (var n in new[] { 1, connections }.Distinct())
        {
            variants.Add(await ChildVariantAsync($"extract: {n} connection(s), ctid ranges", "extract-only", reader, null, repeat, 1, n, floors[n].Best));
        }

        // The scale-out shape: customer-hash partitions (as separate Function instances would read them), each a full scan.
        variants.Add(await ChildVariantAsync("extract: 2 customer-hash partitions x 1 connection", "extract-only", reader, null, repeat, 2, 1, null));
        var best = variants.Where(v => v.Partitions == 1).MinBy(v => v.Runs.Best)!;
        Variant? pipeline = azurite is null ? null : await ChildVariantAsync("pipeline: extract -> engine -> artifacts in Azurite", "pipeline-only", reader, azurite, repeat, 1, connections, null);

        var (csvSeconds, equalsCsv) = await CompareWithCsvAsync(read, reader, whole);

        PrintTable(actualRows, count, naive, floors, variants.Append(pipeline).OfType<Variant>(), csvSeconds, equalsCsv);

        var results = new Dictionary<string, object?>
        {
            ["rows"] = actualRows,
            ["repeat"] = repeat,
            ["count_s"] = count.Best,
            ["naive_sql_s"] = naive.Best,
            ["floor_s"] = floors[best.Connections].Best,
            ["extract_s"] = best.Runs.Best,
            ["extract_runs_s"] = best.Runs.Seconds,
            ["extract_variant"] = best.Name,
            ["extract_peak_rss_mb"] = Math.Round(best.PeakMb, 1),
            ["extract_vs_naive"] = Math.Round(best.Runs.Best / naive.Best, 3),
            ["extract_vs_floor"] = Math.Round(best.Runs.Best / floors[best.Connections].Best, 3),
            ["pipeline_s"] = pipeline?.Runs.Best,
            ["pipeline_runs_s"] = pipeline?.Runs.Seconds,
            ["pipeline_peak_rss_mb"] = pipeline is null ? null : Math.Round(pipeline.PeakMb, 1),
            ["csv_count_s"] = Math.Round(csvSeconds, 3),
            ["equals_csv"] = equalsCsv,
            ["floors"] = floors.Select(kv => new { connections = kv.Key, seconds = kv.Value.Seconds }).ToArray(),
            ["variants"] = variants.Select(v => new { name = v.Name, partitions = v.Partitions, connections = v.Connections, seconds = v.Runs.Seconds, peak_rss_mb = Math.Round(v.PeakMb, 1) }).ToArray(),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
        await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"results: {resultsPath}");
        return 0;
    }

    /// <summary>Loads the sample's rows in timestamp order and indexes them, unless a kept server (BENCH_KEEP) already holds them.</summary>
    private static async Task LoadRowsAsync(string admin, int customers)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"bench customers={customers} seed=42");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            var watch = Stopwatch.StartNew();
            if (await ScalarAsync(connection, "SELECT obj_description('dw4.customer_journeys'::regclass, 'pg_class')") as string == marker)
            {
                // A server kept from an earlier run (BENCH_KEEP) already holds these rows.
                Console.WriteLine("rows already loaded");
            }
            else
            {
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
                await ExecuteAsync(connection, $"COMMENT ON TABLE dw4.customer_journeys IS '{marker}'");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded in timestamp order, indexed: {watch.Elapsed.TotalSeconds:0.0} s"));
            }
        }
    }

    /// <summary>The same rows through the CSV path: exported once, counted by JourneyCsvReader, compared number by number.</summary>
    private static async Task<(double Seconds, string Equal)> CompareWithCsvAsync(NpgsqlConnection read, string reader, ExtractRequest whole)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"markov-bench-{Environment.ProcessId}.csv");
        try
        {
            await ExportCsvAsync(read, csv);
            JourneyCounts? fromCsv = null;
            var seconds = await TimeAsync(() => Task.FromResult<object?>(fromCsv = JourneyCsvReader.Count(csv)));
            var fromDatabase = await new PostgresJourneySource(NpgsqlDataSource.Create(reader)).CountPartitionAsync(whole);
            return (seconds, Difference(fromCsv!, fromDatabase) ?? "equal");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static void PrintTable(long actualRows, Runs count, Runs naive, Dictionary<int, Runs> floors, IEnumerable<Variant> variants, double csvSeconds, string equalsCsv)
    {
        Console.WriteLine();
        Console.WriteLine("(best of the runs; [min-max] when repeated)");
        Line("rows", actualRows.ToString("N0", CultureInfo.InvariantCulture));
        Line("count(*)", count.ToString());
        Line("naive LAG + GROUP BY", naive.ToString());
        foreach (var (n, floor) in floors)
        {
            Line($"floor: the extract's COPY drained, {n} connection(s)", floor.ToString());
        }

        foreach (var v in variants)
        {
            var ratios = v.Floor is { } f ? string.Create(CultureInfo.InvariantCulture, $", {v.Runs.Best / naive.Best:0.00} x naive, {v.Runs.Best / f:0.00} x floor") : string.Empty;
            Line(v.Name, string.Create(CultureInfo.InvariantCulture, $"{v.Runs}, peak {v.PeakMb:0} MB{ratios}"));
        }

        Line("CSV path on the same rows (JourneyCsvReader.Count)", string.Create(CultureInfo.InvariantCulture, $"{csvSeconds:0.00} s"));
        Line("extract counts vs the CSV path's", equalsCsv);

        static void Line(string name, string value) => Console.WriteLine($"{name,-62} {value}");
    }

    /// <summary>One extract in this process (the child side): prints its seconds and peak memory.</summary>
    public static async Task<int> ExtractOnlyAsync(string reader, int partitions, int connections)
    {
        var source = new PostgresJourneySource(NpgsqlDataSource.Create(reader)) { ReadConnections = connections };
        var watch = Stopwatch.StartNew();
        var parts = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => Task.Run(() => source.CountPartitionAsync(new ExtractRequest("bench", p, partitions, 7, null)))));
        var counts = JourneyCounts.Sum(parts);
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds} {PeakMb()} {counts.Rows}"));
        return 0;
    }

    /// <summary>The pipeline in this process (the child side): extract, engine, artifacts published to Azurite.</summary>
    public static async Task<int> PipelineOnlyAsync(string reader, string azurite, int connections)
    {
        var watch = Stopwatch.StartNew();
        var source = new PostgresJourneySource(NpgsqlDataSource.Create(reader)) { ReadConnections = connections };
        var counts = await source.CountPartitionAsync(new ExtractRequest("bench", 0, 1, 7, null));
        var performance = ChannelPerformanceTable.Create(await source.ReadPerformanceAsync());
        var budgets = new[] { 0.9, 1.0, 1.1 }.Select(f => Math.Round(performance.Rows.Sum(r => r.CurrentMonthlySpend) * f)).ToArray();
        var parameters = new RunParameters(budgets);
        var outcome = MarkovEngine.Run(counts, performance, parameters.ToSettings());
        var runId = RunIds.Create(DateTime.UtcNow, "bench-" + Guid.NewGuid().ToString("N"));
        var files = await RunArtifacts.BuildAsync(outcome, performance, new RunContext(runId, "bench", "bench", DateTime.UtcNow, DateTime.UtcNow, [], parameters));
        var store = new BlobArtifactStore(new Azure.Storage.Blobs.BlobContainerClient(azurite, "bench"));
        await new RunFolderWriter(store).PublishAsync(runId, files);
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds} {PeakMb()} {counts.Rows}"));
        return 0;
    }

    private static double PeakMb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single() / 1024.0;

    private static async Task<Variant> ChildVariantAsync(string name, string verb, string reader, string? azurite, int repeat, int partitions, int connections, double? floor)
    {
        var seconds = new List<double>();
        var peak = 0d;
        for (var i = 0; i < repeat; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(ExtractBenchmark).Assembly.Location);
            start.ArgumentList.Add(verb);
            start.ArgumentList.Add(partitions.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(connections.ToString(CultureInfo.InvariantCulture));
            start.Environment["BENCH_READER"] = reader;
            if (azurite is not null)
            {
                start.Environment["BENCH_AZURITE"] = azurite;
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{verb} failed with exit code {process.ExitCode}");
            }

            var parts = output.Trim().Split('\n')[^1].Split(' ');
            seconds.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            peak = Math.Max(peak, double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return new Variant(name, partitions, connections, new Runs(seconds), peak, floor);
    }

    private static async Task<Runs> RepeatAsync(int repeat, Func<Task<double>> measure)
    {
        var seconds = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            seconds.Add(await measure());
        }

        return new Runs(seconds);
    }

    /// <summary>The table as the CSV path reads it (timestamps in UTC, ISO 8601).</summary>
    private static async Task ExportCsvAsync(NpgsqlConnection connection, string path)
    {
        await using var file = new StreamWriter(path);
        using var export = await connection.BeginTextExportAsync(
            "COPY (SELECT customer_id, journey_step, channel, to_char(\"timestamp\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
            + "CASE WHEN extract(microseconds FROM \"timestamp\")::bigint % 1000000 <> 0 THEN to_char(\"timestamp\" AT TIME ZONE 'UTC', '.US') ELSE '' END || 'Z' AS \"timestamp\", "
            + "converted, conversion_value FROM dw4.customer_journeys) TO STDOUT (FORMAT CSV, HEADER)");
        var buffer = new char[1 << 16];
        int read;
        while ((read = await export.ReadAsync(buffer)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    /// <summary>Null when the counts are the same (counts exactly, sums to 1e-9 relative), else what differs.</summary>
    private static string? Difference(JourneyCounts csv, JourneyCounts database)
    {
        static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        if (!csv.Channels.SequenceEqual(database.Channels))
        {
            return "channels differ";
        }

        if (!csv.Transitions.SequenceEqual(database.Transitions))
        {
            return "transitions differ";
        }

        if ((csv.Rows, csv.Journeys, csv.ConvertedJourneys) != (database.Rows, database.Journeys, database.ConvertedJourneys) || !Close(csv.ConvertedValue, database.ConvertedValue))
        {
            return "totals differ";
        }

        return csv.Heuristics.Zip(database.Heuristics).All(p => p.First.Channel == p.Second.Channel && Close(p.First.FirstTouch, p.Second.FirstTouch) && Close(p.First.LastTouch, p.Second.LastTouch)
            && Close(p.First.Linear, p.Second.Linear) && Close(p.First.PositionBased, p.Second.PositionBased) && Close(p.First.TimeDecay, p.Second.TimeDecay))
            ? null
            : "heuristic credits differ";
    }

    private sealed record Runs(IReadOnlyList<double> Seconds)
    {
        public double Best => Seconds.Min();

        public override string ToString() => Seconds.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Best:0.00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{Best:0.00} s [{Seconds.Min():0.00}-{Seconds.Max():0.00}]");
    }

    private sealed record Variant(string Name, int Partitions, int Connections, Runs Runs, double PeakMb, double? Floor);

    private static async Task<double> TimeAsync(Func<Task<object?>> action)
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
