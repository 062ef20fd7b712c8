using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

// The rows of each Parquet artifact. Columns are snake_case for BI tools; every row carries run_id
// and run_timestamp (a UTC logical timestamp) so the history tables can be read as one.

/// <summary>One channel within one customer segment: that segment's own attribution (MODEL.md section 8).</summary>
public sealed class MarkovAttributionBySegmentRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("customer_segment")] public required string CustomerSegment { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("removal_effect")] public required double RemovalEffect { get; init; }

    [JsonPropertyName("removal_weight")] public required double RemovalWeight { get; init; }

    [JsonPropertyName("attributed_conversions")] public required double AttributedConversions { get; init; }

    [JsonPropertyName("attributed_value")] public required double AttributedValue { get; init; }

    [JsonPropertyName("baseline_conversion")] public required double BaselineConversion { get; init; }

    [JsonPropertyName("segment_journeys")] public required long SegmentJourneys { get; init; }

    [JsonPropertyName("segment_converted_journeys")] public required long SegmentConvertedJourneys { get; init; }

    [JsonPropertyName("first_touch")] public required double FirstTouch { get; init; }

    [JsonPropertyName("last_touch")] public required double LastTouch { get; init; }

    [JsonPropertyName("linear")] public required double Linear { get; init; }

    [JsonPropertyName("position_based")] public required double PositionBased { get; init; }

    [JsonPropertyName("time_decay")] public required double TimeDecay { get; init; }

    [JsonPropertyName("shapley")] public required double Shapley { get; init; }

    // Last, so every earlier column keeps its position: weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
