namespace MarkovFunctions.Domain.Counting;

/// <summary>One validated journey row, its channel interned in a <see cref="ChannelRegistry"/>.</summary>
public readonly record struct Touch(int JourneyStep, long TimestampUtcTicks, int ChannelId, bool Converted, double ConversionValue);
