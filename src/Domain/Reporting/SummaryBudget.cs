using System.Text.Json.Serialization;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain.Reporting;

public sealed record SummaryBudget(
    double Budget,
    SolveStatus Status,
    IReadOnlyList<string> Reasons,
    double? PredictedConversions,
    double PredictedCurrent,
    double? Uplift,
    double? BudgetDual,
    double? BudgetMarginalValue,
    IReadOnlyList<ChannelAllocation> Channels,
    IReadOnlyList<ConstraintReport> Constraints,
    double? ApproximationError)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedConversionsLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedConversionsHigh { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? UpliftLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? UpliftHigh { get; init; }

    /// <summary>The goal (MODEL.md section 5.1) and what the plan reaches under it; every one absent under the default conversions goal.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Goal { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Target { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TotalSpend { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedValue { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Cpa { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Roas { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Objective { get; init; }

    /// <summary>The goal and what the plan reaches, as the LP reported them; null under the default goal.</summary>
    [JsonIgnore]
    public GoalOutcome? GoalOutcome => Goal is null ? null : new(Goal, Target, TotalSpend, PredictedConversions, PredictedValue, Cpa, Roas, Objective);

    /// <summary>The three moves against today's spend that matter most (MODEL.md section 5.2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BudgetMove>? Moves { get; init; }

    /// <summary>The share of replicates in which the recommended plan predicts more than today's mix.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BeatsCurrentShare { get; init; }

    public static SummaryBudget From(BudgetResult b) => From(b, null);

    public static SummaryBudget From(BudgetResult b, BudgetInterval? interval) => new(
        b.Budget,
        b.Status,
        b.Reasons,
        b.PredictedConversions,
        b.PredictedCurrent,
        b.Uplift,
        b.BudgetDual,
        b.BudgetMarginalValue,
        b.Channels.Select(c =>
        {
            var spend = interval?.Channels.FirstOrDefault(s => s.Channel == c.Channel)?.OptimalSpend;
            return c with
            {
                OptimalSpendLow = spend?.Low,
                OptimalSpendHigh = spend?.High,
            };
        }).ToArray(),
        b.Constraints,
        b.ApproximationError)
    {
        PredictedConversionsLow = interval?.PredictedConversions?.Low,
        PredictedConversionsHigh = interval?.PredictedConversions?.High,
        UpliftLow = interval?.Uplift?.Low,
        UpliftHigh = interval?.Uplift?.High,
        BeatsCurrentShare = interval?.BeatsCurrentShare,
        Goal = b.Goal?.Goal,
        Target = b.Goal?.Target,
        TotalSpend = b.Goal?.TotalSpend,
        PredictedValue = b.Goal?.PredictedValue,
        Cpa = b.Goal?.Cpa,
        Roas = b.Goal?.Roas,
        Objective = b.Goal?.Objective,
        Moves = b.Moves,
    };
}
