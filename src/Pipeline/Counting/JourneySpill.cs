using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Counting;

/// <summary>
/// Turns rows that arrive in any order into per-customer journeys without holding them all: each row
/// goes to a temp file chosen by a stable hash of its customer id; <see cref="Count"/> then reads one
/// partition at a time per core, groups it by customer and counts. Memory is bounded by the largest
/// partition, and the result does not depend on the order rows arrived in. Several threads may add
/// rows at once, each through its own <see cref="Writer"/>. The partition count is only an estimate
/// made before reading: a partition that grew past <see cref="MaxPartitionBytes"/> (a stale row
/// estimate, a skewed table) is split by further hash digits before it is counted, so sizes come from
/// the bytes actually written.
/// </summary>
public sealed class JourneySpill : IDisposable
{
    // step, ticks, channel id, converted, value, customer segment id; then, when campaigns are counted, the campaign id.
    private const int TouchBytes = 4 + 8 + 2 + 1 + 8 + 1;
    private const int CampaignBytes = 2;

    /// <summary>A partition's bytes above which it is split before counting: about 1.5 million rows.</summary>
    public const long DefaultMaxPartitionBytes = 64L << 20;

    /// <summary>Most pieces one split writes at once (each an open file).</summary>
    private const int MaxPieces = 1_024;

    private readonly DirectoryInfo _directory;
    private readonly int _partitions;
    private readonly ConcurrentBag<Writer> _writers = [];
    private readonly ThreadLocal<Writer> _threadWriter;
    private readonly Lock _channelLock = new();
    private readonly Lock _segmentLock = new();
    private readonly Lock _campaignLock = new();
    private readonly int _bootstrapGroups;
    private readonly MarkovOrder _order;
    private readonly int _fieldBytes;
    private int _writerCount;
    private int _splitPartitions;

