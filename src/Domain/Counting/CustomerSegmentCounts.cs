namespace MarkovFunctions.Domain.Counting;

/// <summary>The journey counts of one customer segment.</summary>
public sealed record CustomerSegmentCounts(string CustomerSegment, JourneyCounts Counts);
