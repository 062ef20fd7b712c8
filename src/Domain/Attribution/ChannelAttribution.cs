namespace MarkovFunctions.Domain.Attribution;

/// <summary>One channel's Markov credit and its heuristic credits.</summary>
public sealed record ChannelAttribution(
    string Channel,
    double RemovalEffect,
    double RemovalWeight,
    double AttributedConversions,
    double AttributedValue,
    double FirstTouch,
    double LastTouch,
    double Linear,
    double PositionBased,
    double TimeDecay);
