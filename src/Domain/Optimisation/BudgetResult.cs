namespace MarkovFunctions.Domain.Optimisation;

/// <summary>The LP of MODEL.md section 5 for one budget. Numbers that do not exist (infeasible) are null.</summary>
public sealed record BudgetResult(
    double Budget,
    double Alpha,
    SolveStatus Status,
    IReadOnlyList<string> Reasons,
    double? PredictedConversions,
    double PredictedCurrent,
    double? Uplift,
    double? BudgetDual,
    double? BudgetMarginalValue,
    IReadOnlyList<ChannelAllocation> Channels,
    IReadOnlyList<ConstraintReport> Constraints,
    double? ApproximationError = null)
{
    public bool IsOptimal => Status == SolveStatus.Optimal;

    /// <summary>The goal and what the plan reaches under it (MODEL.md section 5.1); null under the default conversions goal.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public GoalOutcome? Goal { get; init; }

    /// <summary>The three moves against today's spend that matter most (MODEL.md section 5.2); absent unless the budget was explained.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BudgetMove>? Moves { get; init; }
}
