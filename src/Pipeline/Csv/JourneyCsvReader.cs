using System.Buffers.Binary;
using System.Text;
using CsvHelper;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
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
    /// <summary>About this many bytes of CSV go to one spill partition (roughly a million rows).</summary>
    private const long BytesPerPartition = 48L * 1024 * 1024;

    public static JourneyCounts Count(string path, double halfLifeDays = 7, int? partitions = null, Action<long>? progress = null, CancellationToken ct = default)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InputValidationException(Journeys, null, $"file '{path}' does not exist");
        }

        if (file.Length == 0)
        {
            throw new InputValidationException(Journeys, null, $"the table is empty (file '{path}' has no header and no rows)");
        }

        var partitionCount = partitions ?? (int)Math.Clamp((file.Length / BytesPerPartition) + 1, 1, 256);
        var spillDirectory = Directory.CreateTempSubdirectory("markov-journeys-");
        try
        {
            var registry = new ChannelRegistry();
            var spills = Spill(path, registry, partitionCount, spillDirectory.FullName, progress, ct);
            var parts = new JourneyCounts[partitionCount];
            Parallel.For(
                0,
                partitionCount,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                p => parts[p] = CountPartition(spills[p], registry, halfLifeDays));
            var total = JourneyCounts.Sum(parts);
            if (total.Rows == 0)
            {
                throw new InputValidationException(Journeys, null, "the table has no rows");
            }

            return total;
        }
        finally
        {
            spillDirectory.Delete(recursive: true);
        }
    }

    private static string[] Spill(string path, ChannelRegistry registry, int partitionCount, string directory, Action<long>? progress, CancellationToken ct)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true, PoolStrings = true });
        var header = reader.Headers.Select(h => h.Trim()).ToArray();
        RequireColumns(Journeys, header, JourneyColumns.Required);
        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var customerColumn = Column(JourneyColumns.CustomerId);
        var stepColumn = Column(JourneyColumns.JourneyStep);
        var channelColumn = Column(JourneyColumns.Channel);
        var timestampColumn = Column(JourneyColumns.Timestamp);
        var convertedColumn = Column(JourneyColumns.Converted);
        var valueColumn = Column(JourneyColumns.ConversionValue);

        var paths = Enumerable.Range(0, partitionCount).Select(p => Path.Combine(directory, $"part-{p:D3}.bin")).ToArray();
        var writers = paths.Select(p => new FileStream(p, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)).ToArray();
        try
        {
            var channelIds = new Dictionary<string, int>(StringComparer.Ordinal);
            Span<byte> record = stackalloc byte[2 + 4 + 8 + 2 + 1 + 8];
            long rows = 0;
            while (reader.Read())
            {
                if ((++rows & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Invoke(rows);
                }

                string Example() => Describe(reader, header);
                var customer = reader.GetSpan(customerColumn).Trim(" \t"u8);
                if (customer.IsEmpty)
                {
                    throw new InputValidationException(Journeys, JourneyColumns.CustomerId, "customer_id is null or empty", Example());
                }

                if (customer.Length > ushort.MaxValue)
                {
                    throw new InputValidationException(Journeys, JourneyColumns.CustomerId, "customer_id is longer than 65,535 bytes", Example());
                }

                var step = Utf8Fields.JourneyStep(reader.GetSpan(stepColumn), Example);
                var rawChannel = reader.GetString(channelColumn);
                if (!channelIds.TryGetValue(rawChannel, out var channel))
                {
                    channel = registry.GetOrAdd(FieldParser.RequireChannel(rawChannel, Journeys, JourneyColumns.Channel, Example()));
                    channelIds.Add(rawChannel, channel);
                }

                var ticks = Utf8Fields.TimestampTicks(reader.GetSpan(timestampColumn), Example);
                var converted = Utf8Fields.Boolean(reader.GetSpan(convertedColumn), Example);
                var value = valueColumn < 0 ? 0 : Utf8Fields.Value(reader.GetSpan(valueColumn), Example);

                var partition = (int)(Fnv1a(customer) % (ulong)partitionCount);
                var output = writers[partition];
                BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)customer.Length);
                output.Write(record[..2]);
                output.Write(customer);
                BinaryPrimitives.WriteInt32LittleEndian(record, step);
                BinaryPrimitives.WriteInt64LittleEndian(record[4..], ticks);
                BinaryPrimitives.WriteUInt16LittleEndian(record[12..], checked((ushort)channel));
                record[14] = converted ? (byte)1 : (byte)0;
                BinaryPrimitives.WriteDoubleLittleEndian(record[15..], value);
                output.Write(record[..23]);
            }

            progress?.Invoke(rows);
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }

        return paths;
    }

    private static JourneyCounts CountPartition(string path, ChannelRegistry registry, double halfLifeDays)
    {
        var buffer = File.ReadAllBytes(path);
        var keyOffsets = new List<int>();
        var touches = new List<Touch>();
        for (var position = 0; position < buffer.Length;)
        {
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(position));
            keyOffsets.Add(position);
            position += 2 + keyLength;
            var fields = buffer.AsSpan(position, 23);
            touches.Add(new Touch(
                BinaryPrimitives.ReadInt32LittleEndian(fields),
                BinaryPrimitives.ReadInt64LittleEndian(fields[4..]),
                BinaryPrimitives.ReadUInt16LittleEndian(fields[12..]),
                fields[14] == 1,
                BinaryPrimitives.ReadDoubleLittleEndian(fields[15..])));
            position += 23;
        }

        // Customers in ordinal order of their ids: the order rows arrived in never matters.
        var order = Enumerable.Range(0, touches.Count).ToArray();
        var offsets = keyOffsets.ToArray();
        Array.Sort(order, (a, b) => Key(buffer, offsets[a]).SequenceCompareTo(Key(buffer, offsets[b])));

        var counter = new JourneyCounter(registry, halfLifeDays);
        var journey = new List<Touch>();
        for (var i = 0; i < order.Length; i++)
        {
            journey.Add(touches[order[i]]);
            if (i == order.Length - 1 || !Key(buffer, offsets[order[i]]).SequenceEqual(Key(buffer, offsets[order[i + 1]])))
            {
                counter.AddJourney(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(journey));
                journey.Clear();
            }
        }

        return counter.ToCounts();
    }

    private static ReadOnlySpan<byte> Key(byte[] buffer, int offset) =>
        buffer.AsSpan(offset + 2, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset)));

    /// <summary>A stable hash (unlike string.GetHashCode), so partitions and sums are the same in every process.</summary>
    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The row for an error message: its line and fields, without the customer id.</summary>
    private static string Describe(CsvReader reader, string[] header)
    {
        var fields = new StringBuilder($"line {reader.LineNumber}:");
        for (var i = 0; i < header.Length; i++)
        {
            if (!header[i].Equals(JourneyColumns.CustomerId, StringComparison.OrdinalIgnoreCase))
            {
                fields.Append($" {header[i]}='{reader.GetString(i)}'");
            }
        }

        return fields.ToString();
    }
}