    /// <param name="customerSegments">Given, each segment is also counted on its own; null when the data has no customer_segment.</param>
    /// <param name="bootstrapGroups">Customer-hash groups the counts keep apart for the bootstrap intervals; 0 for none.</param>
    /// <param name="order">The chain's order: above 1 (or auto) the counters keep the (history, next) pairs.</param>
    /// <param name="expectedBytes">About how many bytes will be spilled: the temp disk must have them free before anything is written.</param>
    /// <param name="campaigns">Given, the journeys are also counted with (channel, campaign) states (docs/MODEL.md section 10); null when the data has no campaign column.</param>
    public JourneySpill(ChannelRegistry channels, int partitions, CustomerSegmentRegistry? customerSegments = null, int bootstrapGroups = 0, MarkovOrder order = default, long expectedBytes = 0, CampaignRegistry? campaigns = null)
    {
        Campaigns = campaigns;
        _fieldBytes = TouchBytes + (campaigns is null ? 0 : CampaignBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Channels = channels;
        CustomerSegments = customerSegments;
        _partitions = partitions;
        _bootstrapGroups = bootstrapGroups;
        _order = order;
        _directory = SpillFolder.Create(expectedBytes);
        _threadWriter = new ThreadLocal<Writer>(CreateWriter);
    }

    public ChannelRegistry Channels { get; }

    public CustomerSegmentRegistry? CustomerSegments { get; }

    public CampaignRegistry? Campaigns { get; }

    public long Rows => _writers.Sum(w => w.Rows);

    /// <summary>Partitions above this many bytes are split before they are counted; at most <see cref="Array.MaxLength"/>.</summary>
    public long MaxPartitionBytes
    {
        get;
        init => field = value is >= 1 and <= int.MaxValue - 64 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a partition is read into one array");
    } = DefaultMaxPartitionBytes;

    /// <summary>How many partitions (or pieces of them) the last <see cref="Count"/> had to split.</summary>
    public int SplitPartitions => Volatile.Read(ref _splitPartitions);

    /// <summary>A partition count that keeps each partition near half a million rows.</summary>
    public static int PartitionsFor(long expectedRows) => (int)Math.Clamp((expectedRows / 500_000) + 1, 1, 512);

    /// <summary>Pieces to split a partition of <paramref name="bytes"/> into, so that each holds about half of <paramref name="maxPartitionBytes"/>.</summary>
    public static int PiecesFor(long bytes, long maxPartitionBytes) =>
        (int)Math.Clamp((bytes / Math.Max(1, maxPartitionBytes / 2)) + 1, 2, MaxPieces);

    /// <summary>This thread's writer.</summary>
    public Writer ForThisThread() => _threadWriter.Value!;

    /// <summary>A writer of its own, for a reader that may hop threads (one writer per reader, used by one at a time).</summary>
    public Writer CreateWriter()
    {
        var writer = new Writer(this, Interlocked.Increment(ref _writerCount) - 1);
        _writers.Add(writer);
        return writer;
    }

    /// <summary>The id of a normalised channel name; safe to call from several threads.</summary>
    public int ChannelId(string normalizedName)
    {
        lock (_channelLock)
        {
            return Channels.IdOf(normalizedName);
        }
    }

    /// <summary>The id of a normalised customer segment; safe to call from several threads.</summary>
    public int CustomerSegmentId(string normalizedSegment, string example)
    {
        var segments = CustomerSegments ?? throw new InvalidOperationException("this spill counts no customer segments");
        lock (_segmentLock)
        {
            return segments.IdOf(normalizedSegment, example);
        }
    }

    /// <summary>The id of a (channel, campaign) pair; safe to call from several threads.</summary>
    public ushort CampaignId(int channelId, string normalizedCampaign)
    {
        var campaigns = Campaigns ?? throw new InvalidOperationException("this spill counts no campaigns");
        string channel;
        lock (_channelLock)
        {
            channel = Channels[channelId];
        }

        lock (_campaignLock)
        {
            // At most Campaign.MaxDistinct (5,000) ids: the spill's two bytes hold them.
            return checked((ushort)campaigns.IdOf(channel, normalizedCampaign));
        }
    }

    /// <summary>
    /// Counts every partition; the parts are summed in partition order, so the sum is the same in every run.
    /// Parts are folded into the sum four at a time as soon as those before them are, so only a few parts are
    /// held at once. A left fold adds exactly as one sum of all parts. The counts by slot (bootstrap groups,
    /// order-k pairs) are integers, which add the same in any order: each thread keeps one set of them for
    /// all the partitions it counts (<see cref="SlotTallies"/>), and the sets are attached once, to the sum.
    /// </summary>
    public JourneyCounts Count(double halfLifeDays, CancellationToken ct = default)
    {
        const int FoldBatch = 4;
        var writers = _writers.OrderBy(w => w.Index).ToArray();
        foreach (var writer in writers)
        {
            writer.Close();
        }

        var parts = new JourneyCounts?[_partitions];
        var folded = 0;
        JourneyCounts? total = null;
        var slotTallies = new List<SlotTallies>();
        var gate = new Lock();
        Parallel.For(
            0,
            _partitions,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount), CancellationToken = ct },
            () => new SlotTallies(_bootstrapGroups, _order),
            (p, _, threadTallies) =>
            {
                var part = CountFiles(writers.Select(w => new SpillFile(w.Path(p), w.RowsIn(p), w.BytesIn(p))).ToArray(), halfLifeDays, (ulong)_partitions, $"p{p:D3}", threadTallies);
                lock (gate)
                {
                    parts[p] = part;
                    var ready = folded;
                    while (ready < _partitions && parts[ready] is not null)
                    {
                        ready++;
                    }

                    // Folded a few at a time: each fold rebuilds the sum, so folding every part would make as much garbage as it saves.
                    if (ready - folded >= FoldBatch || ready == _partitions)
                    {
                        var batch = parts[folded..ready].Select(q => q!);
                        total = JourneyCounts.Sum(total is null ? batch : batch.Prepend(total));
                        Array.Clear(parts, folded, ready - folded);
                        folded = ready;
                    }
                }

                return threadTallies;
            },
            threadTallies =>
            {
                lock (gate)
                {
                    slotTallies.Add(threadTallies);
                }
            });
        return SlotTallies.Attach(total!, slotTallies, Channels, CustomerSegments);
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            writer.Close();
        }

        _threadWriter.Dispose();
        _directory.Delete(recursive: true);
    }

    /// <summary>
    /// Counts one partition's files, splitting them first when they hold more than
    /// <see cref="MaxPartitionBytes"/>: a record goes to piece (hash / <paramref name="divisor"/>) mod
    /// pieces, digits of the hash the partitions so far have not used, so a customer stays in one piece.
    /// </summary>
    private JourneyCounts CountFiles(SpillFile[] files, double halfLifeDays, ulong divisor, string name, SlotTallies slotTallies)
    {
        var bytes = files.Sum(f => f.Bytes);
        if (bytes <= MaxPartitionBytes)
        {
            return CountPartition(files, halfLifeDays, slotTallies);
        }

        var pieces = PiecesFor(bytes, MaxPartitionBytes);
        if (divisor <= ulong.MaxValue / (ulong)pieces)
        {
            SpillFolder.RequireFreeSpace(_directory.FullName, bytes);
            var split = Split(files, divisor, pieces, name);
            if (split.All(piece => piece.Bytes < bytes))
            {
                Interlocked.Increment(ref _splitPartitions);
                foreach (var file in files)
                {
                    File.Delete(file.Path);
                }

                var parts = new JourneyCounts[split.Length];
                for (var i = 0; i < split.Length; i++)
                {
                    parts[i] = CountFiles([split[i]], halfLifeDays, divisor * (ulong)pieces, $"{name}-{i:D4}", slotTallies);
                    File.Delete(split[i].Path);
                }

                return JourneyCounts.Sum(parts);
            }

            // Every row went to one piece: one customer (or one hash) holds them all, and no split can part them.
            foreach (var piece in split)
            {
                File.Delete(piece.Path);
            }
        }

        if (bytes > Array.MaxLength)
        {
            throw new InputValidationException(
                Tables.Journeys,
                Tables.JourneyColumns.CustomerId,
                string.Create(CultureInfo.InvariantCulture, $"one customer_id's rows take {bytes:N0} bytes to count, above the {Array.MaxLength:N0} one customer may have"));
        }

        return CountPartition(files, halfLifeDays, slotTallies);
    }

    /// <summary>Streams the records of <paramref name="files"/> into <paramref name="pieces"/> new files by the next digits of their hash.</summary>
    private SpillFile[] Split(SpillFile[] files, ulong divisor, int pieces, string name)
    {
        var paths = Enumerable.Range(0, pieces).Select(i => System.IO.Path.Combine(_directory.FullName, $"{name}-{i:D4}.bin")).ToArray();
        var outputs = new FileStream[pieces];
        var rows = new long[pieces];
        var bytes = new long[pieces];
        var record = new byte[2 + ushort.MaxValue + _fieldBytes];
        try
        {
            for (var i = 0; i < pieces; i++)
            {
                outputs[i] = new FileStream(paths[i], FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 15);
            }

            foreach (var file in files)
            {
                using var input = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                while (input.ReadAtLeast(record.AsSpan(0, 2), 2, throwOnEndOfStream: false) == 2)
                {
                    var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(record);
                    var length = 2 + keyLength + _fieldBytes;
                    input.ReadExactly(record, 2, keyLength + _fieldBytes);
                    var piece = (int)((Fnv1a(record.AsSpan(2, keyLength)) / divisor) % (ulong)pieces);
                    outputs[piece].Write(record, 0, length);
                    rows[piece]++;
                    bytes[piece] += length;
                }
            }
        }
        finally
        {
            foreach (var output in outputs)
            {
                output?.Dispose();
            }
        }

        return Enumerable.Range(0, pieces).Select(i => new SpillFile(paths[i], rows[i], bytes[i])).ToArray();
    }

    // Hot loops run once per run, so they are compiled fully optimised at once rather than tier by tier.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private JourneyCounts CountPartition(SpillFile[] files, double halfLifeDays, SlotTallies slotTallies)
    {
        // Sized from the bytes written, which CountFiles keeps within one array.
        var rows = checked((int)files.Sum(f => f.Rows));
        var bytes = checked((int)files.Sum(f => f.Bytes));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes));
        var touches = ArrayPool<Touch>.Shared.Rent(Math.Max(1, rows));
        var hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(1, rows));
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(1, rows));
        try
        {
            var n = Decode(files, buffer, touches, hashes, offsets);

            // Group by a stable 64-bit hash of the customer id (a primitive sort), then by the id's bytes
            // within equal hashes, so two customers whose hashes collide still stay apart.
            var order = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
            try
            {
                for (var i = 0; i < n; i++)
                {
                    order[i] = i;
                }

                // Sorted in place in the pooled array: a copy per partition was large-object garbage that
                // only a full collection frees, and it set the run's peak memory.
                var keys = hashes;
                RadixSort(keys.AsSpan(0, n), order.AsSpan(0, n));
                return CountJourneys(buffer, offsets, touches, keys, order.AsSpan(0, n), halfLifeDays, slotTallies);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(order);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<Touch>.Shared.Return(touches);
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    /// <summary>Reads the partition's spill files into <paramref name="buffer"/> and decodes each row: its touch, its key's offset and the key's hash.</summary>
    /// <returns>The number of rows.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Decode(SpillFile[] files, byte[] buffer, Touch[] touches, ulong[] hashes, int[] offsets)
    {
        var filled = 0;
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file.Path);
            var length = checked((int)file.Bytes);
            stream.ReadExactly(buffer, filled, length);
            filled += length;
        }

        var n = 0;
        for (var position = 0; position < filled; n++)
        {
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(position));
            offsets[n] = position;
            hashes[n] = Fnv1a(buffer.AsSpan(position + 2, keyLength));
            position += 2 + keyLength;
            var fields = buffer.AsSpan(position, _fieldBytes);
            touches[n] = new Touch(
                BinaryPrimitives.ReadInt32LittleEndian(fields),
                BinaryPrimitives.ReadInt64LittleEndian(fields[4..]),
                BinaryPrimitives.ReadUInt16LittleEndian(fields[12..]),
                fields[14] == 1,
                BinaryPrimitives.ReadDoubleLittleEndian(fields[15..]),
                fields[23],
                _fieldBytes > TouchBytes ? BinaryPrimitives.ReadUInt16LittleEndian(fields[TouchBytes..]) : (ushort)0);
            position += _fieldBytes;
        }

        return n;
    }

    /// <summary>
    /// Counts the journeys of rows sorted by key hash (<paramref name="order"/>): within equal hashes the
    /// ids' bytes are compared, so two customers whose hashes collide still stay apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private JourneyCounts CountJourneys(byte[] buffer, int[] offsets, Touch[] touches, ulong[] keys, Span<int> order, double halfLifeDays, SlotTallies slotTallies)
    {
        var n = order.Length;
        var counter = new JourneyCounter(Channels, slotTallies, halfLifeDays, CustomerSegments, Campaigns);
        var journey = new List<Touch>();
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            var group = order.Slice(start, end - start);
            var oneCustomer = SameKey(buffer, offsets, group);
            if (!oneCustomer)
            {
                group.Sort((a, b) => Key(buffer, offsets[a]).SequenceCompareTo(Key(buffer, offsets[b])));
            }

            for (var i = 0; i < group.Length; i++)
            {
                journey.Add(touches[group[i]]);

                // Ids are compared row by row only where hashes collide (rare): elsewhere the group is one journey.
                if (i == group.Length - 1 || (!oneCustomer && !Key(buffer, offsets[group[i]]).SequenceEqual(Key(buffer, offsets[group[i + 1]]))))
                {
                    counter.AddJourney(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(journey), keys[start]);
                    journey.Clear();
                }
            }

            start = end;
        }

        return counter.ToCounts();
    }

    /// <summary>Sorts 64-bit keys with their items, a byte at a time (stable; linear in the row count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSort(Span<ulong> keys, Span<int> items)
    {
        var n = keys.Length;
        var keyBuffer = ArrayPool<ulong>.Shared.Rent(Math.Max(1, n));
        var itemBuffer = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
        try
        {
            Span<int> counts = stackalloc int[256];
            var fromKeys = keys;
            var fromItems = items;
            var toKeys = keyBuffer.AsSpan(0, n);
            var toItems = itemBuffer.AsSpan(0, n);
            for (var shift = 0; shift < 64; shift += 8)
            {
                counts.Clear();
                foreach (var key in fromKeys)
                {
                    counts[(int)((key >> shift) & 0xFF)]++;
                }

                var sum = 0;
                for (var b = 0; b < 256; b++)
                {
                    (counts[b], sum) = (sum, sum + counts[b]);
                }

                for (var i = 0; i < n; i++)
                {
                    var slot = counts[(int)((fromKeys[i] >> shift) & 0xFF)]++;
                    toKeys[slot] = fromKeys[i];
                    toItems[slot] = fromItems[i];
                }

                var keysWere = fromKeys;
                var itemsWere = fromItems;
                fromKeys = toKeys;
                fromItems = toItems;
                toKeys = keysWere;
                toItems = itemsWere;
            }

            // Eight passes: the sorted keys are back in the caller's spans.
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keyBuffer);
            ArrayPool<int>.Shared.Return(itemBuffer);
        }
    }

    private static bool SameKey(byte[] buffer, int[] offsets, ReadOnlySpan<int> group)
    {
        var first = Key(buffer, offsets[group[0]]);
        for (var i = 1; i < group.Length; i++)
        {
            if (!first.SequenceEqual(Key(buffer, offsets[group[i]])))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<byte> Key(byte[] buffer, int offset) =>
        buffer.AsSpan(offset + 2, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset)));

    /// <summary>A stable hash (unlike string.GetHashCode), so partitions and sums are the same in every process.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>A spill file with the rows and bytes written to it.</summary>
    private readonly record struct SpillFile(string Path, long Rows, long Bytes);

    /// <summary>One thread's spill files, one per partition.</summary>
    public sealed class Writer
    {
        private readonly JourneySpill _owner;
        private readonly FileStream[] _files;
        private readonly long[] _rows;
        private readonly long[] _bytes;
        private byte[] _record = new byte[64 + TouchBytes + CampaignBytes];
        private bool _closed;

        internal Writer(JourneySpill owner, int index)
        {
            _owner = owner;
            Index = index;
            _rows = new long[owner._partitions];
            _bytes = new long[owner._partitions];
            _files = Enumerable.Range(0, owner._partitions)
                .Select(p => new FileStream(Path(p), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 15))
                .ToArray();
        }

        public int Index { get; }

        public long Rows { get; private set; }

        /// <summary>Adds one validated row; <paramref name="customerId"/> is the customer's id as UTF-8.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<byte> customerId, in Touch touch)
        {
            if (customerId.Length > ushort.MaxValue)
            {
                throw new Domain.Inputs.InputValidationException(
                    Domain.Inputs.Tables.Journeys, Domain.Inputs.Tables.JourneyColumns.CustomerId, $"a customer_id is {customerId.Length:N0} bytes long, above the 65,535 accepted");
            }

            var partition = (int)(Fnv1a(customerId) % (ulong)_files.Length);
            var length = 2 + customerId.Length + _owner._fieldBytes;
            if (_record.Length < length)
            {
                _record = new byte[length];
            }

            var record = _record.AsSpan(0, length);
            BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)customerId.Length);
            customerId.CopyTo(record[2..]);
            var fields = record[(2 + customerId.Length)..];
            BinaryPrimitives.WriteInt32LittleEndian(fields, touch.JourneyStep);
            BinaryPrimitives.WriteInt64LittleEndian(fields[4..], touch.TimestampUtcTicks);
            BinaryPrimitives.WriteUInt16LittleEndian(fields[12..], checked((ushort)touch.ChannelId));
            fields[14] = touch.Converted ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteDoubleLittleEndian(fields[15..], touch.ConversionValue);
            fields[23] = checked((byte)touch.CustomerSegmentId);
            if (_owner._fieldBytes > TouchBytes)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(fields[TouchBytes..], touch.CampaignId);
            }

            _files[partition].Write(record);
            _rows[partition]++;
            _bytes[partition] += length;
            Rows++;
        }

        internal string Path(int partition) => System.IO.Path.Combine(_owner._directory.FullName, $"w{Index:D2}-p{partition:D3}.bin");

        internal long RowsIn(int partition) => _rows[partition];

        internal long BytesIn(int partition) => _bytes[partition];

        internal void Close()
        {
            if (!_closed)
            {
                foreach (var file in _files)
                {
                    file.Dispose();
                }

                _closed = true;
            }
        }
    }
}
