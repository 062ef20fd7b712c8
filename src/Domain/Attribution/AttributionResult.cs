using System.Runtime.CompilerServices;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>The result of MODEL.md sections 2 and 3 for one set of journeys.</summary>
public sealed record AttributionResult(
    double BaselineConversion,
    long Journeys,
    long ConvertedJourneys,
    double ConvertedValue,
    IReadOnlyList<ChannelAttribution> Channels,
    IReadOnlyList<string> NegativeRemovalEffects)
{
    // Kept beside the record, not in it, so record equality and the payload stay the channel list alone.
    private static readonly ConditionalWeakTable<IReadOnlyList<ChannelAttribution>, Dictionary<string, double>> WeightsByChannel = [];

    /// <summary>The order of the chain (MODEL.md section 12).</summary>
    public int Order { get; init; } = 1;

    /// <summary>How the Shapley credits were computed (<c>exact</c> or <c>sampled</c>); null before they are.</summary>
    public string? ShapleyMethod { get; init; }

    /// <summary>The permutations sampled; 0 when exact.</summary>
    public int ShapleyPermutations { get; init; }

    /// <summary>Why the Shapley credit was skipped (method <c>skipped</c>, every credit 0); null when it was computed.</summary>
    /// <remarks>Absent when null, so recommendation_model.json of a run that computed it keeps its bytes.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ShapleySkippedReason { get; init; }

    /// <summary>A channel's removal weight, 0 when it is not in the journeys (a lookup: calibration asks once per channel per alpha).</summary>
    public double RemovalWeightOf(string channel) =>
        WeightsByChannel.GetValue(Channels, list => list.GroupBy(c => c.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RemovalWeight, StringComparer.Ordinal))
            .GetValueOrDefault(channel);
}
