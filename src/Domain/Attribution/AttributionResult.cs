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
    /// <summary>The order of the chain (MODEL.md section 12).</summary>
    public int Order { get; init; } = 1;

    /// <summary>How the Shapley credits were computed (<c>exact</c> or <c>sampled</c>); null before they are.</summary>
    public string? ShapleyMethod { get; init; }

    /// <summary>The permutations sampled; 0 when exact.</summary>
    public int ShapleyPermutations { get; init; }

    public double RemovalWeightOf(string channel) =>
        Channels.FirstOrDefault(c => c.Channel == channel)?.RemovalWeight ?? 0;
}
