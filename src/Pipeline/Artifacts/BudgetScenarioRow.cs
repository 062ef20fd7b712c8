using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace MarkovFunctions.Pipeline.Artifacts;

// The rows of each Parquet artifact. Columns are snake_case for BI tools; every row carries run_id
// and run_timestamp (a UTC logical timestamp) so the history tables can be read as one.

/// <summary>
/// One channel of one budget. A record, not sealed, only so <see cref="BudgetScenarioGoalRow"/> can add the goal's
/// columns after these: under the default goal the file keeps exactly these columns, byte for byte.
/// </summary>
public record BudgetScenarioRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("budget")] public required double Budget { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("reasons")] public required string? Reasons { get; init; }

    [JsonPropertyName("alpha")] public required double Alpha { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("current_spend")] public required double CurrentSpend { get; init; }

    [JsonPropertyName("optimal_spend")] public required double? OptimalSpend { get; init; }

    [JsonPropertyName("spend_change_pct")] public required double? SpendChangePct { get; init; }

    [JsonPropertyName("predicted_conversions")] public required double? PredictedConversions { get; init; }

    [JsonPropertyName("marginal_value")] public required double? MarginalValue { get; init; }

    [JsonPropertyName("at_min")] public required bool? AtMin { get; init; }

    [JsonPropertyName("at_max")] public required bool? AtMax { get; init; }

    [JsonPropertyName("total_predicted_conversions")] public required double? TotalPredictedConversions { get; init; }

    [JsonPropertyName("predicted_current")] public required double PredictedCurrent { get; init; }

    [JsonPropertyName("uplift")] public required double? Uplift { get; init; }

    [JsonPropertyName("budget_dual")] public required double? BudgetDual { get; init; }

    [JsonPropertyName("budget_marginal_value")] public required double? BudgetMarginalValue { get; init; }

    // The budget's total_predicted_conversions and uplift under each replicate's model, and the spread of this channel's optimal spend.
    [JsonPropertyName("total_predicted_conversions_low")] public double? TotalPredictedConversionsLow { get; init; }

    [JsonPropertyName("total_predicted_conversions_high")] public double? TotalPredictedConversionsHigh { get; init; }

    [JsonPropertyName("uplift_low")] public double? UpliftLow { get; init; }

    [JsonPropertyName("uplift_high")] public double? UpliftHigh { get; init; }

    [JsonPropertyName("beats_current_share")] public double? BeatsCurrentShare { get; init; }

    [JsonPropertyName("optimal_spend_low")] public double? OptimalSpendLow { get; init; }

    [JsonPropertyName("optimal_spend_high")] public double? OptimalSpendHigh { get; init; }

    // Last, so every earlier column keeps its position (after a goal row's columns too): weekly, adhoc or cli (PipelineInput), as run_manifest.json records it.
    [JsonPropertyName("trigger"), JsonPropertyOrder(2)] public required string Trigger { get; init; }
}
