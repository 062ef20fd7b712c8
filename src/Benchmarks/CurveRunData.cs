using System.Globalization;
using MarkovFunctions.Domain.Sampling;

namespace MarkovFunctions.Benchmarks;

/// <summary>
/// CSV input for timing a whole <c>markov run</c> with and without a spend history (the cost line of issue 24): journeys over
/// <c>channels</c> channels, their performance table, budgets at 0.9x, 1x and 1.1x today's total, and 104 weeks of history drawn
/// from known curves (the same truths as the in-process <c>curves</c> benchmark).
/// </summary>
public static class CurveRunData
{
    public static IReadOnlyList<CurveTruth> Truths(int channels) => Enumerable.Range(0, channels)
        .Select(i => new CurveTruth($"Channel {i:D2}", 1_000 + (i * 250), 0.5 + (2.5 * i / Math.Max(1, channels - 1)), 0.6 * (i % 4) / 3, 20, 200))
        .ToArray();

    public static void Write(string directory, int channels, int customers, int seed)
    {
        Directory.CreateDirectory(directory);
        var truths = Truths(channels);
        var random = new Random(seed);
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var conversions = new double[channels];
        using (var journeys = new StreamWriter(Path.Combine(directory, "journeys.csv")))
        {
            journeys.WriteLine("customer_id,journey_step,channel,timestamp,converted,conversion_value");
            for (var customer = 0; customer < customers; customer++)
            {
                var at = start.AddMinutes(random.Next(60 * 24 * 55));
                var channel = random.Next(channels);
                for (var step = 1; step <= 6; step++)
                {
                    // Later channels convert a little more often, so removal effects differ between channels.
                    var converts = random.NextDouble() < 0.04 + (0.06 * channel / channels);
                    var stops = converts || random.NextDouble() < 0.35 || step == 6;
                    journeys.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C{customer:D8},{step},{truths[channel].Channel},{at:yyyy-MM-ddTHH:mm:ssZ},{(converts ? "true" : "false")},{(converts ? 50 : 0)}"));
                    if (converts)
                    {
                        conversions[channel]++;
                    }

                    if (stops)
                    {
                        break;
                    }

                    at = at.AddHours(1 + random.Next(72));
                    channel = random.Next(channels);
                }
            }
        }

        var monthly = truths.Select(t => t.WeeklySpend * 52 / 12).ToArray();
        File.WriteAllLines(
            Path.Combine(directory, "channel_performance.csv"),
            ["channel,current_monthly_spend,conversions_attributed,cost_per_conversion,min_monthly_spend,max_monthly_spend,conversion_rate_per_1000",
             .. truths.Select((t, i) => string.Create(CultureInfo.InvariantCulture,
                 $"{t.Channel},{monthly[i]:0.##},{Math.Max(1, conversions[i]):0},{monthly[i] / Math.Max(1, conversions[i]):0.####},{monthly[i] * 0.5:0.##},{monthly[i] * 2:0.##},{10 + i}"))]);
        var total = monthly.Sum();
        File.WriteAllText(Path.Combine(directory, "budgets.txt"), string.Join(',', new[] { 0.9, 1.0, 1.1 }.Select(f => (f * total).ToString("0", CultureInfo.InvariantCulture))));
        File.WriteAllLines(
            Path.Combine(directory, "channel_spend_history.csv"),
            ["week_start,channel,spend,conversions",
             .. SpendHistoryGenerator.Generate(truths, new DateOnly(2026, 11, 30), seed).Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.WeekStart:yyyy-MM-dd},{w.Channel},{w.Spend:0.##},{w.Conversions:0.##}"))]);
    }
}
