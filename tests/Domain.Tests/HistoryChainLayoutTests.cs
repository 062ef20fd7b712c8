using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// The bootstrap at order k builds each replicate's chain from states worked out once
/// (<see cref="HistoryChainLayout"/>): it must be the chain of the replicate's own weighted counts, bit for
/// bit, so intervals are what they were when each replicate was counted and interned on its own.
/// </summary>
public sealed class HistoryChainLayoutTests
{
    private const int Groups = 40;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ComputeAtOrder_ReplicateWeightsOnTheLayout_EqualsTheReplicatesOwnCountsExactly(int order)
    {
        var counts = SimpleJourneys.Count(OrderKAttributionTests.Generated(2000, channels: 5, seed: 60 + order), MarkovOrder.Of(order), Groups);
        var layout = HistoryChainLayout.Of(counts.Histories!, order);
        var random = new Random(order);
        for (var replicate = 0; replicate < 5; replicate++)
        {
            var weights = new int[Groups];
            for (var i = 0; i < Groups; i++)
            {
                weights[random.Next(Groups)]++;
            }

            var replicateCounts = BootstrapIntervals.Weighted(counts.Groups!, weights, counts.HalfLifeDays);
            var expected = MarkovAttribution.ComputeAtOrder(replicateCounts with { Histories = BootstrapIntervals.WeightedHistories(counts.Histories!, weights) }, order);
            var actual = MarkovAttribution.ComputeAtOrder(replicateCounts, layout, weights);

            Assert.Equal(order, actual.Order);
            Assert.Equal(expected.BaselineConversion, actual.BaselineConversion);
            Assert.Equal(expected.Channels.Select(c => (c.Channel, c.RemovalEffect, c.RemovalWeight)), actual.Channels.Select(c => (c.Channel, c.RemovalEffect, c.RemovalWeight)));
        }
    }

    [Fact]
    public void Chain_WeightsThatDropAChannel_KeepsOnlyTheStatesTheReplicateSaw()
    {
        // Channel E only in the journeys of group 0: a replicate that never draws group 0 has no E state.
        var journeys = OrderKAttributionTests.Generated(600, channels: 4, seed: 9).ToList();
        var first = Enumerable.Range(0, 100_000).First(j => GroupCounts.GroupOf(SimpleJourneys.HashOf(j), Groups) == 0);
        while (journeys.Count < first)
        {
            journeys.Add((["Channel A"], false));
        }

        journeys.Insert(first, (["Channel E", "Channel A"], true));
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(2), Groups);
        var weights = Enumerable.Repeat(1, Groups).ToArray();
        weights[0] = 0;
        weights[1] = 2;
        var replicateCounts = BootstrapIntervals.Weighted(counts.Groups!, weights, counts.HalfLifeDays);

        var chain = HistoryChainLayout.Of(counts.Histories!, 2).Chain(replicateCounts.Channels, weights);
        var whole = HistoryChainLayout.Of(counts.Histories!, 2).Chain(counts.Channels);

        Assert.DoesNotContain("Channel E", replicateCounts.Channels);
        Assert.DoesNotContain(chain.Chain.Names, name => name.Contains("Channel E", StringComparison.Ordinal));
        Assert.Contains(whole.Chain.Names, name => name.Contains("Channel E", StringComparison.Ordinal));
        Assert.Equal(replicateCounts.Channels, chain.Channels);
    }

    [Fact]
    public void Chain_ChannelListWithoutAnObservedStatesChannel_IsRefusedNamingBoth()
    {
        var counts = SimpleJourneys.Count(OrderKAttributionTests.Generated(300, channels: 3, seed: 4), MarkovOrder.Of(2), Groups);

        var error = Assert.Throws<ArgumentException>(() => HistoryChainLayout.Of(counts.Histories!, 2).Chain(["Channel A", "Channel B"]));

        Assert.Contains("Channel C", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The tally keeps a pair's cells sparse until it was seen in a quarter of the groups, then in a dense row:
    /// a pair in every group, one in exactly a quarter (the switch) and one in a single group all count exactly.
    /// </summary>
    [Fact]
    public void Histories_PairsAcrossTheDenseSwitch_EachGroupCountedExactly()
    {
        var journeys = new List<(string[] Path, bool Converted)>();
        var byGroup = new Dictionary<int, List<int>>();
        for (var j = 0; journeys.Count < 4000; j++)
        {
            var group = GroupCounts.GroupOf(SimpleJourneys.HashOf(j), Groups);
            string[] path = group < Groups / 4 ? ["Channel A", "Channel B"] : group == Groups - 1 ? ["Channel C"] : ["Channel A"];
            journeys.Add((path, j % 3 == 0));
            (byGroup.TryGetValue(group, out var list) ? list : byGroup[group] = []).Add(j);
        }

        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(2), Groups).Histories!;

        var startToA = counts.Transitions.Single(t => t.History.Count == 0 && t.Next == "Channel A");
        Assert.Equal(Enumerable.Range(0, Groups - 1), startToA.Slots);
        Assert.Equal(Enumerable.Range(0, Groups - 1).Select(g => (long)byGroup[g].Count), startToA.Counts);
        var aToB = counts.Transitions.Single(t => t.History.SequenceEqual(["Channel A"]) && t.Next == "Channel B");
        Assert.Equal(Enumerable.Range(0, Groups / 4), aToB.Slots);
        Assert.Equal(Enumerable.Range(0, Groups / 4).Select(g => (long)byGroup[g].Count), aToB.Counts);
        var startToC = counts.Transitions.Single(t => t.History.Count == 0 && t.Next == "Channel C");
        Assert.Equal([Groups - 1], startToC.Slots);
        Assert.Equal([(long)byGroup[Groups - 1].Count], startToC.Counts);
    }
}
