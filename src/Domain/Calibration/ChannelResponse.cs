namespace MarkovFunctions.Domain.Calibration;

/// <summary>A channel's bounds, current spend and conversions per unit of spend (the LP's objective coefficient).</summary>
public sealed record ChannelResponse(string Channel, double Coefficient, double CurrentSpend, double MinSpend, double MaxSpend, double OptWeight, double Actual);
