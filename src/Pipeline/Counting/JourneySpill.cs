using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Pipeline.Counting;

/// <summary>
/// Turns rows that arrive in any order into per-customer journeys without holding them all: each row
/// goes to a temp file chosen by a stable hash of its customer id; <see cref="Count"/> then reads one
/// file at a time (two in parallel), groups it by customer in ordinal id order and counts. Memory is
/// bounded by the largest file, and the result does not depend on the order rows arrived in.
/// </summary>
public sealed class JourneySpill : IDisposable
{
    private const int FieldBytes = 4 + 8 + 2 + 1 + 8;

    private readonly DirectoryInfo _directory;
    private readonly FileStream[] _writers;
    private readonly string[] _paths;
    private readonly byte[] _record = new byte[2 + FieldBytes];

    public JourneySpill(ChannelRegistry channels, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Channels = channels;
        _directory = Directory.CreateTempSubdirectory("markov-journeys-");
        _paths = Enumerable.Range(0, partitions).Select(p => Path.Combine(_directory.FullName, $"part-{p:D3}.bin")).ToArray();
        _writers = _paths.Select(p => new FileStream(p, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)).ToArray();
    }

    public ChannelRegistry Channels { get; }

    public long Rows { get; private set; }

    /// <summary>A partition count that keeps each spill file near a million rows.</summary>
    public static int PartitionsFor(long expectedRows) => (int)Math.Clamp((expectedRows / 1_000_000) + 1, 1, 256);

    /// <summary>Adds one validated row; <paramref name="customerId"/> is the customer's id as UTF-8.</summary>
    public void Add(ReadOnlySpan<byte> customerId, in Touch touch)
    {
        if (customerId.Length > ushort.MaxValue)
        {
            throw new ArgumentException("customer id longer than 65,535 bytes", nameof(customerId));
        }

        var output = _writers[(int)(Fnv1a(customerId) % (ulong)_writers.Length)];
        var record = _record.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)customerId.Length);
        output.Write(record[..2]);
        output.Write(customerId);
        var fields = record[2..];
        BinaryPrimitives.WriteInt32LittleEndian(fields, touch.JourneyStep);
        BinaryPrimitives.WriteInt64LittleEndian(fields[4..], touch.TimestampUtcTicks);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[12..], checked((ushort)touch.ChannelId));
        fields[14] = touch.Converted ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteDoubleLittleEndian(fields[15..], touch.ConversionValue);
        output.Write(fields);
        Rows++;
    }

    /// <summary>Counts every spill file; the parts are summed in file order, so the sum is the same in every run.</summary>
    public JourneyCounts Count(double halfLifeDays, CancellationToken ct = default)
    {
        foreach (var writer in _writers)
        {
            writer.Flush();
            writer.Dispose();
        }

        var parts = new JourneyCounts[_paths.Length];
        Parallel.For(
            0,
            _paths.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount), CancellationToken = ct },
            p => parts[p] = CountFile(_paths[p], Channels, halfLifeDays));
        return JourneyCounts.Sum(parts);
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            writer.Dispose();
        }

        _directory.Delete(recursive: true);
    }

    private static JourneyCounts CountFile(string path, ChannelRegistry registry, double halfLifeDays)
    {
        var buffer = File.ReadAllBytes(path);
        var offsets = new List<int>();
        var touches = new List<Touch>();
        for (var position = 0; position < buffer.Length;)
        {
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(position));
            offsets.Add(position);
            position += 2 + keyLength;
            var fields = buffer.AsSpan(position, FieldBytes);
            touches.Add(new Touch(
                BinaryPrimitives.ReadInt32LittleEndian(fields),
                BinaryPrimitives.ReadInt64LittleEndian(fields[4..]),
                BinaryPrimitives.ReadUInt16LittleEndian(fields[12..]),
                fields[14] == 1,
                BinaryPrimitives.ReadDoubleLittleEndian(fields[15..])));
            position += FieldBytes;
        }

        // Customers in ordinal order of their ids: the order rows arrived in never matters.
        var keys = offsets.ToArray();
        var order = Enumerable.Range(0, touches.Count).ToArray();
        Array.Sort(order, (a, b) => Key(buffer, keys[a]).SequenceCompareTo(Key(buffer, keys[b])));

        var counter = new JourneyCounter(registry, halfLifeDays);
        var journey = new List<Touch>();
        for (var i = 0; i < order.Length; i++)
        {
            journey.Add(touches[order[i]]);
            if (i == order.Length - 1 || !Key(buffer, keys[order[i]]).SequenceEqual(Key(buffer, keys[order[i + 1]])))
            {
                counter.AddJourney(CollectionsMarshal.AsSpan(journey));
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
}
