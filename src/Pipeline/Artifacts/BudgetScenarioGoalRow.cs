using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// A budget row under a goal other than conversions (docs/MODEL.md sections 5.1 and 5.2): the budget's columns,
/// then the goal, what the plan reaches, the top moves, and why this channel got its money. Written only
/// under such a goal, so a default run's file is unchanged; null where the budget has no plan.
/// </summary>
public sealed record BudgetScenarioGoalRow : BudgetScenarioRow
{
    [SetsRequiredMembers]
    public BudgetScenarioGoalRow(BudgetScenarioRow row, string goal)
        : base(row)
    {
        Goal = goal;
    }

    // JsonPropertyOrder puts these after the inherited columns (Parquet.Net lists a derived type's own properties first).
    [JsonPropertyName("goal"), JsonPropertyOrder(1)] public string Goal { get; init; }

    [JsonPropertyName("target"), JsonPropertyOrder(1)] public double? Target { get; init; }

    [JsonPropertyName("total_spend"), JsonPropertyOrder(1)] public double? TotalSpend { get; init; }

    [JsonPropertyName("predicted_value"), JsonPropertyOrder(1)] public double? PredictedValue { get; init; }

    [JsonPropertyName("cpa"), JsonPropertyOrder(1)] public double? Cpa { get; init; }

    [JsonPropertyName("roas"), JsonPropertyOrder(1)] public double? Roas { get; init; }

    [JsonPropertyName("objective"), JsonPropertyOrder(1)] public double? Objective { get; init; }

    [JsonPropertyName("top_moves"), JsonPropertyOrder(1)] public string? TopMoves { get; init; }

    [JsonPropertyName("top_move_gain"), JsonPropertyOrder(1)] public double? TopMoveGain { get; init; }

    [JsonPropertyName("value_per_conversion"), JsonPropertyOrder(1)] public double? ValuePerConversion { get; init; }

    [JsonPropertyName("reason"), JsonPropertyOrder(1)] public string? Reason { get; init; }

    [JsonPropertyName("reason_text"), JsonPropertyOrder(1)] public string? ReasonText { get; init; }

    [JsonPropertyName("reason_rule"), JsonPropertyOrder(1)] public string? ReasonRule { get; init; }

    [JsonPropertyName("reason_rule_cost"), JsonPropertyOrder(1)] public double? ReasonRuleCost { get; init; }
}
