using System.Diagnostics;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// <c>shapley CHANNELS JOURNEYS</c>: the exact Shapley values (docs/MODEL.md section 14) of an order-1
/// chain over CHANNELS channels counted from JOURNEYS random journeys; prints the wall time of the 2^n solves.
/// </summary>
public static class ShapleyBenchmark
{
    public static int Run(int channels, int journeys)
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry);
        var random = new Random(42);
        var ids = Enumerable.Range(0, channels).Select(c => registry.GetOrAdd($"Channel {c:D2}")).ToArray();
        for (var j = 0; j < journeys; j++)
        {
            var length = 1 + random.Next(8);
            var converted = random.NextDouble() < 0.2;
            var touches = Enumerable.Range(0, length).Select(i => new Touch(i + 1, i, ids[random.Next(channels)], converted && i == length - 1, 0)).ToArray();
            counter.AddJourney(touches, (ulong)j);
        }

        var chain = ChannelChain.FromOrderOne(counter.ToCounts());
        var clock = Stopwatch.StartNew();
        var shapley = ShapleyCredit.Exact(chain);
        clock.Stop();
        Console.WriteLine($"shapley exact: {channels} channels, {1 << channels:N0} coalitions, {clock.Elapsed.TotalSeconds:F3} s (sum {shapley.Values.Sum():R})");
        return 0;
    }
}
