using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Counting;

/// <summary>Interns normalised channel names, refusing more than the run's order counts (<see cref="MarkovOrder.MaxChannels"/>).</summary>
/// <param name="order">The run's order: above 1 (or auto), at most 4,095 channels; default order 1.</param>
public sealed class ChannelRegistry(MarkovOrder order = default) : NameRegistry
{
    /// <summary>The id of a normalised channel; refuses more distinct channels than <see cref="MarkovOrder.MaxChannels"/>, naming the column, the number and the limit.</summary>
    public int IdOf(string normalizedName)
    {
        var id = GetOrAdd(normalizedName);
        return id < order.MaxChannels ? id : throw TooMany(id + 1, order, normalizedName);
    }

    /// <summary>
    /// The same refusal for counts summed from several registries (the app's extract partitions, each of which
    /// refused only its own channels): <paramref name="channels"/> over <see cref="MarkovOrder.MaxChannels"/>.
    /// </summary>
    public static void RequireWithinLimit(IReadOnlyList<string> channels, MarkovOrder order)
    {
        if (channels.Count > order.MaxChannels)
        {
            throw TooMany(channels.Count, order, channels[order.MaxChannels]);
        }
    }

    private static InputValidationException TooMany(int found, MarkovOrder order, string example)
    {
        var limit = order.MaxChannels;
        var problem = limit == ChannelName.MaxDistinct
            ? $"more than {ChannelName.MaxDistinct:N0} distinct channels: the largest number of channels (or campaigns) one run attributes"
            : string.Create(CultureInfo.InvariantCulture, $"{found:N0} distinct channels at order {order}, above the {limit:N0} that orders above 1 count (run at order 1, or merge channels)");
        return new InputValidationException(Tables.Journeys, Tables.JourneyColumns.Channel, problem, example);
    }
}
