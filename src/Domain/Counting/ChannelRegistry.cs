namespace MarkovFunctions.Domain.Counting;

/// <summary>Interns normalised channel names.</summary>
public sealed class ChannelRegistry : NameRegistry
{
    /// <summary>The id of a normalised channel; refuses more than <see cref="Inputs.ChannelName.MaxDistinct"/> distinct channels.</summary>
    public int IdOf(string normalizedName)
    {
        var id = GetOrAdd(normalizedName);
        if (id >= Inputs.ChannelName.MaxDistinct)
        {
            throw new Inputs.InputValidationException(
                Inputs.Tables.Journeys,
                Inputs.Tables.JourneyColumns.Channel,
                $"more than {Inputs.ChannelName.MaxDistinct:N0} distinct channels: the largest number of channels (or campaigns) one run attributes",
                normalizedName);
        }

        return id;
    }
}
