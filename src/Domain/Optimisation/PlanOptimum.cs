namespace MarkovFunctions.Domain.Optimisation;

/// <summary>The optimum at the plan's total: <c>Gap = optimum - plan</c> in conversions, <c>GapPct = optimum / plan - 1</c>.</summary>
public sealed record PlanOptimum(
    SolveStatus Status,
    IReadOnlyList<string> Reasons,
    double? PredictedConversions,
    double? Gap,
    double? GapPct,
    IReadOnlyList<PlanMove> LargestMoves)
{
    /// <summary>Under a goal other than conversions (MODEL.md section 7): what the optimum reaches under it; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public GoalOutcome? Goal { get; init; }

    /// <summary>Under a goal other than conversions: the optimum's measure minus the plan's, in the goal's units (MODEL.md section 5.2's measure).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? GoalGap { get; init; }
}
