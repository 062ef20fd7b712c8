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
    public double RemovalWeightOf(string channel) =>
        Channels.FirstOrDefault(c => c.Channel == channel)?.RemovalWeight ?? 0;
}
