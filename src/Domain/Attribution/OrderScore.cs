namespace MarkovFunctions.Domain.Attribution;

/// <summary>One order's held-out loss (docs/MODEL.md section 13): mean negative log-likelihood per journey over the 5 folds, its standard error, and the order's states in the whole data.</summary>
public sealed record OrderScore(int Order, double HoldoutLoss, double StandardError, int States);
