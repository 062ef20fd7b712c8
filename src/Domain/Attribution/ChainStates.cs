using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>
/// What a chain's states are, as its refusals name them: the journeys' column they come from and how they
/// are counted. The channel chain's states are channels; the campaign chain's (MODEL.md section 10) are pairs.
/// </summary>
public sealed record ChainStates(string Column, string Plural)
{
    public static ChainStates Channels { get; } = new($"{Tables.Journeys}.{Tables.JourneyColumns.Channel}", "channels (states)");

    public static ChainStates Campaigns { get; } = new($"{Tables.Journeys}.{Tables.JourneyColumns.Campaign}", "(channel, campaign) states of the campaign chain");
}
