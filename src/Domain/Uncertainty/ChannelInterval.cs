namespace MarkovFunctions.Domain.Uncertainty;

public sealed record ChannelInterval(string Channel, Interval RemovalWeight, Interval AttributedConversions);
