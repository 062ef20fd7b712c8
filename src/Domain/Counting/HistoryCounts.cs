namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// The (history, next) counts of docs/MODEL.md section 12, with histories up to <see cref="LongestHistory"/>
/// touches, split over <see cref="Slots"/> count slots: the bootstrap's customer groups, the order
/// choice's folds (a fold is a slot mod 5), or one. Only observed pairs are stored. Additive over customers.
/// </summary>
public sealed record HistoryCounts(int LongestHistory, int Slots, IReadOnlyList<HistoryTransition> Transitions)
{
    /// <summary>The counts of disjoint customer sets, added slot by slot; null when any part has none.</summary>
    public static HistoryCounts? Sum(IReadOnlyList<HistoryCounts?> parts)
    {
        if (parts.Count == 0 || parts.Any(p => p is null))
        {
            return null;
        }

        var first = parts[0]!;
        if (parts.Any(p => p!.Slots != first.Slots || p.LongestHistory != first.LongestHistory))
        {
            throw new ArgumentException("parts were counted with different history lengths or slots", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return first;
        }

        var sums = new Dictionary<string, (HistoryTransition First, List<(int[] Slots, long[] Counts)> Parts)>(StringComparer.Ordinal);
        foreach (var t in parts.SelectMany(p => p!.Transitions))
        {
            var key = Key(t.History, t.Next);
            if (!sums.TryGetValue(key, out var sum))
            {
                sums[key] = sum = (t, []);
            }

            sum.Parts.Add((t.Slots, t.Counts));
        }

        return new HistoryCounts(
            first.LongestHistory,
            first.Slots,
            sums.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            {
                var (slots, counts) = SlotCounts.Sum(kv.Value.Parts);
                return kv.Value.First with { Slots = slots, Counts = counts };
            }).ToArray());
    }

    /// <summary>The pairs in their one order (by <see cref="Key"/>), so the same data always gives the same list.</summary>
    internal static HistoryCounts Ordered(int longestHistory, int slots, IEnumerable<HistoryTransition> transitions) =>
        new(longestHistory, slots, transitions.OrderBy(t => Key(t.History, t.Next), StringComparer.Ordinal).ToArray());

    /// <summary>An ordinal sort key that no two different pairs share: each name is prefixed by its length.</summary>
    internal static string Key(IReadOnlyList<string> history, string next)
    {
        var key = new System.Text.StringBuilder();
        foreach (var name in history.Append(next))
        {
            key.Append(name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(name);
        }

        return key.ToString();
    }
}
