using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MathNet.Numerics.LinearAlgebra;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>Markov attribution by removal effects, solved exactly on the absorbing chain: order 1 (MODEL.md section 2) or order k (section 12).</summary>
public static partial class MarkovAttribution
{
    /// <summary>Removal effects below this are reported; above it (and below 0) they are rounding noise.</summary>
    public const double NegativeEffectTolerance = 1e-12;

    /// <summary>Section 2 on the channel chain of <paramref name="counts"/>.</summary>
    public static AttributionResult Compute(JourneyCounts counts) => Compute(counts, ChainStates.Channels);

    /// <summary>Section 2 on the chain of <paramref name="counts"/>, whose states are <paramref name="states"/> (the refusals name them).</summary>
    public static AttributionResult Compute(JourneyCounts counts, ChainStates states)
    {
        RequireConversion(counts);
        var chain = AbsorbingChain.FromCounts(counts);
        var rowError = chain.MaxRowSumError;
        if (rowError > 1e-6)
        {
            throw new ModelException($"a transition row sums to 1 ± {rowError:g3}, beyond the 1e-6 the model allows");
        }

        var (baseline, without) = RemovalEffects.ConversionProbabilities(chain, states);
        if (baseline is < 0 or > 1 + 1e-12 || baseline <= 0)
        {
            throw new ModelException($"baseline conversion probability {baseline} is outside (0, 1]");
        }

        var rawEffects = new double[counts.Channels.Count];
        for (var c = 0; c < rawEffects.Length; c++)
        {
            rawEffects[c] = 1 - (without[c + 1] / baseline);
        }

        return FromEffects(counts, baseline, rawEffects);
    }

    /// <summary>Section 2's floor, weights and credited conversions and value, from the raw removal effects in channel order.</summary>
    private static AttributionResult FromEffects(JourneyCounts counts, double baseline, double[] rawEffects)
    {
        var channelCount = counts.Channels.Count;
        var effects = new double[channelCount];
        var negatives = new List<string>();
        for (var c = 0; c < channelCount; c++)
        {
            effects[c] = Math.Max(0, rawEffects[c]);
            if (rawEffects[c] < -NegativeEffectTolerance)
            {
                negatives.Add($"{counts.Channels[c]}: removal effect {rawEffects[c]:g6} floored at 0");
            }
        }

        var effectSum = effects.Sum();
        if (!(effectSum > 0))
        {
            throw new ModelException("every removal effect is 0: no channel changes the conversion probability");
        }

        var heuristics = counts.Heuristics.ToDictionary(h => h.Channel, StringComparer.Ordinal);
        var channels = new ChannelAttribution[channelCount];
        for (var c = 0; c < channelCount; c++)
        {
            var name = counts.Channels[c];
            var weight = effects[c] / effectSum;
            var h = heuristics.GetValueOrDefault(name) ?? new HeuristicCredit(name, 0, 0, 0, 0, 0);
            channels[c] = new ChannelAttribution(
                name, effects[c], weight,
                weight * counts.ConvertedJourneys, weight * counts.ConvertedValue,
                h.FirstTouch, h.LastTouch, h.Linear, h.PositionBased, h.TimeDecay);
        }

        return new AttributionResult(baseline, counts.Journeys, counts.ConvertedJourneys, counts.ConvertedValue, channels, negatives);
    }

    /// <summary>
    /// As <see cref="Compute"/>, except that a segment with no converted journey is a result, not a
    /// failed run: baseline 0 and every channel's effect and weight 0 (there is nothing to attribute).
    /// </summary>
    public static AttributionResult ComputeForCustomerSegment(JourneyCounts counts) =>
        counts.ConvertedJourneys > 0
            ? Compute(counts)
            : new AttributionResult(0, counts.Journeys, 0, 0, counts.Channels.Select(c => new ChannelAttribution(c, 0, 0, 0, 0, 0, 0, 0, 0, 0)).ToArray(), []);

    /// <summary>
    /// The reference for <see cref="RemovalEffects"/>, one dense factorisation per removal (tests compare the two):
    /// <c>B[(start), (conversion)]</c> of the chain, optionally with every transition into state
    /// <paramref name="removed"/> redirected to (null). Solves <c>(I - Q) h = R[:, conversion]</c>.
    /// </summary>
    public static double ConversionProbability(TransitionMatrix chain, int? removed)
    {
        var transient = chain.States.Count - 2;
        var a = Matrix<double>.Build.Dense(transient, transient);
        var r = Vector<double>.Build.Dense(transient);
        for (var i = 0; i < transient; i++)
        {
            for (var j = 0; j < transient; j++)
            {
                // Redirecting into (null) only removes mass from Q; R[:, conversion] is unchanged.
                var q = j == removed ? 0 : chain.Probabilities[i, j];
                a[i, j] = (i == j ? 1 : 0) - q;
            }

            r[i] = chain.Probabilities[i, chain.ConversionIndex];
        }

        var h = a.LU().Solve(r);
        return h[chain.StartIndex];
    }
}
