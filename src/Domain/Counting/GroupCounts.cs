namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// The transition counts split over <see cref="Groups"/> customer-hash groups, for the bootstrap of
/// docs/MODEL.md section 9: a group is a fixed set of whole journeys, so resampling groups resamples
/// customers, never rows. The groups add up to <see cref="JourneyCounts.Transitions"/>.
/// </summary>
public sealed record GroupCounts(int Groups, IReadOnlyList<GroupTransition> Transitions)
{
    /// <summary>The group of a customer, from a stable 64-bit hash of its id (a SplitMix64 finaliser, so it is independent of the spill partition taken from the same hash).</summary>
    public static int GroupOf(ulong customerHash, int groups)
    {
        var z = customerHash + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) % (ulong)groups);
    }

    /// <summary>The groups of disjoint customer sets, added group by group; null when any part has none.</summary>
    public static GroupCounts? Sum(IReadOnlyList<GroupCounts?> parts)
    {
        if (parts.Count == 0 || parts.Any(p => p is null))
        {
            return null;
        }

        var groups = parts[0]!.Groups;
        if (parts.Any(p => p!.Groups != groups))
        {
            throw new ArgumentException("parts were counted with different numbers of groups", nameof(parts));
        }

        var sums = new Dictionary<(string From, string To), long[]>();
        foreach (var t in parts.SelectMany(p => p!.Transitions))
        {
            if (!sums.TryGetValue((t.From, t.To), out var sum))
            {
                sums[(t.From, t.To)] = sum = new long[groups];
            }

            for (var g = 0; g < groups; g++)
            {
                sum[g] += t.Counts[g];
            }
        }

        return new GroupCounts(
            groups,
            sums.OrderBy(kv => kv.Key.From, StateOrder.Comparer).ThenBy(kv => kv.Key.To, StateOrder.Comparer)
                .Select(kv => new GroupTransition(kv.Key.From, kv.Key.To, kv.Value)).ToArray());
    }
}
