namespace MarkovFunctions.Domain.Uncertainty;

public sealed record SpendInterval(string Channel, Interval OptimalSpend);
