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
        var columns = new Columns(CsvInput.Header(Journeys, reader, JourneyColumns.Required));

        // About 45 bytes of CSV per row: enough to size the spill partitions before reading. Without a
        // customer_segment column every journey is "(none)": nothing to count per segment. A spilled
        // row (26 bytes and the id) is about the size of its CSV line, so the disk must have the file's size free.
        using var spill = new JourneySpill(
            new ChannelRegistry(order), partitions ?? JourneySpill.PartitionsFor(fileLength / 45), columns.Segment < 0 ? null : new CustomerSegmentRegistry(), bootstrapGroups, order, expectedBytes: fileLength,
            campaigns: columns.Campaign < 0 ? null : new CampaignRegistry());
        using var spiller = new RowSpiller(columns, spill);

        // Both cores parse and spill; the reader hands out records in order, so the first bad row
        // is the one reported.
        long rows = 0;
        foreach (var _ in reader.ParallelEnumerate(spiller.Spill, Math.Max(1, Environment.ProcessorCount)))
        {
            if ((++rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Invoke(rows);
            }
        }

        progress?.Invoke(rows);
        if (rows == 0)
        {
            throw new InputValidationException(Journeys, null, "the table has no rows");
        }

        return spill.Count(halfLifeDays, ct);
    }

    /// <summary>Where each column of customer_journeys is in the file (-1 for an optional one that is absent).</summary>
    private sealed class Columns(string[] header)
    {
        public string[] Header { get; } = header;

        public int Customer { get; } = Find(header, JourneyColumns.CustomerId);

        public int Step { get; } = Find(header, JourneyColumns.JourneyStep);

        public int Channel { get; } = Find(header, JourneyColumns.Channel);

        public int Timestamp { get; } = Find(header, JourneyColumns.Timestamp);

        public int Converted { get; } = Find(header, JourneyColumns.Converted);

        public int Value { get; } = Find(header, JourneyColumns.ConversionValue);

        public int Segment { get; } = Find(header, JourneyColumns.CustomerSegment);

        public int Campaign { get; } = Find(header, JourneyColumns.Campaign);

        private static int Find(string[] header, string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Checks one record and spills it as a touch; called on every parsing thread, each with its own name caches.</summary>
    private sealed class RowSpiller(Columns columns, JourneySpill spill) : IDisposable
    {
        private readonly ThreadLocal<Dictionary<string, int>> _channels = new(() => new Dictionary<string, int>(StringComparer.Ordinal));
        private readonly ThreadLocal<CustomerSegmentCache> _segments = new(() => new CustomerSegmentCache(spill));
        private readonly ThreadLocal<Dictionary<(int Channel, string Raw), ushort>> _campaigns = new(() => []);

        public byte Spill(CsvReader record)
        {
            var row = new RowContext(record, columns.Header);
            if (record.FieldCount > columns.Header.Length)
            {
                CsvInput.RequireFieldCount(Journeys, record, columns.Header, row.Describe);
            }

            if (CustomerId.Problem(record.GetSpan(columns.Customer), out var customer) is { } problem)
            {
                throw new InputValidationException(Journeys, JourneyColumns.CustomerId, problem, row.Describe());
            }

            var step = Utf8Fields.JourneyStep(record.GetSpan(columns.Step), row);
            var channel = ChannelOf(record, row);
            var ticks = Utf8Fields.TimestampTicks(record.GetSpan(columns.Timestamp), row);
            var converted = Utf8Fields.Boolean(record.GetSpan(columns.Converted), row);
            var value = columns.Value < 0 ? 0 : Utf8Fields.Value(record.GetSpan(columns.Value), row);
            var segment = 0;
            if (columns.Segment >= 0)
            {
                var segments = _segments.Value!;
                var rawSegment = record.GetSpan(columns.Segment);
                if (!segments.TryGet(rawSegment, out segment))
                {
                    segment = segments.Add(rawSegment, row.Describe());
                }
            }

            var campaign = columns.Campaign < 0 ? (ushort)0 : CampaignOf(record, channel, row);
            spill.ForThisThread().Add(customer, new Touch(step, ticks, channel, converted, value, segment, campaign));
            return 0;
        }

        public void Dispose()
        {
            _channels.Dispose();
            _segments.Dispose();
            _campaigns.Dispose();
        }

        /// <summary>The row's (channel, campaign) pair: checked and interned once per channel and spelling, as channels are.</summary>
        private ushort CampaignOf(CsvReader record, int channel, RowContext row)
        {
            var raw = record.GetString(columns.Campaign);
            var cache = _campaigns.Value!;
            if (!cache.TryGetValue((channel, raw), out var campaign))
            {
                CsvInput.RequireUtf8(Journeys, JourneyColumns.Campaign, record.GetSpan(columns.Campaign), row.Describe);
                campaign = spill.CampaignId(channel, Domain.Inputs.Campaign.Require(raw, row.Describe()));
                cache.Add((channel, raw), campaign);
            }

            return campaign;
        }

        private int ChannelOf(CsvReader record, RowContext row)
        {
            var rawChannel = record.GetString(columns.Channel);
            var cache = _channels.Value!;
            if (!cache.TryGetValue(rawChannel, out var channel))
            {
                // Checked once per distinct spelling: a name with U+FFFD is never cached (RequireChannel refuses
                // it), so bytes that are not UTF-8 always come here.
                CsvInput.RequireUtf8(Journeys, JourneyColumns.Channel, record.GetSpan(columns.Channel), row.Describe);
                channel = spill.ChannelId(FieldParser.RequireChannel(rawChannel, Journeys, JourneyColumns.Channel, row.Describe()));
                cache.Add(rawChannel, channel);
            }

            return channel;
        }
    }

    /// <summary>The row for an error message: its line and fields, without the customer id.</summary>
    internal static string Describe(CsvReader reader, string[] header) => CsvInput.Describe(reader, header);
}
