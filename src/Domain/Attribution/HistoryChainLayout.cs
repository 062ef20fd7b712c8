using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The order-k states of a set of (history, next) counts (docs/MODEL.md section 12), worked out once:
/// each pair's from-state and to-state as ints, each state's name and channels. A chain of any
/// weighting of the count slots (a bootstrap replicate, the training folds) is then built from the
/// pairs' weighted counts alone, with no name lookups.
/// </summary>
public sealed class HistoryChainLayout
{
    // A state's key: its channel ids + 1, 16 bits each, newest lowest; 0 is (start).
    private const int IdBits = 16;
    private const int MaxChannels = (1 << IdBits) - 2;

    private readonly IReadOnlyList<HistoryTransition> _pairs;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly string[] _stateNames;
    private readonly int[][] _stateChannels;
    private readonly string[] _channels;

    private HistoryChainLayout(int order, IReadOnlyList<HistoryTransition> pairs, int[] from, int[] to, string[] stateNames, int[][] stateChannels, string[] channels)
    {
        Order = order;
        _pairs = pairs;
        _from = from;
        _to = to;
        _stateNames = stateNames;
        _stateChannels = stateChannels;
        _channels = channels;
    }

    public int Order { get; }

    /// <summary>The states of the counts at <paramref name="order"/>, each numbered by first sight in the counts' one order of pairs.</summary>
    public static HistoryChainLayout Of(HistoryCounts histories, int order)
    {
        if (order < 1 || order > histories.LongestHistory)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"the counts keep histories of at most {histories.LongestHistory} touches");
        }

        var channelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var channels = new List<string>();
        int ChannelOf(string name)
        {
            if (!channelIds.TryGetValue(name, out var id))
            {
                if (channels.Count == MaxChannels)
                {
                    throw new ModelException($"an order-k chain holds at most {MaxChannels:N0} channels");
                }

                channelIds[name] = id = channels.Count;
                channels.Add(name);
            }

            return id;
        }

        var states = new Dictionary<ulong, int> { [0] = 0 };
        var stateTuples = new List<int[]> { Array.Empty<int>() };
        int StateOf(ReadOnlySpan<int> tuple)
        {
            ulong key = 0;
            foreach (var id in tuple)
            {
                key = (key << IdBits) | (uint)(id + 1);
            }

            if (!states.TryGetValue(key, out var state))
            {
                states[key] = state = stateTuples.Count;
                stateTuples.Add(tuple.ToArray());
            }

            return state;
        }

        var pairs = histories.Transitions;
        var from = new int[pairs.Count];
        var to = new int[pairs.Count];
        var walk = new int[histories.LongestHistory + 1];
        for (var p = 0; p < pairs.Count; p++)
        {
            var t = pairs[p];
            var length = t.History.Count;
            for (var i = 0; i < length; i++)
            {
                walk[i] = ChannelOf(t.History[i]);
            }

            from[p] = StateOf(walk.AsSpan(Math.Max(0, length - order), Math.Min(length, order)));
            if (t.Next is States.Conversion or States.Null)
            {
                to[p] = t.Next == States.Conversion ? StateTransition.Conversion : StateTransition.Null;
                continue;
            }

            walk[length] = ChannelOf(t.Next);
            to[p] = StateOf(walk.AsSpan(Math.Max(0, length + 1 - order), Math.Min(length + 1, order)));
        }

        var names = stateTuples.Select(tuple => tuple.Length == 0 ? States.Start : string.Join(" > ", tuple.Select(c => channels[c]))).ToArray();
        var stateChannels = stateTuples.Select(tuple => tuple.Distinct().ToArray()).ToArray();
        return new HistoryChainLayout(order, pairs, from, to, names, stateChannels, [.. channels]);
    }

    /// <summary>
    /// The chain of the pairs' counts weighted by <paramref name="slotWeights"/> (null adds every slot), over the
    /// states those counts observe, numbered by first sight; <paramref name="channels"/> numbers the channels of
    /// the chain, and must hold every channel of an observed state.
    /// </summary>
    public ChannelChain Chain(IReadOnlyList<string> channels, IReadOnlyList<int>? slotWeights = null)
    {
        var chainState = new int[_stateNames.Length];
        Array.Fill(chainState, -1);
        var kept = new List<int>();
        int ChainStateOf(int state)
        {
            ref var id = ref chainState[state];
            if (id < 0)
            {
                id = kept.Count;
                kept.Add(state);
            }

            return id;
        }

        ChainStateOf(0);
        var transitions = new List<StateTransition>(_pairs.Count);
        for (var p = 0; p < _pairs.Count; p++)
        {
            var count = _pairs[p].Weighted(slotWeights);
            if (count == 0)
            {
                continue;
            }

            var from = ChainStateOf(_from[p]);
            transitions.Add(new StateTransition(from, _to[p] < 0 ? _to[p] : ChainStateOf(_to[p]), count));
        }

        var channelIndex = new Dictionary<string, int>(channels.Count, StringComparer.Ordinal);
        for (var c = 0; c < channels.Count; c++)
        {
            channelIndex[channels[c]] = c;
        }

        var names = new string[kept.Count];
        var stateChannels = new int[kept.Count][];
        for (var s = 0; s < kept.Count; s++)
        {
            names[s] = _stateNames[kept[s]];
            stateChannels[s] = Array.ConvertAll(_stateChannels[kept[s]], c => channelIndex.TryGetValue(_channels[c], out var index)
                ? index
                : throw new ArgumentException($"state '{names[s]}' holds channel '{_channels[c]}', which is not in the chain's channels", nameof(channels)));
        }

        return new ChannelChain(Order, channels, AbsorbingChain.FromTransitions(names, transitions), stateChannels);
    }
}
