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
        var limit = order.MaxChannels;
        if (id < limit)
        {
            return id;
        }

        var problem = limit == ChannelName.MaxDistinct
            ? $"more than {ChannelName.MaxDistinct:N0} distinct channels: the largest number of channels (or campaigns) one run attributes"
            : string.Create(CultureInfo.InvariantCulture, $"{id + 1:N0} distinct channels at order {order}, above the {limit:N0} that orders above 1 count (run at order 1, or merge channels)");
        throw new InputValidationException(Tables.Journeys, Tables.JourneyColumns.Channel, problem, normalizedName);
    }
}
