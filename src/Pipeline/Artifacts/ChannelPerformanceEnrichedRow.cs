using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

// The rows of each Parquet artifact. Columns are snake_case for BI tools; every row carries run_id
// and run_timestamp (a UTC logical timestamp) so the history tables can be read as one.

public sealed class ChannelPerformanceEnrichedRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("current_monthly_spend")] public required double CurrentMonthlySpend { get; init; }

    [JsonPropertyName("conversions_attributed")] public required double ConversionsAttributed { get; init; }

    [JsonPropertyName("cost_per_conversion")] public required double? CostPerConversion { get; init; }

    [JsonPropertyName("min_monthly_spend")] public required double MinMonthlySpend { get; init; }

    [JsonPropertyName("max_monthly_spend")] public required double MaxMonthlySpend { get; init; }

    [JsonPropertyName("conversion_rate_per_1000")] public required double ConversionRatePer1000 { get; init; }

    [JsonPropertyName("provided_weight")] public required double ProvidedWeight { get; init; }

    [JsonPropertyName("removal_weight")] public required double RemovalWeight { get; init; }

    [JsonPropertyName("opt_weight")] public required double OptWeight { get; init; }

    [JsonPropertyName("alpha")] public required double Alpha { get; init; }

    [JsonPropertyName("predicted_at_current_spend")] public required double PredictedAtCurrentSpend { get; init; }

    [JsonPropertyName("conversions_per_1000_spend")] public required double ConversionsPer1000Spend { get; init; }

    [JsonPropertyName("removal_weight_low")] public double? RemovalWeightLow { get; init; }

    [JsonPropertyName("removal_weight_high")] public double? RemovalWeightHigh { get; init; }

    [JsonPropertyName("alpha_best_low")] public double? AlphaBestLow { get; init; }

    [JsonPropertyName("alpha_best_high")] public double? AlphaBestHigh { get; init; }

    // Last, so every earlier column keeps its position: weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
