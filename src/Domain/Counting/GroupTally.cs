using System.Runtime.CompilerServices;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Counts each journey's transitions in its customer's group, alongside <see cref="JourneyCounter"/>
/// (which owns one when the bootstrap is on). Sparse (a <see cref="SparseSlotTally"/>): one entry per
/// (transition, group) the data has, so memory follows the observed transitions, not channels² × groups.
/// </summary>
internal sealed class GroupTally(int groups)
{
    private const int ToConversion = -1;
    private const int ToNull = -2;

    // Keyed (from, to): from 0 = start, channel i = i + 1; to channel i = i, or ToConversion/ToNull.
    private readonly SparseSlotTally _cells = new(groups);

    public int Groups => _cells.Slots;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<Touch> journey, bool converted, ulong customerHash)
    {
        var group = GroupCounts.GroupOf(customerHash, Groups);
        var from = 0;
        foreach (ref readonly var touch in journey)
        {
            _cells.Count(TransitionKey.Of(from, touch.ChannelId), group);
            from = touch.ChannelId + 1;
        }

        _cells.Count(TransitionKey.Of(from, converted ? ToConversion : ToNull), group);
    }

    public GroupCounts ToGroupCounts(ChannelRegistry channels)
    {
        var result = new List<GroupTransition>();
        foreach (var (key, groups, counts) in _cells.Entries())
        {
            var from = (int)(key >> 32);
            var to = (int)key;
            var toName = to switch { ToConversion => States.Conversion, ToNull => States.Null, _ => channels[to] };
            result.Add(new GroupTransition(from == 0 ? States.Start : channels[from - 1], toName, groups, counts));
        }

        result.Sort(GroupCounts.TransitionOrder);
        return new GroupCounts(Groups, result);
    }
}
