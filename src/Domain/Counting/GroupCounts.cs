using System.Runtime.CompilerServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>One transition's count in each customer group, in group order.</summary>
public sealed record GroupTransition(string From, string To, long[] Counts);

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

/// <summary>
/// Counts each journey's transitions in its customer's group, alongside <see cref="JourneyCounter"/>
/// (which owns one when the bootstrap is on). Dense arrays over channel ids, grown as channels appear.
/// </summary>
internal sealed class GroupTally(int groups)
{
    // Per group: from-state (0 = start, channel i = i + 1) x to-state (channel i = i, then conversion, null).
    private long[] _counts = [];
    private int _capacity;

    public int Groups { get; } = groups;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<Touch> journey, bool converted, ulong customerHash, int channelCount)
    {
        if (channelCount > _capacity)
        {
            Grow(Math.Max(Math.Max(8, channelCount), _capacity * 2));
        }

        var toStates = _capacity + 2;
        var group = (long)GroupCounts.GroupOf(customerHash, Groups) * (_capacity + 1) * toStates;
        var from = 0;
        foreach (ref readonly var touch in journey)
        {
            _counts[group + (from * toStates) + touch.ChannelId]++;
            from = touch.ChannelId + 1;
        }

        _counts[group + (from * toStates) + _capacity + (converted ? 0 : 1)]++;
    }

    public GroupCounts ToGroupCounts(ChannelRegistry channels)
    {
        var toStates = _capacity + 2;
        var block = (_capacity + 1) * toStates;
        var transitions = new List<GroupTransition>();
        for (var from = 0; from <= channels.Count; from++)
        {
            for (var to = 0; to < toStates; to++)
            {
                if (to >= channels.Count && to < _capacity)
                {
                    continue;
                }

                var counts = new long[Groups];
                var any = false;
                for (var g = 0; g < Groups; g++)
                {
                    counts[g] = _counts[(g * block) + (from * toStates) + to];
                    any |= counts[g] != 0;
                }

                if (any)
                {
                    var toName = to < _capacity ? channels[to] : to == _capacity ? States.Conversion : States.Null;
                    transitions.Add(new GroupTransition(from == 0 ? States.Start : channels[from - 1], toName, counts));
                }
            }
        }

        return GroupCounts.Sum([new GroupCounts(Groups, transitions)])!;
    }

    private void Grow(int capacity)
    {
        var oldTo = _capacity + 2;
        var oldBlock = (_capacity + 1) * oldTo;
        var newTo = capacity + 2;
        var newBlock = (capacity + 1) * newTo;
        var counts = new long[(long)Groups * newBlock];
        for (var g = 0; g < Groups && _counts.Length > 0; g++)
        {
            for (var from = 0; from <= _capacity; from++)
            {
                var oldRow = (g * oldBlock) + (from * oldTo);
                var newRow = (g * newBlock) + (from * newTo);
                Array.Copy(_counts, oldRow, counts, newRow, _capacity);
                counts[newRow + capacity] = _counts[oldRow + _capacity];
                counts[newRow + capacity + 1] = _counts[oldRow + _capacity + 1];
            }
        }

        _counts = counts;
        _capacity = capacity;
    }
}
