namespace MarkovFunctions.Domain.Optimisation;

/// <summary>The optimum at the plan's total: <c>Gap = optimum - plan</c> in conversions, <c>GapPct = optimum / plan - 1</c>.</summary>
public sealed record PlanOptimum(
    SolveStatus Status,
    IReadOnlyList<string> Reasons,
    double? PredictedConversions,
    double? Gap,
    double? GapPct,
    IReadOnlyList<PlanMove> LargestMoves);
