using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Counts each journey's transitions in its customer's group, alongside <see cref="JourneyCounter"/>
/// (which owns one when the bootstrap is on). Sparse: one entry per (transition, group) the data has,
/// so memory follows the observed transitions, not channels² × groups.
/// </summary>
internal sealed class GroupTally(int groups)
{
    private const int ToConversion = -1;
    private const int ToNull = -2;

    // Each observed (from, to) once, by first sight: from 0 = start, channel i = i + 1; to channel i = i, or ToConversion/ToNull.
    private readonly Dictionary<long, int> _transitionIds = new(TransitionKey.Comparer);
    private readonly List<(int From, int To)> _transitions = [];

    // Keyed transition id × Groups + group.
    private readonly Dictionary<long, long> _counts = new(TransitionKey.Comparer);

    public int Groups { get; } = groups;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<Touch> journey, bool converted, ulong customerHash)
    {
        var group = GroupCounts.GroupOf(customerHash, Groups);
        var from = 0;
        foreach (ref readonly var touch in journey)
        {
            Count(from, touch.ChannelId, group);
            from = touch.ChannelId + 1;
        }

        Count(from, converted ? ToConversion : ToNull, group);
    }

    public GroupCounts ToGroupCounts(ChannelRegistry channels)
    {
        var perTransition = new int[_transitions.Count + 1];
        foreach (var key in _counts.Keys)
        {
            perTransition[(key / Groups) + 1]++;
        }

        for (var t = 0; t < _transitions.Count; t++)
        {
            perTransition[t + 1] += perTransition[t];
        }

        var groupIds = new int[_counts.Count];
        var counts = new long[_counts.Count];
        var next = (int[])perTransition.Clone();
        foreach (var (key, count) in _counts)
        {
            var at = next[key / Groups]++;
            groupIds[at] = (int)(key % Groups);
            counts[at] = count;
        }

        var result = new GroupTransition[_transitions.Count];
        for (var t = 0; t < _transitions.Count; t++)
        {
            var (from, to) = _transitions[t];
            var g = groupIds[perTransition[t]..perTransition[t + 1]];
            var c = counts[perTransition[t]..perTransition[t + 1]];
            Array.Sort(g, c);
            var toName = to switch { ToConversion => States.Conversion, ToNull => States.Null, _ => channels[to] };
            result[t] = new GroupTransition(from == 0 ? States.Start : channels[from - 1], toName, g, c);
        }

        Array.Sort(result, GroupCounts.TransitionOrder);
        return new GroupCounts(Groups, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(int from, int to, int group)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_transitionIds, TransitionKey.Of(from, to), out var seen);
        if (!seen)
        {
            id = _transitions.Count;
            _transitions.Add((from, to));
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_counts, ((long)id * Groups) + group, out _)++;
    }
}
