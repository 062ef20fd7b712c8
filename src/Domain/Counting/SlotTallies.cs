using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// What a <see cref="JourneyCounter"/> counts by count slot: the transitions by bootstrap group
/// (docs/MODEL.md section 9) and, above order 1, the (history, next) pairs by group or fold (section 12),
/// for all journeys and for each customer segment. They are integer counts, which add up the same in any
/// order, so one set may serve every partition one thread counts: the partitions' counts then carry
/// none of them, and <see cref="Attach"/> adds them once, at the end. A set per partition would be
/// converted and summed once per partition, which at order k with intervals cost more than the counting.
/// </summary>
public sealed class SlotTallies
{
    private readonly GroupTally? _groups;
    private readonly HistoryTally? _histories;
    private readonly List<HistoryTally?> _historiesBySegment = [];

    /// <param name="bootstrapGroups">Customer-hash groups to count apart for the bootstrap intervals; 0 (off) counts none.</param>
    /// <param name="order">Above order 1 (or auto), the (history, next) pairs are counted too.</param>
    public SlotTallies(int bootstrapGroups, MarkovOrder order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapGroups);
        _groups = bootstrapGroups > 0 ? new GroupTally(bootstrapGroups) : null;
        var slots = order.HistorySlots(bootstrapGroups);
        _histories = slots > 0 ? new HistoryTally(order.LongestHistory, slots) : null;
    }

    /// <summary>One journey; <paramref name="customerSegment"/> is its segment's id, or -1 when segments are not counted.</summary>
    internal void Add(ReadOnlySpan<Touch> touches, bool converted, ulong customerHash, int customerSegment)
    {
        _groups?.Add(touches, converted, customerHash);
        if (_histories is null)
        {
            return;
        }

        // The slot is the bootstrap group, or the fold (equal to the group mod 5, MODEL.md section 13).
        var slot = _histories.Slots == 1 ? 0 : GroupCounts.GroupOf(customerHash, _histories.Slots);
        _histories.Add(touches, converted, slot);
        if (customerSegment >= 0)
        {
            SegmentHistories(customerSegment).Add(touches, converted, 0);
        }
    }

    /// <summary>
    /// <paramref name="counts"/> with the sum of <paramref name="sets"/> as its <see cref="JourneyCounts.Groups"/> and
    /// <see cref="JourneyCounts.Histories"/>, and each of its segments' histories: the sets must have counted exactly its journeys.
    /// </summary>
    public static JourneyCounts Attach(JourneyCounts counts, IReadOnlyList<SlotTallies> sets, ChannelRegistry channels, CustomerSegmentRegistry? customerSegments)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sets.Count);
        var attached = counts with
        {
            Groups = GroupCounts.Sum(sets.Select(s => s._groups?.ToGroupCounts(channels)).ToArray()),
            Histories = HistoryCounts.Sum(sets.Select(s => s._histories?.ToCounts(channels)).ToArray()),
        };
        if (attached.Histories is null || customerSegments is null)
        {
            return attached;
        }

        return attached with
        {
            CustomerSegments = counts.CustomerSegments.Select(s =>
            {
                var id = customerSegments.GetOrAdd(s.CustomerSegment);
                var parts = sets.Select(set => set.CountedSegment(id)?.ToCounts(channels)).Where(h => h is not null).ToArray();
                return s with { Counts = s.Counts with { Histories = HistoryCounts.Sum(parts) } };
            }).ToArray(),
        };
    }

    private HistoryTally? CountedSegment(int id) => id < _historiesBySegment.Count ? _historiesBySegment[id] : null;

    private HistoryTally SegmentHistories(int id)
    {
        while (_historiesBySegment.Count <= id)
        {
            _historiesBySegment.Add(null);
        }

        return _historiesBySegment[id] ??= new HistoryTally(_histories!.LongestHistory, 1);
    }
}
