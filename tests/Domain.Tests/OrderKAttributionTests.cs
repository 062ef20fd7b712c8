using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>docs/MODEL.md section 12: order-k removal effects against an independent absorbing-chain solution.</summary>
public sealed class OrderKAttributionTests
{
    // Built by hand so that order 2 differs from order 1: Email converts after Search, not after Display.
    private static readonly (string[] Path, bool Converted)[] HandBuilt =
    [
        (["Search", "Email"], true),
        (["Search", "Email"], true),
        (["Display", "Email"], false),
        (["Display", "Email"], false),
        (["Display", "Search", "Email"], true),
        (["Email", "Email", "Search"], false),
        (["Search"], true),
        (["Display", "Display"], false),
        (["Email", "Display", "Search", "Email"], true),
        (["Search", "Display"], false),
    ];

    [Fact]
    public void ComputeAtOrder_HandBuiltOrderTwo_EqualsIndependentAbsorbingChain()
    {
        var counts = SimpleJourneys.Count(HandBuilt, MarkovOrder.Of(2));
        var attribution = MarkovAttribution.ComputeAtOrder(counts, 2);

        var p = SimpleJourneys.IndependentConversionProbability(HandBuilt, 2);
        Assert.Equal(p, attribution.BaselineConversion, 1e-12);
        foreach (var channel in attribution.Channels)
        {
            var effect = Math.Max(0, 1 - (SimpleJourneys.IndependentConversionProbability(HandBuilt, 2, channel.Channel) / p));
            Assert.True(Math.Abs(effect - channel.RemovalEffect) <= 1e-12, $"{channel.Channel}: expected {effect:R}, got {channel.RemovalEffect:R}");
        }

        Assert.Equal(2, attribution.Order);
        Assert.Equal(1, attribution.Channels.Sum(c => c.RemovalWeight), 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ComputeAtOrder_EveryOrder_BaselineIsTheShareOfConvertedJourneys(int order)
    {
        var journeys = Generated(600, channels: 5, seed: order);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(order));
        var attribution = MarkovAttribution.ComputeAtOrder(counts, order);

        Assert.Equal(journeys.Count(j => j.Converted) / (double)journeys.Length, attribution.BaselineConversion, 1e-12);
    }

    [Fact]
    public void ComputeAtOrder_OrderThreeLargerThanTheDenseLimit_EqualsIndependentAbsorbingChain()
    {
        // 6 channels at order 3 observe a few hundred states, so the sweeps solve it, not elimination.
        var journeys = Generated(3000, channels: 6, seed: 7);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(3));
        var attribution = MarkovAttribution.ComputeAtOrder(counts, 3);
        Assert.True(ChannelChain.FromHistories(counts.Histories!, 3, counts.Channels).States > KeptStates.DenseLimit);

        var p = SimpleJourneys.IndependentConversionProbability(journeys, 3);
        Assert.Equal(p, attribution.BaselineConversion, 1e-12);
        foreach (var channel in attribution.Channels)
        {
            var effect = Math.Max(0, 1 - (SimpleJourneys.IndependentConversionProbability(journeys, 3, channel.Channel) / p));
            Assert.True(Math.Abs(effect - channel.RemovalEffect) <= 1e-12, $"{channel.Channel}: expected {effect:R}, got {channel.RemovalEffect:R}");
        }
    }

    [Fact]
    public void ComputeAtOrder_OrderOne_IsSectionTwoBitForBit()
    {
        var journeys = Generated(500, channels: 5, seed: 3);
        var plain = SimpleJourneys.Count(journeys);
        var counted = SimpleJourneys.Count(journeys, MarkovOrder.Of(1));

        Assert.Null(counted.Histories);
        Assert.Equal(
            MarkovAttribution.Compute(plain).Channels.Select(c => c.RemovalEffect),
            MarkovAttribution.ComputeAtOrder(counted, 1).Channels.Select(c => c.RemovalEffect));
    }

    [Fact]
    public void ComputeAtOrder_OrderTwoFromOrderFourCounts_EqualsOrderTwoCounts()
    {
        // A state at order k is the last k touches of a longer history: counting once at 4 serves order 2.
        var journeys = Generated(800, channels: 4, seed: 11);
        var atTwo = MarkovAttribution.ComputeAtOrder(SimpleJourneys.Count(journeys, MarkovOrder.Of(2)), 2);
        var fromFour = MarkovAttribution.ComputeAtOrder(SimpleJourneys.Count(journeys, MarkovOrder.Auto), 2);

        foreach (var (a, b) in atTwo.Channels.Zip(fromFour.Channels))
        {
            Assert.Equal(a.RemovalEffect, b.RemovalEffect, 1e-13);
        }
    }

    internal static (string[] Path, bool Converted)[] Generated(int journeys, int channels, int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, channels).Select(c => $"Channel {(char)('A' + c)}").ToArray();
        return Enumerable.Range(0, journeys).Select(_ =>
        {
            var length = 1 + random.Next(6);
            var path = Enumerable.Range(0, length).Select(_ => names[random.Next(channels)]).ToArray();
            return (path, random.NextDouble() < 0.3 + (path[^1] == names[0] ? 0.3 : 0));
        }).ToArray();
    }
}
