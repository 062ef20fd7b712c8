namespace MarkovFunctions.Domain.Sampling;

/// <summary>One generated row of <c>customer_journeys</c>.</summary>
public readonly record struct SampleJourneyRow(
    string CustomerId, int JourneyStep, string Channel, DateTime TimestampUtc, bool Converted, double ConversionValue, string CustomerSegment);
