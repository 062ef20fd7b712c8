using System.Diagnostics;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// <c>shapley CHANNELS JOURNEYS [ORDER]</c>: the Shapley values (docs/MODEL.md section 14) of an order-ORDER
/// chain (default 1) over CHANNELS channels counted from JOURNEYS random journeys, as a run computes them
/// (exact, sampled or skipped under <see cref="ShapleyCredit.MaxWork"/>); prints the work and the wall time.
/// </summary>
public static class ShapleyBenchmark
{
    public static int Run(int channels, int journeys, int order = 1)
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry, order: MarkovOrder.Of(order));
        var random = new Random(42);
        var ids = Enumerable.Range(0, channels).Select(c => registry.GetOrAdd($"Channel {c:D2}")).ToArray();
        for (var j = 0; j < journeys; j++)
        {
            var length = 1 + random.Next(8);
            var converted = random.NextDouble() < 0.2;
            var touches = Enumerable.Range(0, length).Select(i => new Touch(i + 1, i, ids[random.Next(channels)], converted && i == length - 1, 0)).ToArray();
            counter.AddJourney(touches, (ulong)j);
        }

        var counts = counter.ToCounts();
        var chain = order == 1 ? ChannelChain.FromOrderOne(counts) : ChannelChain.FromHistories(counts.Histories!, order, counts.Channels);
        var clock = Stopwatch.StartNew();
        var shapley = ShapleyCredit.Compute(chain);
        clock.Stop();
        var size = ShapleyCredit.ChainSize(chain);
        var solves = shapley.Method == ShapleyResult.ExactMethod ? 1L << channels : (long)shapley.Permutations * channels;
        Console.WriteLine(
            $"shapley {shapley.Method}: order {order}, {channels} channels, {chain.States:N0} states, chain size {size:N0}, {solves:N0} solves, work {solves * size:N0}, {clock.Elapsed.TotalSeconds:F3} s (sum {shapley.Values.Sum():R})");
        return 0;
    }
}
