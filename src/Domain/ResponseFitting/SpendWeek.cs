namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>One row of <c>dw4.channel_spend_history</c>: a channel's spend and reported conversions in the week starting on a Monday.</summary>
public sealed record SpendWeek(DateOnly WeekStart, string Channel, double Spend, double Conversions);
