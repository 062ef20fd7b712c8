using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Interns the (channel, campaign) pairs of docs/MODEL.md section 10 as the campaign chain's states: the
/// ids are those of <see cref="Keys"/>, whose names are <see cref="Campaign.Key"/>s.
/// </summary>
public sealed class CampaignRegistry
{
    /// <summary>The campaign chain's states by id, named by <see cref="Campaign.Key"/>; what the campaign counter counts with.</summary>
    public ChannelRegistry Keys { get; } = new();

    public int Count => Keys.Count;

    /// <summary>The id of a normalised campaign under its channel; refuses more than <see cref="Campaign.MaxDistinct"/> pairs, naming the column.</summary>
    public int IdOf(string channel, string normalizedCampaign)
    {
        var id = Keys.GetOrAdd(Campaign.Key(channel, normalizedCampaign));
        return id < Campaign.MaxDistinct ? id : throw TooMany(channel, normalizedCampaign);
    }

    /// <summary>
    /// The same refusal for campaign chain states summed from several registries (the app's extract partitions, each of
    /// which refused only its own pairs): more than <see cref="Campaign.MaxDistinct"/> <see cref="Campaign.Key"/>s.
    /// </summary>
    public static void RequireWithinLimit(IReadOnlyList<string> keys)
    {
        if (keys.Count > Campaign.MaxDistinct)
        {
            var (channel, campaign) = Campaign.Split(keys[Campaign.MaxDistinct]);
            throw TooMany(channel, campaign);
        }
    }

    private static InputValidationException TooMany(string channel, string campaign) => new(
        Tables.Journeys,
        Tables.JourneyColumns.Campaign,
        string.Create(CultureInfo.InvariantCulture, $"more than {Campaign.MaxDistinct:N0} distinct (channel, campaign) pairs: the largest number of campaigns one run attributes"),
        $"channel {FieldParser.Shown(channel)}, campaign {FieldParser.Shown(campaign)}");
}
