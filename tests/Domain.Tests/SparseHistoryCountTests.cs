using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// The (history, next) counts by bootstrap group are sparse (only the groups that saw a pair): they must
/// hold exactly what a dense count per group holds, and a replicate built from them must be the
/// attribution of its journeys counted with their weights (docs/MODEL.md sections 9 and 12).
/// </summary>
public sealed class SparseHistoryCountTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Groups = 40;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Histories_EveryOrder_EachGroupEqualsADenseCountOfItsJourneys(int order)
    {
        var journeys = OrderKAttributionTests.Generated(1500, channels: 5, seed: 20 + order);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(order), Groups);

        // Counted here from the journeys: per (history, next) a dense array over the groups.
        var expected = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (var j = 0; j < journeys.Length; j++)
        {
            var group = GroupCounts.GroupOf(SimpleJourneys.HashOf(j), Groups);
            var (path, converted) = journeys[j];
            for (var i = 0; i <= path.Length; i++)
            {
                var history = path[Math.Max(0, i - order)..i];
                var next = i < path.Length ? path[i] : converted ? States.Conversion : States.Null;
                var key = string.Join("|", history) + ">" + next;
                if (!expected.TryGetValue(key, out var byGroup))
                {
                    expected[key] = byGroup = new long[Groups];
                }

                byGroup[group]++;
            }
        }

        Assert.Equal(Groups, counts.Histories!.Slots);
        Assert.Equal(expected.Count, counts.Histories.Transitions.Count);
        foreach (var t in counts.Histories.Transitions)
        {
            var dense = expected[string.Join("|", t.History) + ">" + t.Next];
            Assert.Equal(Enumerable.Range(0, Groups).Where(g => dense[g] > 0), t.Slots);
            Assert.Equal(t.Slots.Select(g => dense[g]), t.Counts);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Replicate_EveryOrder_EqualsItsJourneysCountedWithTheirWeights(int order)
    {
        var journeys = OrderKAttributionTests.Generated(1200, channels: 5, seed: 40 + order);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(order), Groups);
        var random = new Random(order);
        var weights = new int[Groups];
        for (var i = 0; i < Groups; i++)
        {
            weights[random.Next(Groups)]++;
        }

        var replicate = BootstrapIntervals.Weighted(counts.Groups!, weights, counts.HalfLifeDays);
        if (order > 1)
        {
            replicate = replicate with { Histories = BootstrapIntervals.WeightedHistories(counts.Histories!, weights) };
        }

        // The same replicate by hand: each journey repeated as often as its group was drawn.
        var repeated = journeys
            .SelectMany((journey, j) => Enumerable.Repeat(journey, weights[GroupCounts.GroupOf(SimpleJourneys.HashOf(j), Groups)]))
            .ToArray();
        var expected = MarkovAttribution.ComputeAtOrder(SimpleJourneys.Count(repeated, MarkovOrder.Of(order)), order);
        var actual = MarkovAttribution.ComputeAtOrder(replicate, order);

        Assert.Equal(expected.BaselineConversion, actual.BaselineConversion, 1e-12);
        var byChannel = expected.Channels.ToDictionary(c => c.Channel);
        Assert.Equal(byChannel.Count, actual.Channels.Count);
        foreach (var channel in actual.Channels)
        {
            Assert.True(
                Math.Abs(byChannel[channel.Channel].RemovalEffect - channel.RemovalEffect) <= 1e-12,
                $"{channel.Channel}: expected {byChannel[channel.Channel].RemovalEffect:R}, got {channel.RemovalEffect:R}");
        }
    }

    [Fact]
    public void Histories_SumOfPartitions_IsTheHistoriesOfTheWhole()
    {
        var journeys = OrderKAttributionTests.Generated(900, channels: 4, seed: 5);
        var whole = SimpleJourneys.Count(journeys, MarkovOrder.Of(3), Groups).Histories!;

        // Two partitions counted apart, with the hashes the whole used (a customer stays in its group).
        var first = SimpleJourneys.Count(journeys, MarkovOrder.Of(3), Groups, keep: j => j < 400).Histories;
        var second = SimpleJourneys.Count(journeys, MarkovOrder.Of(3), Groups, keep: j => j >= 400).Histories;
        var sum = HistoryCounts.Sum([first, second])!;

        Assert.Equal(Flatten(whole), Flatten(sum));
    }

    /// <summary>The order-k counts by group cross the durable history (extract -> intervals activity) beside the order-1 groups: they stay small.</summary>
    [Theory]
    [InlineData(2, 400_000)]
    [InlineData(3, 900_000)]
    [InlineData(4, 1_500_000)]
    public void Histories_TwentyThousandCustomers_AreABoundedPayload(int order, int maxBytes)
    {
        var rows = new Sampling.SampleDataGenerator(42).Journeys(20_000).ToArray();
        var journeys = rows.GroupBy(r => r.CustomerId)
            .Select(g => (g.OrderBy(r => r.JourneyStep).Select(r => r.Channel).ToArray(), g.Any(r => r.Converted)))
            .ToArray();
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(order), Uncertainty.IntervalSettings.DefaultGroups);
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(counts.Histories).Length;
        var groupBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(counts.Groups).Length;
        var cells = counts.Histories!.Transitions.Sum(t => t.Slots.Length);
        output.WriteLine($"order {order}: {counts.Histories.Transitions.Count:N0} pairs, {cells:N0} (pair, group) cells, {bytes:N0} bytes of JSON (order-1 groups {groupBytes:N0}); dense would hold {counts.Histories.Transitions.Count * 200L:N0} counts");
        Assert.InRange(bytes, 1, maxBytes);
    }

    /// <summary>The counts travel as JSON between activities: a round trip keeps every (pair, group) cell.</summary>
    [Fact]
    public void Histories_JsonRoundTrip_KeepsEveryCell()
    {
        var histories = SimpleJourneys.Count(OrderKAttributionTests.Generated(500, channels: 4, seed: 3), MarkovOrder.Of(3), Groups).Histories!;

        var back = System.Text.Json.JsonSerializer.Deserialize<HistoryCounts>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(histories))!;

        Assert.Equal(histories.Slots, back.Slots);
        Assert.Equal(Flatten(histories), Flatten(back));
    }

    private static IEnumerable<string> Flatten(HistoryCounts histories) =>
        histories.Transitions.Select(t => $"{string.Join("|", t.History)}>{t.Next}:{string.Join(",", t.Slots)}={string.Join(",", t.Counts)}");
}
