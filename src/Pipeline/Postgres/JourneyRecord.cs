using MarkovFunctions.Domain.Sampling;

namespace MarkovFunctions.Pipeline.Postgres;

/// <summary>A row to load into dw4.customer_journeys as it stands (names are not normalised: that is the reader's job).</summary>
public readonly record struct JourneyRecord(
    string CustomerId, int JourneyStep, string? Channel, DateTime TimestampUtc, bool Converted, decimal? ConversionValue, string? CustomerSegment)
{
    public static JourneyRecord From(SampleJourneyRow row) =>
        new(row.CustomerId, row.JourneyStep, row.Channel, row.TimestampUtc, row.Converted, PostgresLoader.ExactDecimal(row.ConversionValue), row.CustomerSegment);
}
