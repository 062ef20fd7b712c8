using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

// The rows of each Parquet artifact. Columns are snake_case for BI tools; every row carries run_id
// and run_timestamp (a UTC logical timestamp) so the history tables can be read as one.

public sealed class SweepRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("alpha")] public required double Alpha { get; init; }

    [JsonPropertyName("budget")] public required double Budget { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("predicted_conversions")] public required double? PredictedConversions { get; init; }

    // Last, so every earlier column keeps its position: weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
