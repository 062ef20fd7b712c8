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

    public HistoryTally(int longestHistory, int slots)
    {
        LongestHistory = longestHistory;
        _cells = new SparseSlotTally(slots);
        _historyMask = (1UL << (IdBits * longestHistory)) - 1;
    }

    public int LongestHistory { get; }

    public int Slots => _cells.Slots;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<Touch> journey, bool converted, int slot)
    {
        ulong history = 0;
        ulong length = 0;
        foreach (ref readonly var touch in journey)
        {
            var id = touch.ChannelId;
            if (id > MaxChannelId)
            {
                throw new ModelException($"orders above 1 count at most {MaxChannelId + 1:N0} channels");
            }

            _cells.Count((long)((length << LengthShift) | (history << NextBits) | (uint)(id + 2)), slot);
            history = ((history << IdBits) | (uint)(id + 1)) & _historyMask;
            length = Math.Min(length + 1, (ulong)LongestHistory);
        }

        _cells.Count((long)((length << LengthShift) | (history << NextBits) | (converted ? 0UL : 1UL)), slot);
    }

    public HistoryCounts ToCounts(ChannelRegistry channels)
    {
        var transitions = new List<HistoryTransition>();
        foreach (var (signedKey, slots, counts) in _cells.Entries())
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
            transitions.Add(new HistoryTransition(history, nextName, slots, counts));
        }

        return HistoryCounts.Ordered(LongestHistory, Slots, transitions);
    }
}
