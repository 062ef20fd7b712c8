namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// Interns customer segments (MODEL.md section 8). Id 0 is always <see cref="Inputs.CustomerSegment.None"/>,
/// so a touch that carries no segment belongs to it; ids fit the spill's one byte.
/// </summary>
public sealed class CustomerSegmentRegistry : NameRegistry
{
    public CustomerSegmentRegistry() => GetOrAdd(Inputs.CustomerSegment.None);

    /// <summary>The id of a normalised segment; refuses more than <see cref="Inputs.CustomerSegment.MaxDistinct"/> segments.</summary>
    public int IdOf(string normalizedSegment, string example)
    {
        var id = GetOrAdd(normalizedSegment);
        if (id > Inputs.CustomerSegment.MaxDistinct)
        {
            throw new Inputs.InputValidationException(
                Inputs.Tables.Journeys,
                Inputs.Tables.JourneyColumns.CustomerSegment,
                $"more than {Inputs.CustomerSegment.MaxDistinct} distinct customer segments: the column is meant for a few groups of customers (New, Returning, ...), not for an id",
                example);
        }

        return id;
    }
}
