using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>One LP's outcome and, for an infeasible one, why.</summary>
public sealed record ManifestSolve(double Budget, SolveStatus Status, IReadOnlyList<string> Log, double? ApproximationError);
