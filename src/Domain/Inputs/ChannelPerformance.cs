namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// One row of <c>dw4.channel_performance</c>, its channel name normalised. The model never uses
/// <see cref="CostPerConversion"/>; it is null where the source has none (a channel with no conversions).
/// </summary>
public sealed record ChannelPerformance(
    string Channel,
    double CurrentMonthlySpend,
    double ConversionsAttributed,
    double? CostPerConversion,
    double MinMonthlySpend,
    double MaxMonthlySpend,
    double ConversionRatePer1000);
