using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// One row of <c>response_curves.parquet</c>: a channel's curve fitted from its weekly spend history (MODEL.md section 11),
/// the columns of summary.json's <c>response_curves</c>. The fit's numbers are null for an assumed curve.
/// </summary>
public sealed class ResponseCurveRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    [JsonPropertyName("weeks")] public required int Weeks { get; init; }

    [JsonPropertyName("adstock_decay")] public double? AdstockDecay { get; init; }

    [JsonPropertyName("half_saturation_weekly")] public double? HalfSaturationWeekly { get; init; }

    [JsonPropertyName("kappa")] public required double Kappa { get; init; }

    [JsonPropertyName("kappa_low")] public double? KappaLow { get; init; }

    [JsonPropertyName("kappa_high")] public double? KappaHigh { get; init; }

    [JsonPropertyName("baseline_weekly")] public double? BaselineWeekly { get; init; }

    [JsonPropertyName("level_weekly")] public double? LevelWeekly { get; init; }

    [JsonPropertyName("sse")] public double? Sse { get; init; }

    [JsonPropertyName("r2")] public double? R2 { get; init; }

    [JsonPropertyName("holdout_smape")] public double? HoldoutSmape { get; init; }

    [JsonPropertyName("holdout_smape_linear")] public double? HoldoutSmapeLinear { get; init; }

    [JsonPropertyName("holdout_smape_assumed")] public double? HoldoutSmapeAssumed { get; init; }

    [JsonPropertyName("at_bound")] public required bool AtBound { get; init; }

    // Last, as in every Parquet table: weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
}
