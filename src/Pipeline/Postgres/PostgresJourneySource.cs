using System.Globalization;
using System.Text;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Counting;
using MarkovFunctions.Pipeline.Orchestration;
using Npgsql;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>
/// Reads <c>dw4</c> with the read-only role. Journeys are streamed with binary COPY (unordered: the
/// fastest way out of a table stored in time order) and reduced to counts through a spill, one
/// customer-hash partition per call, so K calls count disjoint customers whose counts add up.
/// Each call checks its rows before counting them and fails on the first bad one.
/// </summary>
public sealed class PostgresJourneySource(NpgsqlDataSource dataSource) : IJourneySource
{
    public async Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var columns = await ColumnsAsync(connection, "customer_journeys", ct);
        RequireColumns(Journeys, columns, JourneyColumns.Required);
        // float8 on the server: numeric holds values (1e308, NaN) that decimal cannot, and the check below names them.
        var value = columns.Contains(JourneyColumns.ConversionValue, StringComparer.OrdinalIgnoreCase) ? "conversion_value::float8" : "NULL::float8";

        var filters = new List<string>();
        if (request.PartitionCount > 1)
        {
            // hashtext is stable across servers and versions of the same major; & drops the sign bit.
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"(hashtext(customer_id) & 2147483647) % {request.PartitionCount} = {request.Partition}"));
        }

        if (request.Window is { } window)
        {
            filters.Add($"\"timestamp\" >= '{window.From.UtcDateTime:O}'::timestamptz AND \"timestamp\" < '{window.AsOf.UtcDateTime:O}'::timestamptz");
        }

        var where = filters.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", filters);
        var copy = $"COPY (SELECT customer_id, journey_step, channel, \"timestamp\", converted, {value} FROM customer_journeys{where}) TO STDOUT (FORMAT BINARY)";

        using var spill = new JourneySpill(new ChannelRegistry(), JourneySpill.PartitionsFor(await EstimateRowsAsync(connection, request.PartitionCount, ct)));
        var writer = spill.ForThisThread();
        var channelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var customer = new byte[256];
        await using (var reader = await connection.BeginBinaryExportAsync(copy, ct))
        {
            while (await reader.StartRowAsync(ct) != -1)
            {
                var customerId = await TextAsync(reader, ct);
                var step = (long?)await ValueAsync<int>(reader, ct);
                var channel = await TextAsync(reader, ct);
                var timestamp = await ValueAsync<DateTime>(reader, ct);
                var converted = await ValueAsync<bool>(reader, ct);
                var conversionValue = await ValueAsync<double>(reader, ct);

                string Example() => string.Create(
                    CultureInfo.InvariantCulture,
                    $"journey_step={step?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, channel={(channel is null ? "NULL" : $"'{channel}'")}, timestamp={timestamp?.ToString("O", CultureInfo.InvariantCulture) ?? "NULL"}, converted={converted?.ToString() ?? "NULL"}, conversion_value={conversionValue?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}");

                if (string.IsNullOrWhiteSpace(customerId))
                {
                    throw new InputValidationException(Journeys, JourneyColumns.CustomerId, "customer_id is null or empty", Example());
                }

                if (step is null)
                {
                    throw new InputValidationException(Journeys, JourneyColumns.JourneyStep, "journey_step is null", Example());
                }

                FieldParser.RequireStep(step.Value, Journeys, JourneyColumns.JourneyStep, step.Value < 1 ? Example() : string.Empty);
                if (timestamp is null)
                {
                    throw new InputValidationException(Journeys, JourneyColumns.Timestamp, "timestamp is null", Example());
                }

                if (converted is null)
                {
                    throw new InputValidationException(Journeys, JourneyColumns.Converted, "converted is null", Example());
                }

                if (conversionValue is { } checkedValue && !(checkedValue is >= 0 and <= FieldParser.MaxAmount))
                {
                    FieldParser.RequireNonNegative(checkedValue, Journeys, JourneyColumns.ConversionValue, Example());
                }

                var raw = channel ?? string.Empty;
                if (!channelIds.TryGetValue(raw, out var channelId))
                {
                    channelId = spill.ChannelId(FieldParser.RequireChannel(channel, Journeys, JourneyColumns.Channel, Example()));
                    channelIds.Add(raw, channelId);
                }

                var length = Encoding.UTF8.GetByteCount(customerId);
                if (customer.Length < length)
                {
                    customer = new byte[length * 2];
                }

                Encoding.UTF8.GetBytes(customerId, customer);
                writer.Add(customer.AsSpan(0, length), new Touch((int)step.Value, DateTime.SpecifyKind(timestamp.Value, DateTimeKind.Utc).Ticks, channelId, converted.Value, conversionValue ?? 0));
            }
        }

        if (writer.Rows == 0 && request.PartitionCount == 1)
        {
            throw new InputValidationException(Journeys, null, request.Window is null ? "the table has no rows" : "the table has no rows in the window");
        }

        return spill.Count(request.HalfLifeDays, ct);
    }

    public async Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        RequireColumns(Performance, await ColumnsAsync(connection, "channel_performance", ct), PerformanceColumns.Required);
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

    private static async ValueTask<string?> TextAsync(NpgsqlBinaryExporter reader, CancellationToken ct)
    {
        if (reader.IsNull)
        {
            await reader.SkipAsync(ct);
            return null;
        }

        return await reader.ReadAsync<string>(ct);
    }

    private static async ValueTask<T?> ValueAsync<T>(NpgsqlBinaryExporter reader, CancellationToken ct)
        where T : struct
    {
        if (reader.IsNull)
        {
            await reader.SkipAsync(ct);
            return null;
        }

        return await reader.ReadAsync<T>(ct);
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table",
            connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }

        if (columns.Count == 0)
        {
            throw new InputValidationException(table, null, $"table {table} does not exist in schema dw4 or the reader role cannot see it");
        }

        return columns;
    }

    /// <summary>The planner's row estimate, to size the spill without a count(*) scan.</summary>
    private static async Task<long> EstimateRowsAsync(NpgsqlConnection connection, int partitions, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = 'customer_journeys'::regclass", connection);
        var estimate = await command.ExecuteScalarAsync(ct) is long rows && rows > 0 ? rows : 1_000_000;
        return estimate / Math.Max(1, partitions);
    }
}
