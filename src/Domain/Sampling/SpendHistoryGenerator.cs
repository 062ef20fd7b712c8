using MarkovFunctions.Domain.ResponseFitting;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace MarkovFunctions.Domain.Sampling;

/// <summary>
/// Weekly spend histories drawn from known curves (MODEL.md section 11), so a fit can be checked against the
/// truth: spend varies log-normally around the channel's weekly spend, conversions are the true curve with
/// multiplicative noise. Deterministic for a seed.
/// </summary>
public static class SpendHistoryGenerator
{
    /// <summary>The weeks of a sample history.</summary>
    public const int DefaultWeeks = 104;

    // The sample's known curves, by channel in name order: κ from 0.5 to 3, θ from 0 to 0.6.
    private static readonly double[] SampleKappa = [0.8, 3.0, 0.6, 1.5, 2.0, 1.2, 0.5, 2.5];
    private static readonly double[] SampleTheta = [0.1, 0.0, 0.5, 0.3, 0.2, 0.4, 0.6, 0.15];

    /// <summary>
    /// Known curves for the sample's channels: today's weekly spend (<c>monthly × 12 / 52</c>) returns the weekly share
    /// of the channel's attributed conversions, 15 % of them a baseline that comes without spend.
    /// </summary>
    public static IReadOnlyList<CurveTruth> SampleTruths(IReadOnlyList<Inputs.ChannelPerformance> performance) =>
        performance.Select((row, i) =>
        {
            var kappa = SampleKappa[i % SampleKappa.Length];
            var weeklyConversions = row.ConversionsAttributed / ResponseCurveFitter.WeeksPerMonth;
            var level = 0.85 * weeklyConversions / -double.ExpM1(-1 / kappa);
            return new CurveTruth(row.Channel, row.CurrentMonthlySpend / ResponseCurveFitter.WeeksPerMonth, kappa, SampleTheta[i % SampleTheta.Length], 0.15 * weeklyConversions, level);
        }).ToArray();

    /// <summary>The Monday of the sample history's last week (fixed, so the same seed gives the same rows).</summary>
    public static readonly DateOnly SampleLastWeek = new(2026, 11, 23);

    /// <summary>The sample's 104 weeks: <see cref="SampleTruths"/> drawn with the sample's seed.</summary>
    public static IReadOnlyList<SpendWeek> SampleHistory(IReadOnlyList<Inputs.ChannelPerformance> performance, int seed) =>
        Generate(SampleTruths(performance), SampleLastWeek, seed);

    /// <param name="lastWeek">The Monday of the last week.</param>
    /// <param name="noise">Standard deviation of the conversions' relative noise.</param>
    /// <param name="spread">Standard deviation of ln(spend / weekly spend): 0.6 is campaigns switched on and off.</param>
    public static IReadOnlyList<SpendWeek> Generate(
        IReadOnlyList<CurveTruth> truths, DateOnly lastWeek, int seed, int weeks = DefaultWeeks, double noise = 0.08, double spread = 0.6)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        var first = lastWeek.AddDays(-7 * (weeks - 1));
        var rows = new List<SpendWeek>(truths.Count * weeks);
        foreach (var truth in truths)
        {
            var adstock = 0d;
            for (var t = 0; t < weeks; t++)
            {
                // Mean-preserving log-normal spend: campaigns come and go around the usual level.
                var spend = truth.WeeklySpend * Math.Exp((spread * Normal.Sample(random, 0, 1)) - (spread * spread / 2));
                adstock = t == 0 ? spend : ((1 - truth.Theta) * spend) + (truth.Theta * adstock);
                var expected = truth.Baseline - (truth.Level * double.ExpM1(-adstock / (truth.Kappa * truth.WeeklySpend)));
                var conversions = Math.Max(0, expected * (1 + (noise * Normal.Sample(random, 0, 1))));
                rows.Add(new SpendWeek(first.AddDays(7 * t), truth.Channel, Math.Round(spend, 2), Math.Round(conversions, 2)));
            }
        }

        return rows;
    }
}
