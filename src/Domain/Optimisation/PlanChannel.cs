namespace MarkovFunctions.Domain.Optimisation;

/// <summary>One channel of an evaluated plan.</summary>
public sealed record PlanChannel(string Channel, double Spend, double CurrentSpend, bool FromPlan, double PredictedConversions);
