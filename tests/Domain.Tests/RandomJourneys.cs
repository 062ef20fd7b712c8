using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Random but reproducible journey rows for property tests.</summary>
public sealed record JourneyRow(string CustomerId, int Step, string Channel, long TimestampTicks, bool Converted, double Value);

public static class RandomJourneys
{
    public static readonly string[] ChannelNames = ["Paid Search", "Paid Social", "Display", "Email", "Organic Search", "Direct", "Affiliate"];

    public static List<JourneyRow> Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var rows = new List<JourneyRow>();
        var origin = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var c = 0; c < customers; c++)
        {
            var length = 1 + random.Next(6);
            var converts = random.NextDouble() < 0.35;
            var value = converts ? Math.Round(random.NextDouble() * 200, 2) : 0;
            var time = origin + (long)(random.NextDouble() * TimeSpan.TicksPerDay * 60);
            for (var step = 1; step <= length; step++)
            {
                time += (long)(random.NextDouble() * TimeSpan.TicksPerDay * 5);
                rows.Add(new JourneyRow($"cust{c:D6}", step, ChannelNames[random.Next(ChannelNames.Length)], time, converts && step == length, step == length ? value : 0));
            }
        }

        return rows;
    }

    public static JourneyCounts Count(IEnumerable<JourneyRow> rows, double halfLifeDays = 7)
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry, halfLifeDays);
        foreach (var journey in rows.GroupBy(r => r.CustomerId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var touches = journey.Select(r => new Touch(r.Step, r.TimestampTicks, registry.GetOrAdd(ChannelName.Normalize(r.Channel)), r.Converted, r.Value)).ToArray();
            counter.AddJourney(touches);
        }

        return counter.ToCounts();
    }

    public static ChannelPerformanceTable Performance(int seed)
    {
        var random = new Random(seed);
        return ChannelPerformanceTable.Create(ChannelNames.Select(name =>
        {
            var spend = 1000 + Math.Round(random.NextDouble() * 20000);
            var conversions = 5 + Math.Round(random.NextDouble() * 100);
            return new ChannelPerformance(name, spend, conversions, spend / conversions, Math.Round(spend * 0.2), Math.Round(spend * 2.5), 1 + (random.NextDouble() * 9));
        }));
    }
}
