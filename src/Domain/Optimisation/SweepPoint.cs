namespace MarkovFunctions.Domain.Optimisation;

/// <summary>Predicted conversions at the optimum for one (alpha, budget) pair; null where infeasible or undefined.</summary>
public sealed record SweepPoint(double Alpha, double Budget, SolveStatus Status, double? PredictedConversions);
