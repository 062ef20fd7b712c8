namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A strategic constraint at the optimum: <c>dual = ∂objective/∂rhs</c>.</summary>
public sealed record ConstraintReport(string Name, string Bound, double Share, double Lhs, double Rhs, bool Binding, double Dual);
