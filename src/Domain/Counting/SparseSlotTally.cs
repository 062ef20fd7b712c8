using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Counts (key, slot) cells where a key is one counted transition and a slot a customer group or fold:
/// one entry per cell the data has, so memory follows the observed cells, not keys × slots. The one
/// sparse tally behind <see cref="GroupTally"/> (order-1 transitions) and <see cref="HistoryTally"/>
/// ((history, next) pairs).
/// </summary>
internal sealed class SparseSlotTally(int slots)
{
    // Each key once, by first sight; a cell is keyed id × Slots + slot.
    private readonly Dictionary<long, int> _ids = new(TransitionKey.Comparer);
    private readonly List<long> _keys = [];
    private readonly Dictionary<long, long> _cells = new(TransitionKey.Comparer);

    public int Slots { get; } = slots;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(long key, int slot)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out var seen);
        if (!seen)
        {
            id = _keys.Count;
            _keys.Add(key);
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_cells, ((long)id * Slots) + slot, out _)++;
    }

    /// <summary>Each key in first-seen order, with the slots that saw it (ascending) and their counts.</summary>
    public IEnumerable<(long Key, int[] Slots, long[] Counts)> Entries()
    {
        var perKey = new int[_keys.Count + 1];
        foreach (var cell in _cells.Keys)
        {
            perKey[(cell / Slots) + 1]++;
        }

        for (var k = 0; k < _keys.Count; k++)
        {
            perKey[k + 1] += perKey[k];
        }

        var slotIds = new int[_cells.Count];
        var counts = new long[_cells.Count];
        var next = (int[])perKey.Clone();
        foreach (var (cell, count) in _cells)
        {
            var at = next[cell / Slots]++;
            slotIds[at] = (int)(cell % Slots);
            counts[at] = count;
        }

        for (var k = 0; k < _keys.Count; k++)
        {
            var s = slotIds[perKey[k]..perKey[k + 1]];
            var c = counts[perKey[k]..perKey[k + 1]];
            Array.Sort(s, c);
            yield return (_keys[k], s, c);
        }
    }
}
