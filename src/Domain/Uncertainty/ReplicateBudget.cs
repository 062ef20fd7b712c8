namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>One budget on one replicate: the point plan's and today's predictions, and the replicate's optimal spends.</summary>
internal sealed record ReplicateBudget(double Predicted, double Current, double[] Optimum);
