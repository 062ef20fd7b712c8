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
    public int States => Chain.States.Count - 1;

    /// <summary>Section 2's chain from the order-1 counts: (start), then one state per channel.</summary>
    public static ChannelChain FromOrderOne(JourneyCounts counts)
    {
        var channels = counts.Channels;
        var index = new Dictionary<string, int>(StringComparer.Ordinal) { [Counting.States.Start] = 0 };
        for (var c = 0; c < channels.Count; c++)
        {
            index[channels[c]] = c + 1;
        }

        var n = channels.Count + 1;
        var toConversion = new double[n];
        var toNull = new double[n];
        var transitions = new List<(int, int, double)>();
        foreach (var t in counts.Transitions)
        {
            var from = index[t.From];
            switch (t.To)
            {
                case Counting.States.Conversion: toConversion[from] += t.Count; break;
                case Counting.States.Null: toNull[from] += t.Count; break;
                default: transitions.Add((from, index[t.To], t.Count)); break;
            }
        }

        string[] names = [Counting.States.Start, .. channels];
        var stateChannels = Enumerable.Range(0, n).Select(i => i == 0 ? Array.Empty<int>() : [i - 1]).ToArray();
        return new ChannelChain(1, channels, AbsorbingChain.FromCounts(names, transitions, toConversion, toNull), stateChannels);
    }

    /// <summary>
    /// The order-<paramref name="order"/> chain of the (history, next) counts: a state is the last
    /// <paramref name="order"/> touches of a history. <paramref name="slotWeights"/> weighs the count slots
    /// (a bootstrap replicate, or the training folds); null adds them all.
    /// </summary>
    public static ChannelChain FromHistories(HistoryCounts histories, int order, IReadOnlyList<string> channels, IReadOnlyList<double>? slotWeights = null)
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

        var edges = new Dictionary<(int From, int To), double>();
        var toConversion = new List<double> { 0 };
        var toNull = new List<double> { 0 };
        void Grow()
        {
            while (toConversion.Count < stateTuples.Count)
            {
                toConversion.Add(0);
                toNull.Add(0);
            }
        }

        foreach (var t in histories.Transitions)
        {
            var count = Weigh(t.Counts, slotWeights);
            if (count == 0)
            {
                continue;
            }

            var history = t.History.Select(name => channelIndex[name]).ToArray();
            var from = StateOf(history.Skip(Math.Max(0, history.Length - order)));
            if (t.Next == Counting.States.Conversion || t.Next == Counting.States.Null)
            {
                Grow();
                if (t.Next == Counting.States.Conversion)
                {
                    toConversion[from] += count;
                }
                else
                {
                    toNull[from] += count;
                }

                continue;
            }

            var next = history.Append(channelIndex[t.Next]).ToArray();
            var to = StateOf(next.Skip(Math.Max(0, next.Length - order)));
            edges[(from, to)] = edges.GetValueOrDefault((from, to)) + count;
        }

        Grow();
        var names = stateTuples.Select(tuple => tuple.Length == 0 ? Counting.States.Start : string.Join(" > ", tuple.Select(c => channels[c]))).ToArray();
        var stateChannels = stateTuples.Select(tuple => tuple.Distinct().ToArray()).ToArray();
        var chain = AbsorbingChain.FromCounts(names, edges.Select(e => (e.Key.From, e.Key.To, e.Value)), toConversion, toNull);
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

        return Chain.ConversionProbability(kept);
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

    private static double Weigh(long[] counts, IReadOnlyList<double>? weights)
    {
        var sum = 0d;
        for (var s = 0; s < counts.Length; s++)
        {
            sum += (weights?[s] ?? 1) * counts[s];
        }

        return sum;
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
