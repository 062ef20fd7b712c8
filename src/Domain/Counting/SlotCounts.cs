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

        var slots = new int[parts.Sum(p => p.Slots.Length)];
        var counts = new long[slots.Length];
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
}
