using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Sampling;
using Npgsql;
using NpgsqlTypes;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>Fills dw4 through binary COPY: sample data for local runs, test data, the benchmark's ten million rows.</summary>
public static class PostgresLoader
{
    public static async Task<long> LoadJourneysAsync(NpgsqlConnection connection, IEnumerable<JourneyRecord> rows, CancellationToken ct = default)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY dw4.customer_journeys (customer_id, journey_step, channel, \"timestamp\", converted, conversion_value, customer_segment) FROM STDIN (FORMAT BINARY)", ct);
        long count = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.CustomerId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(row.JourneyStep, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(importer, row.Channel, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(DateTime.SpecifyKind(row.TimestampUtc, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(row.Converted, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(importer, row.ConversionValue, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(importer, row.CustomerSegment, NpgsqlDbType.Text, ct);
            count++;
        }

        await importer.CompleteAsync(ct);
        return count;
    }

    public static async Task LoadPerformanceAsync(NpgsqlConnection connection, IEnumerable<ChannelPerformance> rows, CancellationToken ct = default)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY dw4.channel_performance (channel, current_monthly_spend, conversions_attributed, cost_per_conversion, min_monthly_spend, max_monthly_spend, conversion_rate_per_1000) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.Channel, NpgsqlDbType.Text, ct);
            foreach (var value in new double?[] { row.CurrentMonthlySpend, row.ConversionsAttributed, row.CostPerConversion, row.MinMonthlySpend, row.MaxMonthlySpend, row.ConversionRatePer1000 })
            {
                await WriteNullableAsync(importer, value is { } v ? ExactDecimal(v) : (decimal?)null, NpgsqlDbType.Numeric, ct);
            }
        }

        await importer.CompleteAsync(ct);
    }

    public static async Task LoadSpendHistoryAsync(NpgsqlConnection connection, IEnumerable<Domain.ResponseFitting.SpendWeek> rows, CancellationToken ct = default)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY dw4.channel_spend_history (week_start, channel, spend, conversions) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.WeekStart, NpgsqlDbType.Date, ct);
            await importer.WriteAsync(row.Channel, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(ExactDecimal(row.Spend), NpgsqlDbType.Numeric, ct);
            await importer.WriteAsync(ExactDecimal(row.Conversions), NpgsqlDbType.Numeric, ct);
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>Replaces the sample data: the dw4 tables emptied, then loaded, then the index the extract's peers expect.</summary>
    public static async Task<long> LoadSampleAsync(NpgsqlConnection connection, int customers, int seed, CancellationToken ct = default)
    {
        await using (var truncate = new NpgsqlCommand("TRUNCATE dw4.customer_journeys, dw4.channel_performance", connection))
        {
            await truncate.ExecuteNonQueryAsync(ct);
        }

        var generator = new SampleDataGenerator(seed);
        var rows = await LoadJourneysAsync(connection, generator.Journeys(customers).Select(JourneyRecord.From), ct);
        await LoadPerformanceAsync(connection, generator.Performance(customers), ct);

        // The weekly history the sample's curves are fitted from: the rows `markov sample` writes to channel_spend_history.csv.
        await using (var history = new NpgsqlCommand("TRUNCATE dw4.channel_spend_history", connection))
        {
            await history.ExecuteNonQueryAsync(ct);
        }

        await LoadSpendHistoryAsync(connection, SpendHistoryGenerator.SampleHistory(generator.Performance(customers), seed), ct);
        await using (var index = new NpgsqlCommand(
            "CREATE INDEX IF NOT EXISTS customer_journeys_customer_step ON dw4.customer_journeys (customer_id, journey_step); ANALYZE dw4.customer_journeys; ANALYZE dw4.channel_performance;",
            connection))
        {
            await index.ExecuteNonQueryAsync(ct);
        }

        return rows;
    }

    /// <summary>
    /// The decimal with the double's shortest round-trip digits: a plain cast keeps only 15 significant
    /// digits, and 1.3333333333333333 would come back as 1.33333333333333.
    /// </summary>
    public static decimal ExactDecimal(double value) =>
        decimal.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, type, ct);
}
