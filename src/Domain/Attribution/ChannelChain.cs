using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// The chain of one order over its observed states (docs/MODEL.md section 12), with the channels each
/// state's tuple holds, so a removal or a coalition of channels becomes a set of kept states.
/// </summary>
public sealed class ChannelChain
{
    private readonly int[][] _stateChannels;

    internal ChannelChain(int order, IReadOnlyList<string> channels, AbsorbingChain chain, int[][] stateChannels)
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
    public static ChannelChain FromHistories(HistoryCounts histories, int order, IReadOnlyList<string> channels, IReadOnlyList<int>? slotWeights = null) =>
        HistoryChainLayout.Of(histories, order).Chain(channels, slotWeights);

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
}
