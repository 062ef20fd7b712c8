using System.Runtime.InteropServices;

namespace MarkovFunctions.Domain.Counting;

/// <summary>
/// One validated journey row, its channel interned in a <see cref="ChannelRegistry"/> and its customer
/// segment in a <see cref="CustomerSegmentRegistry"/> (0, the default, is "(none)"); when campaigns are
/// counted, its (channel, campaign) pair in a <see cref="CampaignRegistry"/> (unused otherwise).
/// </summary>
/// <remarks>Auto layout packs the segment and the campaign into the padding, so a touch stays 32 bytes in the counting buffers.</remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct Touch(int JourneyStep, long TimestampUtcTicks, int ChannelId, bool Converted, double ConversionValue, int CustomerSegmentId = 0, ushort CampaignId = 0);
