using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Domain.Sampling;
using MathNet.Numerics.Random;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// Histories of 8 channels with known curves (κ 0.5–3 log-uniform, θ 0–0.6, 8 % noise, marginal returns at today's spend
/// within ±30 % of each other), and the performance table of today's spend (guardrails 0.75× to 1.5× of it); weekly spend
/// varies log-normally with a standard deviation of 0.6 (campaigns on and off).
/// </summary>
public sealed record SimulatedHistories(IReadOnlyList<CurveTruth> Truths, SpendHistory History, ChannelPerformanceTable Performance)
{
    public static readonly DateOnly LastWeek = new(2026, 11, 30);

    /// <param name="marginalSpread">Returns at today's spend differ by ± this (0.3: ±30 %).</param>
    /// <param name="minGuardrail">The minimum spend as a multiple of today's; <paramref name="maxGuardrail"/> the maximum.</param>
    public static SimulatedHistories Create(int seed, int channels = 8, int weeks = 104, double marginalSpread = 0.3, double minGuardrail = 0.75, double maxGuardrail = 1.5)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        var truths = Enumerable.Range(0, channels).Select(c =>
        {
            var kappa = Math.Exp(Math.Log(0.5) + (random.NextDouble() * Math.Log(6)));
            var weekly = 1_000 + (random.NextDouble() * 5_000);

            // A budget someone has tuned: returns at today's spend differ by ±30 %, not by multiples.
            var marginal = 0.02 * (1 - marginalSpread + (2 * marginalSpread * random.NextDouble()));
            var level = marginal * kappa * weekly * Math.Exp(1 / kappa);
            return new CurveTruth($"Channel {c}", weekly, kappa, 0.6 * random.NextDouble(), 0.15 * level, level);
        }).ToArray();
        var rows = SpendHistoryGenerator.Generate(truths, LastWeek, seed, weeks);
        var performance = ChannelPerformanceTable.Create(truths.Select(t =>
        {
            var monthly = t.WeeklySpend * ResponseCurveFitter.WeeksPerMonth;
            var conversions = ResponseCurveFitter.WeeksPerMonth * -t.Level * double.ExpM1(-1 / t.Kappa);
            return new ChannelPerformance(t.Channel, monthly, conversions, null, minGuardrail * monthly, maxGuardrail * monthly, 1000 * conversions / monthly);
        }));
        return new SimulatedHistories(truths, SpendHistory.Create(rows), performance);
    }

    /// <summary>
    /// The LP's response: each channel's slope is its true conversions per unit of spend today, so the saturating
    /// curve with the true κ is the truth itself (scaled to a month).
    /// </summary>
    public LinearResponse Response() =>
        new(1, 1, Performance.Rows.Select(r => new ChannelResponse(r.Channel, r.ConversionsAttributed / r.CurrentMonthlySpend, r.CurrentMonthlySpend, r.MinMonthlySpend, r.MaxMonthlySpend, 1, r.ConversionsAttributed)).ToArray());
}
