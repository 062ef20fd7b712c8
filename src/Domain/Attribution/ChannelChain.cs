using System.Globalization;
using System.Text;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The chain of one order over its observed states (docs/MODEL.md section 12), with the channels each
/// state's tuple holds, so a removal or a coalition of channels becomes a set of kept states.
/// </summary>
public sealed class ChannelChain
{
    private readonly int[][] _stateChannels;

    private ChannelChain(int order, IReadOnlyList<string> channels, AbsorbingChain chain, int[][] stateChannels)
    {
        Order = order;
        Channels = channels;
        Chain = chain;
        _stateChannels = stateChannels;
    }

    public int Order { get; }

    /// <summary>The channels, in the order of the counts (ordinal).</summary>
    public IReadOnlyList<string> Channels { get; }

    public AbsorbingChain Chain { get; }

    /// <summary>The observed states, (start) excluded.</summary>
    public int States => Chain.StateCount - 1;

    /// <summary>Section 2's chain from the order-1 counts: (start), then one state per channel.</summary>
    public static ChannelChain FromOrderOne(JourneyCounts counts)
    {
        var stateChannels = Enumerable.Range(0, counts.Channels.Count + 1).Select(i => i == 0 ? Array.Empty<int>() : [i - 1]).ToArray();
        return new ChannelChain(1, counts.Channels, AbsorbingChain.FromCounts(counts), stateChannels);
    }

    /// <summary>
    /// The order-<paramref name="order"/> chain of the (history, next) counts: a state is the last
    /// <paramref name="order"/> touches of a history. <paramref name="slotWeights"/> weighs the count slots
    /// (a bootstrap replicate, or the training folds); null adds them all.
    /// </summary>
    public static ChannelChain FromHistories(HistoryCounts histories, int order, IReadOnlyList<string> channels, IReadOnlyList<int>? slotWeights = null)
    {
        if (order < 1 || order > histories.LongestHistory)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"the counts keep histories of at most {histories.LongestHistory} touches");
        }

        var channelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < channels.Count; c++)
        {
            channelIndex[channels[c]] = c;
        }

        var stateIndex = new Dictionary<string, int>(StringComparer.Ordinal) { [string.Empty] = 0 };
        var stateTuples = new List<int[]> { Array.Empty<int>() };
        int StateOf(IEnumerable<int> tuple)
        {
            var ids = tuple.ToArray();
            var key = TupleKey(ids);
            if (!stateIndex.TryGetValue(key, out var state))
            {
                state = stateTuples.Count;
                stateIndex[key] = state;
                stateTuples.Add(ids);
            }

            return state;
        }

        var transitions = new List<StateTransition>(histories.Transitions.Count);
        foreach (var t in histories.Transitions)
        {
            var count = t.Weighted(slotWeights);
            if (count == 0)
            {
                continue;
            }

            var history = t.History.Select(name => channelIndex[name]).ToArray();
            var from = StateOf(history.TakeLast(order));
            var to = t.Next switch
            {
                Inputs.States.Conversion => StateTransition.Conversion,
                Inputs.States.Null => StateTransition.Null,
                _ => StateOf(history.Append(channelIndex[t.Next]).TakeLast(order)),
            };
            transitions.Add(new StateTransition(from, to, count));
        }

        var names = stateTuples.Select(tuple => tuple.Length == 0 ? Inputs.States.Start : string.Join(" > ", tuple.Select(c => channels[c]))).ToArray();
        var stateChannels = stateTuples.Select(tuple => tuple.Distinct().ToArray()).ToArray();
        var chain = AbsorbingChain.FromTransitions(names, transitions);
        return new ChannelChain(order, channels, chain, stateChannels);
    }

    /// <summary>The conversion probability with only the channels marked in <paramref name="channelKept"/>: a state is kept when every channel of its tuple is.</summary>
    public double ConversionProbability(ReadOnlySpan<bool> channelKept)
    {
        var kept = new bool[_stateChannels.Length];
        for (var s = 0; s < kept.Length; s++)
        {
            var keep = true;
            foreach (var c in _stateChannels[s])
            {
                keep &= channelKept[c];
            }

            kept[s] = keep;
        }

        return KeptStates.ConversionProbability(Chain, kept);
    }

    /// <summary>The chain's conversion probability with channel <paramref name="removed"/> removed (null: the baseline).</summary>
    public double ConversionProbabilityWithout(int? removed)
    {
        var kept = new bool[Channels.Count];
        Array.Fill(kept, true);
        if (removed is { } c)
        {
            kept[c] = false;
        }

        return ConversionProbability(kept);
    }

    private static string TupleKey(int[] ids)
    {
        var key = new StringBuilder();
        foreach (var id in ids)
        {
            key.Append(id.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        return key.ToString();
    }
}
