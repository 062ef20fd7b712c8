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
}

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
}

public sealed class AttributionComparisonRow
{
    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    [JsonPropertyName("run_timestamp")]
    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public required DateTime RunTimestamp { get; init; }

    [JsonPropertyName("channel")] public required string Channel { get; init; }

    [JsonPropertyName("markov")] public required double Markov { get; init; }

    [JsonPropertyName("first_touch")] public required double FirstTouch { get; init; }

    [JsonPropertyName("last_touch")] public required double LastTouch { get; init; }

    [JsonPropertyName("linear")] public required double Linear { get; init; }

    [JsonPropertyName("position_based")] public required double PositionBased { get; init; }

    [JsonPropertyName("time_decay")] public required double TimeDecay { get; init; }
}

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
}

public sealed class BudgetScenarioRow
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
}

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
}
