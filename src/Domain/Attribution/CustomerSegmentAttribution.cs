namespace MarkovFunctions.Domain.Attribution;

/// <summary>The attribution of one customer segment's journeys alone (MODEL.md section 8).</summary>
public sealed record CustomerSegmentAttribution(string CustomerSegment, long Rows, AttributionResult Attribution);
