namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>A percentile interval at <see cref="IntervalSettings.Level"/>.</summary>
public sealed record Interval(double Low, double High);
