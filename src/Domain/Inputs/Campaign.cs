using System.Globalization;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// The optional <c>campaign</c> of a journey row (docs/MODEL.md section 10): normalised as channels are,
/// a null or blank value is <see cref="None"/>. A campaign is keyed by its channel: the chain's campaign
/// state is the pair (channel, campaign), so a campaign seen under two channels is two states.
/// </summary>
public static class Campaign
{
    /// <summary>The campaign of a row whose campaign is null or blank.</summary>
    public const string None = "(none)";

    /// <summary>
    /// The most distinct (channel, campaign) pairs a run attributes: the chain's states, as for channels
    /// (5,000 sparse campaigns with 200 replicates is the size scripts/bench-channels measured).
    /// </summary>
    public const int MaxDistinct = ChannelName.MaxDistinct;

    /// <summary>The longest campaign accepted, in characters (as for channels).</summary>
    public const int MaxLength = FieldParser.MaxChannelLength;

    // White space: a normalised name never holds it, so the key splits back into its two names.
    private const char KeySeparator = '\t';

    /// <summary>Normalised as a channel name (trimmed, inner white space one space, each word title-cased); null or blank is <see cref="None"/>.</summary>
    public static string Normalize(string? raw) => string.IsNullOrWhiteSpace(raw) ? None : ChannelName.Normalize(raw);

    /// <summary>The normalised campaign, or a refusal naming the column and the row: longer than <see cref="MaxLength"/>, or not UTF-8.</summary>
    public static string Require(string? raw, string row)
    {
        var campaign = Normalize(raw);
        if (campaign.Length > MaxLength)
        {
            throw new InputValidationException(
                Tables.Journeys, Tables.JourneyColumns.Campaign, string.Create(CultureInfo.InvariantCulture, $"campaign {FieldParser.Shown(campaign)} is longer than {MaxLength} characters"), row);
        }

        // As for channels: U+FFFD is what a decoder makes of bytes that are not UTF-8.
        if (campaign.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new InputValidationException(
                Tables.Journeys, Tables.JourneyColumns.Campaign, $"campaign {FieldParser.Shown(campaign)} is not valid UTF-8 text (save the file as UTF-8)", row);
        }

        return campaign;
    }

    /// <summary>The state name of a campaign under its channel; keys sort by channel, then campaign (ordinal).</summary>
    public static string Key(string channel, string campaign) => channel + KeySeparator + campaign;

    /// <summary>A text holding <see cref="Key"/>s as people read them: <c>channel / campaign</c>.</summary>
    public static string Shown(string text) => text.Replace(KeySeparator.ToString(), " / ", StringComparison.Ordinal);

    /// <summary>The channel and campaign of a <see cref="Key"/>.</summary>
    public static (string Channel, string Campaign) Split(string key)
    {
        var at = key.IndexOf(KeySeparator, StringComparison.Ordinal);
        return at < 0 ? throw new ArgumentException($"'{key}' is not a campaign key", nameof(key)) : (key[..at], key[(at + 1)..]);
    }
}
