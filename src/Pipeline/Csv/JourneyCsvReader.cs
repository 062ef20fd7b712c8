using CsvHelper;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Counting;
using static MarkovFunctions.Domain.Inputs.Tables;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>
/// Reads <c>customer_journeys</c> from CSV into transition counts without holding all rows. The file
/// may come in any row order, so one pass validates each row and spills it to a temp file chosen by a
/// hash of its customer id; a second pass counts each spill file, customer by customer, in parallel.
/// Memory is bounded by the largest spill file, whatever the row count; the result does not depend on
/// the order of the rows.
/// </summary>
public static class JourneyCsvReader
{
    /// <param name="bootstrapGroups">Customer-hash groups to count apart for the intervals; 0 for none.</param>
    /// <param name="order">Above order 1 (or auto) the (history, next) pairs are counted too (docs/MODEL.md section 12).</param>
    public static JourneyCounts Count(string path, double halfLifeDays = 7, int? partitions = null, Action<long>? progress = null, CancellationToken ct = default, int bootstrapGroups = 0, MarkovOrder order = default)
    {
        using var reader = CsvInput.Open(Journeys, path);
        return CsvInput.Guard(Journeys, () => Count(reader, new FileInfo(path).Length, halfLifeDays, partitions, progress, bootstrapGroups, order, ct));
    }

    private static JourneyCounts Count(CsvReader reader, long fileLength, double halfLifeDays, int? partitions, Action<long>? progress, int bootstrapGroups, MarkovOrder order, CancellationToken ct)
    {
        var header = CsvInput.Header(Journeys, reader, JourneyColumns.Required);
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var customerColumn = Column(JourneyColumns.CustomerId);
        var stepColumn = Column(JourneyColumns.JourneyStep);
        var channelColumn = Column(JourneyColumns.Channel);
        var timestampColumn = Column(JourneyColumns.Timestamp);
        var convertedColumn = Column(JourneyColumns.Converted);
        var valueColumn = Column(JourneyColumns.ConversionValue);
        var segmentColumn = Column(JourneyColumns.CustomerSegment);

        // About 45 bytes of CSV per row: enough to size the spill partitions before reading. Without a
        // customer_segment column every journey is "(none)": nothing to count per segment. A spilled
        // row (26 bytes and the id) is about the size of its CSV line, so the disk must have the file's size free.
        using var spill = new JourneySpill(
            new ChannelRegistry(), partitions ?? JourneySpill.PartitionsFor(fileLength / 45), segmentColumn < 0 ? null : new CustomerSegmentRegistry(), bootstrapGroups, order, expectedBytes: fileLength);
        using var channelCache = new ThreadLocal<Dictionary<string, int>>(() => new Dictionary<string, int>(StringComparer.Ordinal));
        using var segmentCache = new ThreadLocal<CustomerSegmentCache>(() => new CustomerSegmentCache(spill));

        // Both cores parse and spill; the reader hands out records in order, so the first bad row
        // is the one reported.
        long rows = 0;
        foreach (var _ in reader.ParallelEnumerate(SpillRow, Math.Max(1, Environment.ProcessorCount)))
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Invoke(rows);
            }
        }

        byte SpillRow(CsvReader record)
        {
            var row = new RowContext(record, header);
            if (record.FieldCount > header.Length)
            {
                CsvInput.RequireFieldCount(Journeys, record, header, row.Describe);
            }

            if (CustomerId.Problem(record.GetSpan(customerColumn), out var customer) is { } problem)
            {
                throw new InputValidationException(Journeys, JourneyColumns.CustomerId, problem, row.Describe());
            }

            var step = Utf8Fields.JourneyStep(record.GetSpan(stepColumn), row);
            var rawChannel = record.GetString(channelColumn);
            var cache = channelCache.Value!;
            if (!cache.TryGetValue(rawChannel, out var channel))
            {
                // Checked once per distinct spelling: a name with U+FFFD is never cached (RequireChannel refuses
                // it), so bytes that are not UTF-8 always come here.
                CsvInput.RequireUtf8(Journeys, JourneyColumns.Channel, record.GetSpan(channelColumn), row.Describe);
                channel = spill.ChannelId(FieldParser.RequireChannel(rawChannel, Journeys, JourneyColumns.Channel, row.Describe()));
                cache.Add(rawChannel, channel);
            }

            var ticks = Utf8Fields.TimestampTicks(record.GetSpan(timestampColumn), row);
            var converted = Utf8Fields.Boolean(record.GetSpan(convertedColumn), row);
            var value = valueColumn < 0 ? 0 : Utf8Fields.Value(record.GetSpan(valueColumn), row);
            var segment = 0;
            if (segmentColumn >= 0)
            {
                var segments = segmentCache.Value!;
                var rawSegment = record.GetSpan(segmentColumn);
                if (!segments.TryGet(rawSegment, out segment))
                {
                    segment = segments.Add(rawSegment, row.Describe());
                }
            }

            spill.ForThisThread().Add(customer, new Touch(step, ticks, channel, converted, value, segment));
            return 0;
        }

        progress?.Invoke(rows);
        if (rows == 0)
        {
            throw new InputValidationException(Journeys, null, "the table has no rows");
        }

        return spill.Count(halfLifeDays, ct);
    }


    /// <summary>The row for an error message: its line and fields, without the customer id.</summary>
    internal static string Describe(CsvReader reader, string[] header) => CsvInput.Describe(reader, header);
}
