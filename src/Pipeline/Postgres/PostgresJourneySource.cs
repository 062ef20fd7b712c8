using System.Globalization;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Pipeline.Counting;
using MarkovFunctions.Pipeline.Orchestration;
using Npgsql;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// Reads <c>dw4</c> with the read-only role. Journeys are streamed with binary COPY (unordered: the
/// fastest way out of a table stored in time order), parsed from the raw bytes and reduced to counts
/// through a spill, one customer-hash partition per call, so K calls count disjoint customers whose
/// counts add up. Within a call the table is read as disjoint block (<c>ctid</c>) ranges on
/// <see cref="ReadConnections"/> connections that share one snapshot, each range on its own thread,
/// so every block is read once. Each row is checked before it is counted; the first bad one fails.
/// </summary>
public sealed class PostgresJourneySource(NpgsqlDataSource dataSource) : IJourneySource
{
    // Large reads amortise the per-message cost of the raw COPY stream (one message per row).
    private const int ReadBufferBytes = 1 << 18;

    /// <summary>Connections that read disjoint block ranges of the table at once (one server process each).</summary>
    public int ReadConnections { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Tables smaller than this many 8 kB blocks per connection are read on fewer connections.</summary>
    public long MinBlocksPerConnection { get; init; } = 2_048;

    // Each read turns an error a retry would only repeat into a PermanentFailureException (PostgresFailures), here at the adapter.
    public Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default) =>
        PostgresFailures.ClassifyAsync(() => CountAsync(request, ct));

