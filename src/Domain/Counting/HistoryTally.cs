using System.Runtime.CompilerServices;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Counts (history, next) pairs of docs/MODEL.md section 12 per count slot, alongside
/// <see cref="JourneyCounter"/>. A pair is one 64-bit key in a <see cref="SparseSlotTally"/>, so only
/// observed (pair, slot) cells take memory.
/// </summary>
internal sealed class HistoryTally
{
    // Key layout: history length (3 bits) | up to 4 channel ids + 1, 12 bits each, newest lowest | next (13 bits: 0 conversion, 1 null, channel id + 2).
    public const int MaxChannelId = 4094;
    private const int IdBits = 12;
    private const int NextBits = 13;
    private const int LengthShift = 61;

    private readonly SparseSlotTally _cells;
    private readonly ulong _historyMask;

    // Each pair's counts by customer segment (MODEL.md section 8), by the pair's id in _cells: a row as long
    // as the highest segment that saw the pair, so one key lookup serves the pair's slot and its segment.
    private long[]?[] _bySegment = [];
    private long[] _segmentJourneys = [];

    public HistoryTally(int longestHistory, int slots)
    {
        LongestHistory = longestHistory;
        _cells = new SparseSlotTally(slots);
        _historyMask = (1UL << (IdBits * longestHistory)) - 1;
    }

    public int LongestHistory { get; }

    public int Slots => _cells.Slots;

    /// <summary>One journey's pairs in <paramref name="slot"/>, and in its customer segment's counts unless <paramref name="customerSegment"/> is -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<Touch> journey, bool converted, int slot, int customerSegment = -1)
    {
        ulong history = 0;
        ulong length = 0;
        foreach (ref readonly var touch in journey)
        {
            var id = touch.ChannelId;
            if (id > MaxChannelId)
            {
                // Unreachable from a run: its ChannelRegistry, made with the run's order, refuses the channel as bad input first.
                throw new InvalidOperationException(
                    $"channel id {id:N0} is above the {MaxChannelId + 1:N0} channels orders above 1 count: make the counter's ChannelRegistry with the order, which refuses the channel as bad input");
            }

            Count((long)((length << LengthShift) | (history << NextBits) | (uint)(id + 2)), slot, customerSegment);
            history = ((history << IdBits) | (uint)(id + 1)) & _historyMask;
            length = Math.Min(length + 1, (ulong)LongestHistory);
        }

        Count((long)((length << LengthShift) | (history << NextBits) | (converted ? 0UL : 1UL)), slot, customerSegment);
        if (customerSegment >= 0)
        {
            if (customerSegment >= _segmentJourneys.Length)
            {
                Array.Resize(ref _segmentJourneys, customerSegment + 1);
            }

            _segmentJourneys[customerSegment]++;
        }
    }

    /// <summary>Whether a journey of the segment was added.</summary>
    public bool Saw(int customerSegment) => customerSegment < _segmentJourneys.Length && _segmentJourneys[customerSegment] > 0;

    /// <summary>Every pair with its counts by slot.</summary>
    public HistoryCounts ToCounts(ChannelRegistry channels)
    {
        var transitions = new List<HistoryTransition>();
        foreach (var (key, slots, counts) in _cells.Entries())
        {
            transitions.Add(Transition(key, channels, slots, counts));
        }

        return HistoryCounts.Ordered(LongestHistory, Slots, transitions);
    }

    /// <summary>The pairs of one customer segment's journeys, in one slot: what a tally of its journeys alone would count.</summary>
    public HistoryCounts ToSegmentCounts(int customerSegment, ChannelRegistry channels)
    {
        var transitions = new List<HistoryTransition>();
        for (var id = 0; id < Math.Min(_cells.KeyCount, _bySegment.Length); id++)
        {
            if (_bySegment[id] is { } row && customerSegment < row.Length && row[customerSegment] > 0)
            {
                transitions.Add(Transition(_cells.KeyAt(id), channels, [0], [row[customerSegment]]));
            }
        }

        return HistoryCounts.Ordered(LongestHistory, 1, transitions);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(long key, int slot, int customerSegment)
    {
        var id = _cells.IdOf(key);
        _cells.CountAt(id, slot);
        if (customerSegment < 0)
        {
            return;
        }

        if (id >= _bySegment.Length)
        {
            Array.Resize(ref _bySegment, Math.Max(64, Math.Max(id + 1, _bySegment.Length * 2)));
        }

        ref var row = ref _bySegment[id];
        if (row is null || row.Length <= customerSegment)
        {
            Array.Resize(ref row, customerSegment + 1);
        }

        row[customerSegment]++;
    }

    private static HistoryTransition Transition(long signedKey, ChannelRegistry channels, int[] slots, long[] counts)
    {
        var key = (ulong)signedKey;
        var length = (int)(key >> LengthShift);
        var history = new string[length];
        var ids = (key >> NextBits) & ((1UL << (IdBits * 4)) - 1);
        for (var i = length - 1; i >= 0; i--)
        {
            history[i] = channels[(int)(ids & ((1UL << IdBits) - 1)) - 1];
            ids >>= IdBits;
        }

        var next = (int)(key & ((1UL << NextBits) - 1));
        var nextName = next switch
        {
            0 => States.Conversion,
            1 => States.Null,
            _ => channels[next - 2],
        };
        return new HistoryTransition(history, nextName, slots, counts);
    }
}
