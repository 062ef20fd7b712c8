namespace MarkovFunctions.Domain.Reporting;

/// <summary>One customer segment: its journeys and its channels' Markov and heuristic credit, computed on its journeys alone (calibration is not per segment).</summary>
public sealed record SummaryCustomerSegment(
    string CustomerSegment,
    long Rows,
    long Journeys,
    long ConvertedJourneys,
    double ConvertedValue,
    double BaselineConversion,
    IReadOnlyList<Attribution.ChannelAttribution> Channels)
{
    public static SummaryCustomerSegment From(Attribution.CustomerSegmentAttribution segment) => new(
        segment.CustomerSegment,
        segment.Rows,
        segment.Attribution.Journeys,
        segment.Attribution.ConvertedJourneys,
        segment.Attribution.ConvertedValue,
        segment.Attribution.BaselineConversion,
        segment.Attribution.Channels);
}
