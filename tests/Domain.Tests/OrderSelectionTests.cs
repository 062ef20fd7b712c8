using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>docs/MODEL.md section 13: the order chosen on held-out customers recovers the order journeys were drawn from.</summary>
public sealed class OrderSelectionTests
{
    private const int Channels = 5;
    private const int Customers = 20_000;

    [Fact]
    public void Choose_JourneysFromAnOrderTwoChain_PicksTwoOnNineOfTenSeeds()
    {
        var chosen = Enumerable.Range(1, 10).Select(seed => OrderSelection.Choose(SimpleJourneys.Count(Journeys(trueOrder: 2, seed), MarkovOrder.Auto)).Chosen).ToArray();

        Assert.True(chosen.Count(k => k == 2) >= 9, $"chosen orders: {string.Join(", ", chosen)}");
    }

    [Fact]
    public void Choose_JourneysFromAnOrderOneChain_PicksOneOnNineOfTenSeeds()
    {
        var chosen = Enumerable.Range(1, 10).Select(seed => OrderSelection.Choose(SimpleJourneys.Count(Journeys(trueOrder: 1, seed), MarkovOrder.Auto)).Chosen).ToArray();

        Assert.True(chosen.Count(k => k == 1) >= 9, $"chosen orders: {string.Join(", ", chosen)}");
    }

    [Fact]
    public void Choose_Scores_EveryOrderWithItsStatesAndAStandardError()
    {
        var journeys = Journeys(trueOrder: 2, seed: 3);
        var selection = OrderSelection.Choose(SimpleJourneys.Count(journeys, MarkovOrder.Auto));

        Assert.Equal([1, 2, 3, 4], selection.Scores.Select(s => s.Order));
        Assert.Equal(Channels, selection.Scores[0].States);
        Assert.True(selection.Scores.Zip(selection.Scores.Skip(1)).All(p => p.First.States < p.Second.States));
        Assert.All(selection.Scores, s => Assert.True(s.StandardError > 0 && s.HoldoutLoss > 0));

        // The order-2 truth is worth its states: order 1 loses clearly more per journey.
        Assert.True(selection.Scores[0].HoldoutLoss > selection.Scores[1].HoldoutLoss + (3 * selection.Scores[1].StandardError));
    }

    /// <summary>
    /// Journeys from a known chain over 5 channels: after each touch the customer converts, drops out or
    /// moves on with probabilities that depend on the last <paramref name="trueOrder"/> touches (1 or 2).
    /// The chain is fixed; <paramref name="seed"/> draws the customers.
    /// </summary>
    internal static (string[] Path, bool Converted)[] Journeys(int trueOrder, int seed)
    {
        // outcome[previous + 1, current] over (channel 0..4, conversion, null); previous -1 is "none".
        var table = new Random(2026);
        var outcome = new double[Channels + 1, Channels][];
        for (var previous = 0; previous <= Channels; previous++)
        {
            for (var current = 0; current < Channels; current++)
            {
                var p = new double[Channels + 2];
                var moveOn = 0.45 + (0.3 * table.NextDouble());
                var weights = Enumerable.Range(0, Channels).Select(_ => Math.Pow(table.NextDouble(), 3)).ToArray();
                for (var c = 0; c < Channels; c++)
                {
                    p[c] = moveOn * weights[c] / weights.Sum();
                }

                var converts = (1 - moveOn) * (0.05 + (0.9 * table.NextDouble()));
                p[Channels] = converts;
                p[Channels + 1] = 1 - moveOn - converts;
                outcome[previous, current] = p;
            }
        }

        var names = Enumerable.Range(0, Channels).Select(c => $"Channel {(char)('A' + c)}").ToArray();
        var random = new Random(seed);
        var journeys = new (string[], bool)[Customers];
        for (var j = 0; j < Customers; j++)
        {
            var path = new List<int> { random.Next(Channels) };
            var converted = false;
            while (path.Count < 40)
            {
                var previous = trueOrder == 2 && path.Count > 1 ? path[^2] + 1 : 0;
                var p = outcome[previous, path[^1]];
                var u = random.NextDouble();
                var next = 0;
                while (next < p.Length - 1 && u >= p[next])
                {
                    u -= p[next++];
                }

                if (next >= Channels)
                {
                    converted = next == Channels;
                    break;
                }

                path.Add(next);
            }

            journeys[j] = (path.Select(c => names[c]).ToArray(), converted);
        }

        return journeys;
    }
}
