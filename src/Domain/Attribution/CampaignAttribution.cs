using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Attribution;

/// <summary>One campaign's credit on the campaign chain (docs/MODEL.md section 10), with the channel it ran under.</summary>
public sealed record CampaignCredit(
    string Channel,
    string Campaign,
    double RemovalEffect,
    double RemovalWeight,
    double AttributedConversions,
    double AttributedValue,
    double FirstTouch,
    double LastTouch,
    double Linear,
    double PositionBased,
    double TimeDecay);

/// <summary>
/// docs/MODEL.md section 10: sections 2 and 3 on the chain whose states are the (channel, campaign) pairs.
/// A campaign's removal effect is its own state's in that chain, not a share of its channel's.
/// </summary>
/// <param name="Campaigns">By channel, then campaign (ordinal).</param>
public sealed record CampaignAttribution(
    double BaselineConversion,
    long Journeys,
    long ConvertedJourneys,
    IReadOnlyList<CampaignCredit> Campaigns,
    IReadOnlyList<string> NegativeRemovalEffects)
{
    /// <summary>The attribution of the campaign chain counted in <paramref name="campaignCounts"/> (<see cref="JourneyCounts.Campaigns"/>).</summary>
    public static CampaignAttribution Compute(JourneyCounts campaignCounts)
    {
        AttributionResult result;
        try
        {
            result = MarkovAttribution.Compute(campaignCounts, ChainStates.Campaigns);
        }
        catch (ModelException refused) when (refused.Column is null)
        {
            // A refusal that names its column (the band's) already says which chain refused; the others do not.
            throw new ModelException($"customer_journeys.campaign: the campaign chain ({campaignCounts.Channels.Count:N0} (channel, campaign) states) cannot be attributed: {Campaign.Shown(refused.Message)}");
        }

        var campaigns = result.Channels.Select(c =>
        {
            var (channel, campaign) = Campaign.Split(c.Channel);
            return new CampaignCredit(
                channel, campaign, c.RemovalEffect, c.RemovalWeight, c.AttributedConversions, c.AttributedValue,
                c.FirstTouch, c.LastTouch, c.Linear, c.PositionBased, c.TimeDecay);
        }).ToArray();
        var negatives = result.NegativeRemovalEffects.Select(Campaign.Shown).ToArray();
        return new CampaignAttribution(result.BaselineConversion, result.Journeys, result.ConvertedJourneys, campaigns, negatives);
    }

    /// <summary>Each campaign (besides <see cref="Campaign.None"/>) that ran under more than one channel, with those channels (ordinal).</summary>
    public IReadOnlyList<(string Campaign, IReadOnlyList<string> Channels)> UnderSeveralChannels() =>
        Campaigns.Where(c => c.Campaign != Campaign.None)
            .GroupBy(c => c.Campaign, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(c => c.Channel).ToArray()))
            .ToArray();

    /// <summary>Each channel's campaigns by attributed conversions (most first; ties by name), at most <paramref name="perChannel"/> each, channels in ordinal order.</summary>
    public IReadOnlyList<(string Channel, int Campaigns, IReadOnlyList<CampaignCredit> Top)> TopByChannel(int perChannel) =>
        Campaigns.GroupBy(c => c.Channel, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), (IReadOnlyList<CampaignCredit>)g.OrderByDescending(c => c.AttributedConversions).ThenBy(c => c.Campaign, StringComparer.Ordinal).Take(perChannel).ToArray()))
            .ToArray();
}