    public Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default) =>
        PostgresFailures.ClassifyAsync(() => ReadPerformanceRowsAsync(ct));

    public Task<SpendHistory?> ReadSpendHistoryAsync(CancellationToken ct = default) =>
        PostgresFailures.ClassifyAsync(() => ReadSpendHistoryRowsAsync(ct));

    private async Task<JourneyCounts> CountAsync(ExtractRequest request, CancellationToken ct)
    {
        var rows = 0L;
        JourneySpill? spill = null;
        try
        {
            await ReadAsync(
                request,
                (estimatedRows, tableBytes, optional) =>
                {
                    spill = new JourneySpill(
                        new ChannelRegistry(request.Order), JourneySpill.PartitionsFor(estimatedRows), optional.Segments ? new CustomerSegmentRegistry() : null, request.BootstrapGroups, request.Order, tableBytes,
                        optional.Campaigns ? new CampaignRegistry() : null);
                    return () => new JourneyCopyParser(spill, spill.CreateWriter());
                },
                parser => Interlocked.Add(ref rows, parser.Rows),
                drained: null,
                ct);

            if (rows == 0 && request.PartitionCount == 1)
            {
                throw new InputValidationException(Journeys, null, request.Window is null ? "the table has no rows" : "the table has no rows in the window");
            }

            return spill!.Count(request.HalfLifeDays, ct);
        }
        finally
        {
            spill?.Dispose();
        }
    }

    /// <summary>
    /// The floor the extract is measured against: the same COPY streams, on the same connections and
    /// threads, drained without decoding. Returns the bytes read.
    /// </summary>
    public async Task<long> DrainAsync(ExtractRequest request, CancellationToken ct = default)
    {
        var bytes = 0L;
        await ReadAsync(request, (_, _, _) => () => null, _ => { }, drained => Interlocked.Add(ref bytes, drained), ct);
        return bytes;
    }

    /// <summary>
    /// Opens the connections (one snapshot for all), plans the block ranges and reads each range on
    /// its own thread into a parser from <paramref name="prepare"/> (given this call's share of the
    /// expected rows and of the table's bytes on disk, and which optional columns the table has:
    /// customer_segment, campaign); a null parser only drains.
    /// </summary>
    private async Task ReadAsync(
        ExtractRequest request,
        Func<long, long, (bool Segments, bool Campaigns), Func<JourneyCopyParser?>> prepare,
        Action<JourneyCopyParser> finished,
        Action<long>? drained,
        CancellationToken ct)
    {
        var connections = new List<NpgsqlConnection>();
        try
        {
            var first = await OpenUtcAsync(ct);
            connections.Add(first);
            var columns = await ColumnsAsync(first, "customer_journeys", ct);
            RequireColumns(Journeys, columns.Keys.ToList(), JourneyColumns.Required);
            var (rangeBlocks, blocks, estimatedRows, tableBytes) = await SizeAsync(first, ct);
            var count = (int)Math.Clamp(Math.Min(rangeBlocks, blocks / Math.Max(1, MinBlocksPerConnection)), 1, Math.Max(1, ReadConnections));
            // A heap row (its 24-byte header, the columns) is larger than its spilled record (26 bytes and
            // the id), so this call's share of the table's bytes is enough free disk for its spill.
            var share = Math.Max(1, request.PartitionCount);
            var newParser = prepare(estimatedRows / share, tableBytes / share, (columns.ContainsKey(JourneyColumns.CustomerSegment), columns.ContainsKey(JourneyColumns.Campaign)));

            await OpenSharingSnapshotAsync(first, count, connections, ct);

            // Blocks added since the size was read fall in the last range, which has no end.
            await ReadRangesAsync(connections, CopyCommandsFor(columns, request, BlockRanges(rangeBlocks, count)), newParser, finished, drained, ct);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// With more than one connection, opens the others on <paramref name="first"/>'s snapshot: a row
    /// updated while the ranges are read is counted once, in the version all of them see.
    /// </summary>
    private async Task OpenSharingSnapshotAsync(NpgsqlConnection first, int count, List<NpgsqlConnection> connections, CancellationToken ct)
    {
        if (count > 1)
        {
            await ExecuteAsync(first, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", ct);
            var snapshot = (string)(await ScalarAsync(first, "SELECT pg_export_snapshot()", ct))!;
            for (var i = 1; i < count; i++)
            {
                var connection = await OpenUtcAsync(ct);
                connections.Add(connection);
                await ExecuteAsync(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", ct);
                await ExecuteAsync(connection, $"SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'", ct);
            }
        }
    }

    private static string[] CopyCommandsFor(IReadOnlyDictionary<string, string> columns, ExtractRequest request, IEnumerable<(long From, long? To)> ranges) =>
        ranges.Select(range => CopyCommand(columns, request, range)).ToArray();

    /// <summary>Reads each COPY on its own connection and thread; the first bad row in block order is the one reported.</summary>
    private static async Task ReadRangesAsync(
        List<NpgsqlConnection> connections,
        string[] copies,
        Func<JourneyCopyParser?> newParser,
        Action<JourneyCopyParser> finished,
        Action<long>? drained,
        CancellationToken ct)
    {
        var stops = copies.Select(_ => CancellationTokenSource.CreateLinkedTokenSource(ct)).ToArray();
        try
        {
            var readers = copies.Select((copy, i) => Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        var parser = newParser();
                        var bytes = ReadRange(connections[i], copy, parser, stops[i].Token);
                        drained?.Invoke(bytes);
                        if (parser is not null)
                        {
                            finished(parser);
                        }
                    }
                    catch
                    {
                        // Ranges after a bad one stop; earlier ones go on, so the first bad row in
                        // block order is the one reported, whatever the timing.
                        for (var j = i + 1; j < stops.Length; j++)
                        {
                            stops[j].Cancel();
                        }

                        throw;
                    }
                },
                ct,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            try
            {
                await Task.WhenAll(readers);
            }
            catch when (readers.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } bad)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(bad.Exception!.InnerException!);
            }
        }
        finally
        {
            foreach (var stop in stops)
            {
                stop.Dispose();
            }
        }
    }

    /// <summary>Reads one COPY to its end on this thread: synchronous reads of the raw stream are the cheapest per row.</summary>
    private static long ReadRange(NpgsqlConnection connection, string copy, JourneyCopyParser? parser, CancellationToken ct)
    {
        var buffer = new byte[ReadBufferBytes];
        var filled = 0;
        var total = 0L;
        using (var stream = connection.BeginRawBinaryCopy(copy))
        {
            while (true)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                total += read;
                if (read > 0)
                {
                    filled += read;
                    if (filled < buffer.Length / 2)
                    {
                        continue;
                    }
                }

                ct.ThrowIfCancellationRequested();
                var consumed = parser?.Parse(buffer.AsSpan(0, filled)) ?? filled;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (read == 0)
                {
                    break;
                }

                if (filled > buffer.Length / 2)
                {
                    // A row larger than half the buffer: make room for it.
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }

        if (parser is not null && (!parser.Done || filled != 0))
        {
            throw new InvalidOperationException("the COPY stream ended inside a row");
        }

        return total;
    }

    /// <summary>
    /// A connection whose session time zone is UTC, whatever the server's or the role's default: a text
    /// timestamp without an offset is UTC (MODEL.md section 1), and so is a timestamp without time zone.
    /// </summary>
    private async Task<NpgsqlConnection> OpenUtcAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await ExecuteAsync(connection, "SET TIME ZONE 'UTC'", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The COPY of one block range. The casts pin the wire types the parser reads (no-ops for the
    /// schema's own types); timestamp and timestamptz share one binary form, read as UTC as before.
    /// </summary>
    private static string CopyCommand(IReadOnlyDictionary<string, string> columns, ExtractRequest request, (long From, long? To) range)
    {
        var timestamp = columns.TryGetValue(JourneyColumns.Timestamp, out var type) && type.StartsWith("timestamp", StringComparison.Ordinal)
            ? "\"timestamp\""
            : "\"timestamp\"::timestamptz";
        var value = columns.ContainsKey(JourneyColumns.ConversionValue) ? "conversion_value::numeric" : "NULL::numeric";
        var segment = columns.ContainsKey(JourneyColumns.CustomerSegment) ? "customer_segment::text" : "NULL::text";
        var campaign = columns.ContainsKey(JourneyColumns.Campaign) ? "campaign::text" : "NULL::text";
        var filters = new List<string>();
        if (range.From > 0)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"ctid >= '({range.From},0)'::tid"));
        }

        if (range.To is { } to)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"ctid < '({to},0)'::tid"));
        }

        if (request.PartitionCount > 1)
        {
            // hashtext is stable across servers and versions of the same major; & drops the sign bit.
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"(hashtext(customer_id) & 2147483647) % {request.PartitionCount} = {request.Partition}"));
        }

        if (request.Window is { } window)
        {
            // A timestamp without time zone is read as UTC, so it is compared with the window's UTC wall
            // time; comparing it with a timestamptz would convert it in the session's time zone.
            var naive = type == "timestamp without time zone";
            var literal = naive ? "yyyy-MM-dd'T'HH:mm:ss.fffffff" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
            var cast = naive ? "timestamp" : "timestamptz";
            filters.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{timestamp} >= '{window.From.UtcDateTime.ToString(literal, CultureInfo.InvariantCulture)}'::{cast} AND {timestamp} < '{window.AsOf.UtcDateTime.ToString(literal, CultureInfo.InvariantCulture)}'::{cast}"));
        }

        var where = filters.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", filters);
        return $"COPY (SELECT customer_id::text, journey_step::int4, channel::text, {timestamp}, converted::bool, {value}, {segment}, {campaign} FROM customer_journeys{where}) TO STDOUT (FORMAT BINARY)";
    }

    /// <summary>[0, blocks) cut into <paramref name="count"/> ranges; the last one has no end, so blocks added since are read too.</summary>
    private static (long From, long? To)[] BlockRanges(long blocks, int count) =>
        Enumerable.Range(0, count)
            .Select(i => (blocks * i / count, i == count - 1 ? (long?)null : blocks * (i + 1) / count))
            .ToArray();

    private async Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceRowsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        RequireColumns(Performance, (await ColumnsAsync(connection, "channel_performance", ct)).Keys.ToList(), PerformanceColumns.Required);
        await using var command = new NpgsqlCommand(
            "SELECT channel, current_monthly_spend::float8, conversions_attributed::float8, cost_per_conversion::float8, min_monthly_spend::float8, max_monthly_spend::float8, conversion_rate_per_1000::float8 FROM channel_performance",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<ChannelPerformance>();
        var names = PerformanceColumns.Required;
        while (await reader.ReadAsync(ct))
        {
            var example = string.Join(", ", Enumerable.Range(0, names.Count).Select(i => $"{names[i]}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}"));
            // float8, not decimal: numeric holds values (1e308, NaN) that decimal cannot, and the checks name them.
            double Number(int i) => reader.IsDBNull(i)
                ? throw new InputValidationException(Performance, names[i], "value is null", example)
                : reader.GetDouble(i);
            rows.Add(new ChannelPerformance(
                FieldParser.RequireChannel(reader.IsDBNull(0) ? null : reader.GetString(0), Performance, PerformanceColumns.Channel, example),
                Number(1), Number(2), reader.IsDBNull(3) ? null : Number(3), Number(4), Number(5), Number(6)));
        }

        // Normalisation, duplicates, bounds and signs are checked where the CSV path checks them.
        return ChannelPerformanceTable.Create(rows).Rows;
    }

    /// <summary>channel_spend_history, validated as the CSV path validates it; null when the table does not exist (it is optional).</summary>
    private async Task<SpendHistory?> ReadSpendHistoryRowsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var columns = await ColumnsAsync(connection, SpendHistory.Table, ct);
        if (columns.Count == 0)
        {
            return null;
        }

        RequireColumns(SpendHistory.Table, columns.Keys.ToList(), SpendHistory.Columns.Required);

        // One row past the limit is enough to refuse it; week_start as text so a non-date column is named, not crashed on.
        await using var command = new NpgsqlCommand(
            $"SELECT week_start::text, channel, spend::float8, conversions::float8 FROM channel_spend_history ORDER BY channel, week_start LIMIT {SpendHistory.MaxRows + 1}",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<SpendWeek>();
        var examples = new List<string>();
        var names = SpendHistory.Columns.Required;
        while (await reader.ReadAsync(ct))
        {
            var example = string.Join(", ", Enumerable.Range(0, names.Count).Select(i => $"{names[i]}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}"));
            double Number(int i) => reader.IsDBNull(i)
                ? throw new InputValidationException(SpendHistory.Table, names[i], "value is null", example)
                : reader.GetDouble(i);
            rows.Add(new SpendWeek(
                SpendHistory.ParseWeekStart(reader.IsDBNull(0) ? null : reader.GetString(0), example),
                reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
                Number(2),
                Number(3)));
            examples.Add(example);
        }

        return SpendHistory.Create(rows, examples);
    }

    /// <summary>The table's columns and their types (information_schema's data_type), names as PostgreSQL folds them.</summary>
    private static async Task<Dictionary<string, string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table",
            connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        if (columns.Count == 0)
        {
            throw new InputValidationException(table, null, $"table {table} does not exist in schema dw4 or the reader role cannot see it");
        }

        return columns;
    }

    /// <summary>
    /// The table's size now, over its leaf partitions if it is partitioned: the blocks to cut into
    /// ranges (a ctid range applies within each partition, so the largest one), all its blocks, the
    /// planner's row estimate (to size the spill without a count(*) scan; it may be stale, and the
    /// spill splits what outgrew it) and its bytes on disk now.
    /// </summary>
    private static async Task<(long RangeBlocks, long Blocks, long Rows, long Bytes)> SizeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            WITH leaves AS (
                SELECT relid FROM pg_partition_tree('customer_journeys') WHERE isleaf
                UNION ALL
                SELECT 'customer_journeys'::regclass WHERE NOT EXISTS (SELECT FROM pg_partition_tree('customer_journeys')))
            SELECT coalesce(max(pg_relation_size(l.relid)), 0) / current_setting('block_size')::bigint,
                   (coalesce(sum(pg_relation_size(l.relid)), 0) / current_setting('block_size')::bigint)::bigint,
                   coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint,
                   coalesce(sum(pg_relation_size(l.relid)), 0)::bigint
            FROM leaves l JOIN pg_class c ON c.oid = l.relid
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var rangeBlocks = reader.GetInt64(0);
        var blocks = reader.GetInt64(1);
        var rows = reader.GetInt64(2);
        var bytes = reader.GetInt64(3);

        // Never analysed (reltuples -1) or a view: about 60 rows per 8 kB block, at least a million.
        return (rangeBlocks, blocks, rows > 0 ? rows : Math.Max(1_000_000, blocks * 60), bytes);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
