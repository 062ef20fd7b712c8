using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Counts (key, slot) cells where a key is one counted transition and a slot a customer group or fold:
/// one entry per cell the data has, so memory follows the observed cells, not keys × slots. The one
/// sparse tally behind <see cref="GroupTally"/> (order-1 transitions) and <see cref="HistoryTally"/>
/// ((history, next) pairs).
/// </summary>
internal sealed class SparseSlotTally
{
    // Each key once, by first sight. A key's cells are kept sparse (keyed id × Slots + slot) until it has
    // been seen in a quarter of the slots; from then on it is counted in a dense row of Slots counts, and
    // its sparse cells (fewer than a quarter of the slots) stay where they are until Entries adds them
    // to the row. A sparse cell takes about 28 bytes, a row 8 per slot, so the key costs at most about
    // twice what its cells did, and the frequent keys, which take most counts, are counted with one
    // small-dictionary lookup and an array index.
    private readonly Dictionary<long, int> _ids = new(TransitionKey.Comparer);
    private readonly List<long> _keys = [];
    private readonly Dictionary<long, long> _cells = new(TransitionKey.Comparer);
    private readonly int _denseAfter;
    private long[]?[] _rows = new long[]?[64];
    private int[] _cellsOfKey = new int[64];

    public SparseSlotTally(int slots)
    {
        Slots = slots;
        _denseAfter = Math.Max(1, slots / 4);
    }

    public int Slots { get; }

    /// <summary>The number of keys seen so far; a key's id (<see cref="IdOf"/>) is below it.</summary>
    public int KeyCount => _keys.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(long key, int slot) => CountAt(IdOf(key), slot);

    /// <summary>The key's id: its number in first-seen order (a new key is added).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IdOf(long key)
    {
        ref var seenId = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out var seen);
        if (!seen)
        {
            seenId = Add(key);
        }

        return seenId;
    }

    /// <summary>The key of id <paramref name="id"/>.</summary>
    public long KeyAt(int id) => _keys[id];

    /// <summary>One more count of the key with id <paramref name="id"/> (from <see cref="IdOf"/>) in <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountAt(int id, int slot)
    {
        if (_rows[id] is { } row)
        {
            row[slot]++;
            return;
        }

        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, ((long)id * Slots) + slot, out var had);
        cell++;
        if (!had && ++_cellsOfKey[id] >= _denseAfter)
        {
            _rows[id] = new long[Slots];
        }
    }

    /// <summary>Each key in first-seen order, with the slots that saw it (ascending) and their counts.</summary>
    public IEnumerable<(long Key, int[] Slots, long[] Counts)> Entries()
    {
        var perKey = new int[_keys.Count + 1];
        foreach (var (cell, count) in _cells)
        {
            if (_rows[cell / Slots] is { } row)
            {
                // A dense key's cells from before its row join the row (removing while enumerating is allowed).
                row[cell % Slots] += count;
                _cells.Remove(cell);
            }
            else
            {
                perKey[(cell / Slots) + 1]++;
            }
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
            if (_rows[k] is { } row)
            {
                var (rowSlots, rowCounts) = FromRow(row);
                yield return (_keys[k], rowSlots, rowCounts);
                continue;
            }

            var s = slotIds[perKey[k]..perKey[k + 1]];
            var c = counts[perKey[k]..perKey[k + 1]];
            Array.Sort(s, c);
            yield return (_keys[k], s, c);
        }
    }

    private static (int[] Slots, long[] Counts) FromRow(long[] row)
    {
        var seen = 0;
        foreach (var count in row)
        {
            seen += count == 0 ? 0 : 1;
        }

        var slots = new int[seen];
        var counts = new long[seen];
        var at = 0;
        for (var slot = 0; slot < row.Length; slot++)
        {
            if (row[slot] != 0)
            {
                slots[at] = slot;
                counts[at++] = row[slot];
            }
        }

        return (slots, counts);
    }

    private int Add(long key)
    {
        var id = _keys.Count;
        _keys.Add(key);
        if (id == _rows.Length)
        {
            Array.Resize(ref _rows, id * 2);
            Array.Resize(ref _cellsOfKey, id * 2);
        }

        // With so few slots that one cell costs a row, the row comes at once.
        if (_denseAfter == 1)
        {
            _rows[id] = new long[Slots];
        }

        return id;
    }
}
