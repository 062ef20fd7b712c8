namespace MarkovFunctions.Domain.Optimisation;

/// <summary>A channel the optimum would move, from the plan's spend to the optimal spend.</summary>
public sealed record PlanMove(string Channel, double PlanSpend, double OptimalSpend, double Change);
