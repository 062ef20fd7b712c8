namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>
/// One budget under the replicates: the point recommendation and today's mix evaluated on each
/// replicate's model, and the spread of each replicate's own optimum. Null where the budget is infeasible.
/// </summary>
public sealed record BudgetInterval(double Budget, Interval? PredictedConversions, Interval? Uplift, double? BeatsCurrentShare, IReadOnlyList<SpendInterval> Channels);
