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
    };
}
