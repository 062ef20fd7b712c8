using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Attribution;

public static partial class MarkovAttribution
{
    /// <summary>
    /// The attribution at <paramref name="order"/>: order 1 is <see cref="Compute"/>; above,
    /// the chain over the observed tuples of the last k touches, from <see cref="JourneyCounts.Histories"/>.
    /// </summary>
    public static AttributionResult ComputeAtOrder(JourneyCounts counts, int order)
    {
        if (order == 1)
        {
            return Compute(counts);
        }

        RequireConversion(counts);
        var histories = counts.Histories ?? throw new InvalidOperationException($"order {order} needs the (history, next) counts; count with that order");
        return OnChain(counts, ChannelChain.FromHistories(histories, order, counts.Channels));
    }

    /// <summary>
    /// As <see cref="ComputeAtOrder(JourneyCounts, int)"/> at the layout's order, on the (history, next) counts
    /// weighted by <paramref name="slotWeights"/>: a bootstrap replicate's chain from states worked out once for all replicates.
    /// </summary>
    /// <param name="counts">The replicate's order-1 counts (its channels, journeys and conversions).</param>
    public static AttributionResult ComputeAtOrder(JourneyCounts counts, HistoryChainLayout layout, IReadOnlyList<int> slotWeights)
    {
        RequireConversion(counts);
        return OnChain(counts, layout.Chain(counts.Channels, slotWeights));
    }

    private static void RequireConversion(JourneyCounts counts)
    {
        if (counts.ConvertedJourneys == 0)
        {
            throw new ModelException("no converted journey: there is nothing to attribute");
        }
    }

    private static AttributionResult OnChain(JourneyCounts counts, ChannelChain chain)
    {
        var baseline = chain.ConversionProbabilityWithout(null);
        if (!(baseline > 0) || baseline > 1 + 1e-12)
        {
            throw new ModelException($"baseline conversion probability {baseline} is outside (0, 1]");
        }

        var rawEffects = new double[counts.Channels.Count];
        for (var c = 0; c < rawEffects.Length; c++)
        {
            rawEffects[c] = 1 - (chain.ConversionProbabilityWithout(c) / baseline);
        }

        return FromEffects(counts, baseline, rawEffects) with { Order = chain.Order };
    }

    /// <summary>As <see cref="ComputeForCustomerSegment"/>, at <paramref name="order"/>.</summary>
    public static AttributionResult ComputeForCustomerSegmentAtOrder(JourneyCounts counts, int order) =>
        counts.ConvertedJourneys > 0 ? ComputeAtOrder(counts, order) : ComputeForCustomerSegment(counts) with { Order = order };

    /// <summary>
    /// Adds each channel's Shapley credit (MODEL.md section 14) on the chain of the attribution's order:
    /// <c>φ_c / p × converted journeys</c>. A result with no conversion keeps 0 everywhere.
    /// </summary>
    public static AttributionResult WithShapley(AttributionResult attribution, JourneyCounts counts)
    {
        if (counts.ConvertedJourneys == 0 || counts.Channels.Count == 0)
        {
            return attribution;
        }

        var chain = attribution.Order == 1
            ? ChannelChain.FromOrderOne(counts)
            : ChannelChain.FromHistories(counts.Histories!, attribution.Order, counts.Channels);
        var shapley = ShapleyCredit.Compute(chain);
        if (shapley.SkippedReason is not null)
        {
            return attribution with { ShapleyMethod = shapley.Method, ShapleySkippedReason = shapley.SkippedReason };
        }

        var p = shapley.Values.Sum();
        var byChannel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < chain.Channels.Count; c++)
        {
            byChannel[chain.Channels[c]] = c;
        }

        var channels = attribution.Channels.Select(a =>
        {
            var c = byChannel[a.Channel];
            return a with
            {
                Shapley = shapley.Values[c] / p * counts.ConvertedJourneys,
                ShapleyStandardError = shapley.StandardErrors is { } errors ? errors[c] / p * counts.ConvertedJourneys : null,
            };
        }).ToArray();
        return attribution with { Channels = channels, ShapleyMethod = shapley.Method, ShapleyPermutations = shapley.Permutations };
    }
}
