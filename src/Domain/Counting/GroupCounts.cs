namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// The transition counts split over <see cref="Groups"/> customer-hash groups, for the bootstrap of
/// docs/MODEL.md section 9: a group is a fixed set of whole journeys, so resampling groups resamples
/// customers, never rows. The groups add up to <see cref="JourneyCounts.Transitions"/>. Each
/// transition lists only the groups that saw it.
/// </summary>
public sealed record GroupCounts(int Groups, IReadOnlyList<GroupTransition> Transitions)
{
    /// <summary>Transitions in the order of the transition matrix: by from-state, then to-state.</summary>
    public static readonly IComparer<GroupTransition> TransitionOrder = Comparer<GroupTransition>.Create((a, b) =>
    {
        var byFrom = StateOrder.Comparer.Compare(a!.From, b!.From);
        return byFrom != 0 ? byFrom : StateOrder.Comparer.Compare(a.To, b.To);
    });

    /// <summary>The group of a customer, from a stable 64-bit hash of its id (a SplitMix64 finaliser, so it is independent of the spill partition taken from the same hash).</summary>
    public static int GroupOf(ulong customerHash, int groups)
    {
        var z = customerHash + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) % (ulong)groups);
    }

    /// <summary>
    /// The order-1 transitions by group of (history, next) counts kept by the same groups: a transition
    /// <c>c → x</c> is every pair whose history ends in <c>c</c> followed by <c>x</c> (from (start): the
    /// empty history), added group by group. Exactly what counting the transitions by group gives.
    /// </summary>
    public static GroupCounts FromHistories(HistoryCounts histories)
    {
        var sums = new Dictionary<(string From, string To), List<(int[] Groups, long[] Counts)>>();
        foreach (var t in histories.Transitions)
        {
            var from = t.History.Count == 0 ? Inputs.States.Start : t.History[^1];
            if (!sums.TryGetValue((from, t.Next), out var sum))
            {
                sums[(from, t.Next)] = sum = [];
            }

            sum.Add((t.Slots, t.Counts));
        }

        return FromSums(histories.Slots, sums);
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

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var sums = new Dictionary<(string From, string To), List<(int[] Groups, long[] Counts)>>();
        foreach (var t in parts.SelectMany(p => p!.Transitions))
        {
            if (!sums.TryGetValue((t.From, t.To), out var sum))
            {
                sums[(t.From, t.To)] = sum = [];
            }

            sum.Add((t.Groups, t.Counts));
        }

        return FromSums(groups, sums);
    }

    private static GroupCounts FromSums(int groups, Dictionary<(string From, string To), List<(int[] Groups, long[] Counts)>> sums)
    {
        var transitions = sums.Select(kv =>
        {
            var (g, c) = SlotCounts.Sum(kv.Value);
            return new GroupTransition(kv.Key.From, kv.Key.To, g, c);
        }).ToArray();
        Array.Sort(transitions, TransitionOrder);
        return new GroupCounts(groups, transitions);
    }
}
