using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// The run's channel and campaign limits hold for the extract partitions' counts summed: each partition's registry
/// refuses only the names it saw, so two partitions under a limit can be over it together.
/// </summary>
public sealed class AttributeActivityLimitTests
{
    [Fact]
    public void Run_PartitionsTogetherOver4095ChannelsAtOrderTwo_IsRefusedNamingTheColumnTheNumberAndTheLimit()
    {
        var counts = JourneyCounts.Sum([Partition("A", 2_100, MarkovOrder.Of(2)), Partition("B", 2_100, MarkovOrder.Of(2))]);

        var error = Assert.Throws<InputValidationException>(() => AttributeActivity.Run(counts, Request(MarkovOrder.Of(2))));

        Assert.Equal("channel", error.Column);
        Assert.StartsWith("customer_journeys.channel: 4,200 distinct channels at order 2, above the 4,095 that orders above 1 count (run at order 1, or merge channels) (example: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PartitionsTogetherOver5000Channels_IsRefusedAsOneRegistryRefusesThem()
    {
        var counts = JourneyCounts.Sum([Partition("A", 2_600, MarkovOrder.One), Partition("B", 2_600, MarkovOrder.One)]);

        var error = Assert.Throws<InputValidationException>(() => AttributeActivity.Run(counts, Request(MarkovOrder.One)));

        Assert.StartsWith("customer_journeys.channel: more than 5,000 distinct channels: the largest number of channels (or campaigns) one run attributes (example: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PartitionsTogetherOver5000CampaignPairs_IsRefusedNamingTheCampaignColumn()
    {
        var counts = JourneyCounts.Sum([Partition("A", 2_600, MarkovOrder.One, campaigns: true), Partition("B", 2_600, MarkovOrder.One, campaigns: true)]);
        Assert.Equal(2, counts.Channels.Count);
        Assert.Equal(5_200, counts.Campaigns!.Channels.Count);

        var error = Assert.Throws<InputValidationException>(() => AttributeActivity.Run(counts, Request(MarkovOrder.One)));

        Assert.StartsWith("customer_journeys.campaign: more than 5,000 distinct (channel, campaign) pairs: the largest number of campaigns one run attributes (example: channel ", error.Message, StringComparison.Ordinal);
    }

    private static AttributeRequest Request(MarkovOrder order) => new("run", [], [], ConstraintConfiguration.Default, order);

    /// <summary>
    /// One extract partition's counts: <paramref name="names"/> one-touch journeys, each on its own channel named by
    /// <paramref name="prefix"/>, or with <paramref name="campaigns"/> each on its own campaign under one channel.
    /// </summary>
    private static JourneyCounts Partition(string prefix, int names, MarkovOrder order, bool campaigns = false)
    {
        var channels = new ChannelRegistry(order);
        var pairs = campaigns ? new CampaignRegistry() : null;
        var counter = new JourneyCounter(channels, order: order, campaigns: pairs);
        for (var i = 0; i < names; i++)
        {
            var channel = campaigns ? $"{prefix} Channel" : $"{prefix} Channel {i}";
            var campaign = pairs is null ? (ushort)0 : (ushort)pairs.IdOf(channel, $"Campaign {i}");
            Span<Touch> journey = [new Touch(1, i, channels.IdOf(channel), i % 2 == 0, 0, CampaignId: campaign)];
            counter.AddJourney(journey, (ulong)i);
        }

        return counter.ToCounts();
    }
}
