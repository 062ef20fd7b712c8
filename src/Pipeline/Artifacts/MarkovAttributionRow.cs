using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

// The rows of each Parquet artifact. Columns are snake_case for BI tools; every row carries run_id
// and run_timestamp (a UTC logical timestamp) so the history tables can be read as one.

public sealed class MarkovAttributionRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("removal_effect")] public required double RemovalEffect { get; init; }

    [JsonPropertyName("removal_weight")] public required double RemovalWeight { get; init; }

    [JsonPropertyName("attributed_conversions")] public required double AttributedConversions { get; init; }

    [JsonPropertyName("attributed_value")] public required double AttributedValue { get; init; }

    [JsonPropertyName("baseline_conversion")] public required double BaselineConversion { get; init; }

    // The 95 % bootstrap interval (docs/MODEL.md section 9); null in a run without intervals.
    [JsonPropertyName("removal_weight_low")] public double? RemovalWeightLow { get; init; }

    [JsonPropertyName("removal_weight_high")] public double? RemovalWeightHigh { get; init; }

    [JsonPropertyName("attributed_conversions_low")] public double? AttributedConversionsLow { get; init; }

    [JsonPropertyName("attributed_conversions_high")] public double? AttributedConversionsHigh { get; init; }

    // Last, so every earlier column keeps its position: weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
