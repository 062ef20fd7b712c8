using System.Runtime.CompilerServices;

namespace MarkovFunctions.Domain.Counting;

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
