namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Arithmetic on one transition's sparse counts by slot (a customer group or fold): slots ascending,
/// counts alongside, none zero. Shared by <see cref="GroupTransition"/> and <see cref="HistoryTransition"/>.
/// </summary>
public static class SlotCounts
{
    /// <summary>Σ weights[slot] · count over the slots listed; null weights add them all.</summary>
    public static long Weighted(int[] slots, long[] counts, IReadOnlyList<int>? weights)
    {
        long sum = 0;
        if (weights is int[] array)
        {
            // The bootstrap weighs every transition of every replicate: indexing the array itself, not through the interface, is most of its speed.
            for (var k = 0; k < slots.Length; k++)
            {
                sum += array[slots[k]] * counts[k];
            }

            return sum;
        }

        for (var k = 0; k < slots.Length; k++)
        {
            sum += (weights?[slots[k]] ?? 1) * counts[k];
        }

        return sum;
    }

    /// <summary>The counts of disjoint customer sets for one transition, added slot by slot.</summary>
    public static (int[] Slots, long[] Counts) Sum(IReadOnlyList<(int[] Slots, long[] Counts)> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var cells = 0;
        var largest = -1;
        foreach (var (s, _) in parts)
        {
            cells += s.Length;
            foreach (var slot in s)
            {
                largest = Math.Max(largest, slot);
            }
        }

        // Slots are few (the bootstrap's groups): add them up by index, no sort. Many slots sparsely seen: sort.
        if (largest < Math.Max(256, 4 * cells))
        {
            return SumBySlot(parts, largest + 1);
        }

        var slots = new int[cells];
        var counts = new long[cells];
        var at = 0;
        foreach (var (s, c) in parts)
        {
            s.CopyTo(slots, at);
            c.CopyTo(counts, at);
            at += s.Length;
        }

        // Integer sums do not depend on the order equal slots meet in.
        Array.Sort(slots, counts);
        var kept = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (kept > 0 && slots[kept - 1] == slots[i])
            {
                counts[kept - 1] += counts[i];
            }
            else
            {
                slots[kept] = slots[i];
                counts[kept] = counts[i];
                kept++;
            }
        }

        return (slots[..kept], counts[..kept]);
    }

    private static (int[] Slots, long[] Counts) SumBySlot(IReadOnlyList<(int[] Slots, long[] Counts)> parts, int slotCount)
    {
        var sums = System.Buffers.ArrayPool<long>.Shared.Rent(slotCount);
        var seen = System.Buffers.ArrayPool<bool>.Shared.Rent(slotCount);
        try
        {
            Array.Clear(sums, 0, slotCount);
            Array.Clear(seen, 0, slotCount);
            var kept = 0;
            foreach (var (s, c) in parts)
            {
                for (var i = 0; i < s.Length; i++)
                {
                    kept += seen[s[i]] ? 0 : 1;
                    seen[s[i]] = true;
                    sums[s[i]] += c[i];
                }
            }

            var slots = new int[kept];
            var counts = new long[kept];
            var at = 0;
            for (var slot = 0; slot < slotCount; slot++)
            {
                if (seen[slot])
                {
                    slots[at] = slot;
                    counts[at++] = sums[slot];
                }
            }

            return (slots, counts);
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(sums);
            System.Buffers.ArrayPool<bool>.Shared.Return(seen);
        }
    }
}
