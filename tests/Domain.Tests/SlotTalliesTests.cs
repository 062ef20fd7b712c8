using System.Text.Json;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// Counts by slot kept in sets shared by several counters (as each counting thread keeps one for all its
/// partitions) and attached once to the sum must be exactly what one counter of all the journeys counts.
/// </summary>
public sealed class SlotTalliesTests
{
    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 20)]
    [InlineData(3, 0)]
    [InlineData(4, 40)]
    public void Attach_TwoSetsServingThreeCounters_EqualsOneCounterOfAllJourneys(int order, int groups)
    {
        var journeys = OrderKAttributionTests.Generated(2_000, channels: 5, seed: 60 + order);
        var channels = new ChannelRegistry();
        var segments = new CustomerSegmentRegistry();
        var one = new JourneyCounter(channels, customerSegments: segments, bootstrapGroups: groups, order: MarkovOrder.Of(order));
        SlotTallies[] sets = [new(groups, MarkovOrder.Of(order)), new(groups, MarkovOrder.Of(order))];

        // Three partitions by journey index; the first and the last share a set, as one thread's partitions do.
        var counters = Enumerable.Range(0, 3).Select(p => new JourneyCounter(channels, sets[p % 2], customerSegments: segments)).ToArray();
        for (var j = 0; j < journeys.Length; j++)
        {
            var (path, converted) = journeys[j];
            var segment = segments.IdOf($"segment {j % 3}", "example");
            var touches = path.Select((c, i) => new Touch(i + 1, i, channels.GetOrAdd(c), converted && i == path.Length - 1, 0, segment)).ToArray();
            one.AddJourney(touches.ToArray(), SimpleJourneys.HashOf(j));
            counters[j % 3].AddJourney(touches, SimpleJourneys.HashOf(j));
        }

        var expected = one.ToCounts();
        var partsOnly = JourneyCounts.Sum(counters.Select(c => c.ToCounts()));
        var actual = SlotTallies.Attach(partsOnly, sets, channels, segments);

        Assert.Null(partsOnly.Groups);
        Assert.Null(partsOnly.Histories);
        Assert.Equal(groups > 0, actual.Groups is { Transitions.Count: > 0 });
        Assert.Equal(order > 1, actual.Histories is { Transitions.Count: > 0 });
        Assert.Equal(Json(expected.Groups), Json(actual.Groups));
        Assert.Equal(Json(expected.Histories), Json(actual.Histories));
        Assert.Equal(3, actual.CustomerSegments.Count);
        foreach (var (e, a) in expected.CustomerSegments.Zip(actual.CustomerSegments))
        {
            Assert.Equal(e.CustomerSegment, a.CustomerSegment);
            Assert.Equal(order > 1, a.Counts.Histories is { Transitions.Count: > 0 });
            Assert.Equal(Json(e.Counts.Histories), Json(a.Counts.Histories));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Groups_AboveOrderOne_EqualTheTransitionsCountedByGroupAtOrderOne(int order)
    {
        // Above order 1 the transitions by group are added up from the pairs by group, not counted: the same numbers.
        var journeys = OrderKAttributionTests.Generated(2_000, channels: 6, seed: 70 + order);

        var counted = SimpleJourneys.Count(journeys, MarkovOrder.One, bootstrapGroups: 40);
        var derived = SimpleJourneys.Count(journeys, MarkovOrder.Of(order), bootstrapGroups: 40);

        Assert.True(counted.Groups!.Transitions.Count > 30, $"{counted.Groups.Transitions.Count} transitions");
        Assert.Equal(Json(counted.Groups), Json(derived.Groups));
        Assert.Equal(Json(counted.Groups), Json(GroupCounts.FromHistories(derived.Histories!)));
    }

    [Fact]
    public void AddJourney_ChannelAboveTheOrderKLimitFromAnOrderOneRegistry_RefusedNamingTheRegistry()
    {
        // A run's registry is made with its order and refuses the 4,096th channel as bad input; a counter given
        // an order-1 registry at order 2 is a programming error, said as one.
        var registry = new ChannelRegistry();
        for (var i = 0; i < 4_096; i++)
        {
            registry.IdOf($"channel {i}");
        }

        var counter = new JourneyCounter(registry, order: MarkovOrder.Of(2));
        counter.AddJourney([new Touch(1, 0, 4_094, true, 0)], 1);

        var error = Assert.Throws<InvalidOperationException>(() => counter.AddJourney([new Touch(1, 0, 4_095, true, 0)], 2));
        Assert.Contains("channel id 4,095 is above the 4,095 channels", error.Message, StringComparison.Ordinal);
        Assert.Contains("ChannelRegistry", error.Message, StringComparison.Ordinal);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
