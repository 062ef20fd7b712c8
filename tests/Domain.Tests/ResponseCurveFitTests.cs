using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.ResponseFitting;
using Xunit.Abstractions;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Issue 24: curves learned from weekly spend histories with known truth (MODEL.md section 11).</summary>
public sealed class ResponseCurveFitTests(ITestOutputHelper output)
{
    private static readonly ResponseSettings Assumed = new(ResponseMode.Fitted);

    [Fact]
    public void Fit_TwentyHistoriesOfEightChannels_IntervalsCoverTheTrueKappa()
    {
        var covered = 0;
        var errors = new List<double>();
        for (var history = 0; history < 20; history++)
        {
            var sim = SimulatedHistories.Create(seed: 2400 + history);
            var curves = ResponseCurveFitter.Fit(sim.History, sim.Performance, Assumed);
            foreach (var truth in sim.Truths)
            {
                var fit = curves.Channels.Single(c => c.Channel == truth.Channel);
                Assert.Equal(CurveStatus.Fitted, fit.Status);
                covered += fit.KappaLow <= truth.Kappa && truth.Kappa <= fit.KappaHigh ? 1 : 0;
                errors.Add(Math.Abs(Math.Log(fit.Kappa / truth.Kappa)));
            }
        }

        var coverage = covered / (double)errors.Count;
        var median = Median(errors);
        output.WriteLine($"coverage {coverage:P1} of {errors.Count}; median |log(kappa/truth)| {median:0.000}");
        Assert.InRange(coverage, 0.85, 0.99);
        Assert.True(median <= 0.25, $"median |log(kappa/truth)| {median}");
    }

    [Fact]
    public void Fit_GridDoubled_MovesNothingByMoreThanOnePercent()
    {
        var worst = 0d;
        foreach (var seed in new[] { 2400, 2401, 2402 })
        {
            var sim = SimulatedHistories.Create(seed);
            var coarse = ResponseCurveFitter.Fit(sim.History, sim.Performance, Assumed);
            var fine = ResponseCurveFitter.Fit(sim.History, sim.Performance, Assumed, grid: PosteriorGrid.Default.Doubled());
            foreach (var (a, b) in coarse.Channels.Zip(fine.Channels))
            {
                foreach (var (what, x, y) in new[] { ("kappa", a.Kappa, b.Kappa), ("kappa_low", a.KappaLow!.Value, b.KappaLow!.Value), ("kappa_high", a.KappaHigh!.Value, b.KappaHigh!.Value), ("adstock_decay", a.AdstockDecay!.Value, b.AdstockDecay!.Value) })
                {
                    var change = Math.Abs((x / y) - 1);
                    worst = Math.Max(worst, change);
                    Assert.True(change <= 0.01, $"{a.Channel} (history {seed}) {what}: {x} on the default grid, {y} on the doubled one");
                }
            }
        }

        output.WriteLine($"largest relative change on the doubled grid {worst:P2}");
    }

    /// <summary>
    /// The posterior as MODEL.md section 11 defines it, written out directly on a grid four times finer each way:
    /// every (θ, h) point's NNLS by trying the three candidates on the residuals themselves.
    /// </summary>
    [Fact]
    public void Fit_BruteForceOnAFinerGrid_AgreesWithinOnePercent()
    {
        var sim = SimulatedHistories.Create(2405);
        var curves = ResponseCurveFitter.Fit(sim.History, sim.Performance, Assumed);
        foreach (var channel in sim.Truths.Take(3).Select(t => t.Channel))
        {
            var series = sim.History.Series[channel];
            var currentWeekly = sim.Performance.Rows.Single(r => r.Channel == channel).CurrentMonthlySpend / ResponseCurveFitter.WeeksPerMonth;
            var (kappa, low, high, theta) = BruteForce(series.Spend.ToArray(), series.Conversions.ToArray(), currentWeekly, kappa0: 1, thetaCells: 160, scaleCells: 480);
            var fit = curves.Channels.Single(c => c.Channel == channel);
            output.WriteLine($"{channel}: kappa {fit.Kappa:0.0000}/{kappa:0.0000} low {fit.KappaLow:0.0000}/{low:0.0000} high {fit.KappaHigh:0.0000}/{high:0.0000} theta {fit.AdstockDecay:0.0000}/{theta:0.0000}");
            Tolerance.Close(kappa, fit.Kappa, 0.01, $"{channel} kappa");
            Tolerance.Close(low, fit.KappaLow!.Value, 0.01, $"{channel} kappa_low");
            Tolerance.Close(high, fit.KappaHigh!.Value, 0.01, $"{channel} kappa_high");
            Tolerance.Close(theta, fit.AdstockDecay!.Value, 0.01, $"{channel} adstock_decay");
        }
    }

    private static (double Kappa, double Low, double High, double Theta) BruteForce(double[] x, double[] y, double currentWeekly, double kappa0, int thetaCells, int scaleCells)
    {
        var t = x.Length;
        var meanSpend = x.Where(v => v > 0).Average();
        var (lo, hi) = (Math.Log(0.05 * meanSpend), Math.Log(20 * meanSpend));
        var step = (hi - lo) / scaleCells;
        var sse = new double[thetaCells, scaleCells];
        var a = new double[t];
        for (var j = 0; j < thetaCells; j++)
        {
            var theta = (j + 0.5) * 0.9 / thetaCells;
            for (var k = 0; k < t; k++)
            {
                a[k] = k == 0 ? x[0] : ((1 - theta) * x[k]) + (theta * a[k - 1]);
            }

            for (var i = 0; i < scaleCells; i++)
            {
                var h = Math.Exp(lo + ((i + 0.5) * step));
                var f = a.Select(v => 1 - Math.Exp(-v / h)).ToArray();
                double n = t, sf = f.Sum(), sff = f.Sum(v => v * v), sy = y.Sum(), sfy = f.Zip(y, (p, q) => p * q).Sum();
                var det = (n * sff) - (sf * sf);
                var candidates = new List<(double B, double A)> { (sy / n, 0) };
                if (sff > 0)
                {
                    candidates.Add((0, Math.Max(0, sfy / sff)));
                }

                if (det > 0)
                {
                    var free = (((sff * sy) - (sf * sfy)) / det, ((n * sfy) - (sf * sy)) / det);
                    if (free.Item1 >= 0 && free.Item2 >= 0)
                    {
                        candidates.Add(free);
                    }
                }

                sse[j, i] = candidates.Min(c => f.Zip(y, (p, q) => Math.Pow(q - c.B - (c.A * p), 2)).Sum());
            }
        }

        var min = sse.Cast<double>().Min();
        var sigma2 = min / (t - 4);
        var marginal = new double[scaleCells];
        double total = 0, thetaSum = 0;
        for (var j = 0; j < thetaCells; j++)
        {
            for (var i = 0; i < scaleCells; i++)
            {
                var logKappa = lo + ((i + 0.5) * step) - Math.Log(currentWeekly);
                var w = Math.Exp((-(sse[j, i] - min) / (2 * sigma2)) - (Math.Pow(logKappa - Math.Log(kappa0), 2) / (2 * 0.25)));
                marginal[i] += w;
                total += w;
                thetaSum += w * (j + 0.5) * 0.9 / thetaCells;
            }
        }

        double Quantile(double p)
        {
            var cumulative = 0d;
            for (var i = 0; i < scaleCells; i++)
            {
                var mass = marginal[i] / total;
                if (cumulative + mass >= p && mass > 0)
                {
                    return Math.Exp(lo + ((i + ((p - cumulative) / mass)) * step)) / currentWeekly;
                }

                cumulative += mass;
            }

            return Math.Exp(hi) / currentWeekly;
        }

        return (Quantile(0.5), Quantile(0.025), Quantile(0.975), thetaSum / total);
    }

    /// <summary>
    /// Regret: each plan evaluated on the true curves against the true optimum (the saturating LP with the true κ as
    /// overrides), at 0.8×, 1× and 1.2× today's total, over 8 histories, with guardrails 0.75× to 1.5× today's spend.
    /// </summary>
    [Fact]
    public void FittedPlan_EightHistories_FallsShortOfTheTrueOptimumLessThanAssumedOrLinear() =>
        AssertRegretAcceptance(Regret(Enumerable.Range(2450, 8), s => SimulatedHistories.Create(s)));

    /// <summary>
    /// The same 8 histories with wide guardrails (0.5× to 2× today's spend): history 2457 has a channel whose κ lies outside
    /// its own 95 % interval, and a plan on the posterior median fell 6.08 % short there, more than κ = 1's worst (MODEL.md
    /// section 11); the cautious curves keep the worst case below κ = 1's and linear's.
    /// </summary>
    [Fact]
    public void FittedPlan_EightHistoriesWideGuardrails_FallsShortLessThanAssumedOrLinear() =>
        AssertRegretAcceptance(Regret(Enumerable.Range(2450, 8), s => SimulatedHistories.Create(s, minGuardrail: 0.5, maxGuardrail: 2)));

    /// <summary>Wide guardrails (0.5× to 2×) over 40 other histories: every acceptance line holds there too.</summary>
    [Fact]
    public void FittedPlan_FortyHistoriesWideGuardrails_FallsShortLessThanAssumedOrLinear() =>
        AssertRegretAcceptance(Regret(Enumerable.Range(2500, 40), s => SimulatedHistories.Create(s, minGuardrail: 0.5, maxGuardrail: 2)));

    /// <summary>Issue 24's regret line: fitted's median ≤ 0.5 %, ≤ half κ = 1's, below linear's; its worst no worse than either's.</summary>
    private static void AssertRegretAcceptance((Dictionary<string, double> Median, Dictionary<string, double> Worst) regret)
    {
        var (median, worst) = regret;
        Assert.True(median["fitted"] <= 0.005, $"fitted median {median["fitted"]}");
        Assert.True(median["fitted"] <= median["kappa1"] / 2, $"fitted median {median["fitted"]} vs kappa=1 {median["kappa1"]}");
        Assert.True(median["fitted"] < median["linear"], $"fitted median {median["fitted"]} vs linear {median["linear"]}");
        Assert.True(worst["fitted"] <= Math.Min(worst["kappa1"], worst["linear"]), $"fitted worst {worst["fitted"]} vs kappa=1 {worst["kappa1"]}, linear {worst["linear"]}");
    }

    /// <summary>
    /// Each plan (fitted, κ = 1, linear) evaluated on the true curves against the true optimum (the saturating LP with the true κ as
    /// overrides), at 0.8×, 1× and 1.2× today's total: the median and worst shortfall of each over the histories.
    /// </summary>
    private (Dictionary<string, double> Median, Dictionary<string, double> Worst) Regret(IEnumerable<int> seeds, Func<int, SimulatedHistories> create)
    {
        var shortfalls = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["fitted"] = [], ["kappa1"] = [], ["linear"] = [] };
        foreach (var seed in seeds)
        {
            var sim = create(seed);
            var response = sim.Response();
            var truth = new ResponseSettings(ResponseMode.Saturating, KappaOverrides: sim.Truths.ToDictionary(t => t.Channel, t => t.Kappa), Segments: 64);
            // The run's own step: fitted mode plans on each channel's cautious curve (MODEL.md section 11).
            var fitted = MarkovEngine.Steps.ResponseWith(new ResponseSettings(ResponseMode.Fitted, Segments: 64), ResponseCurveFitter.Fit(sim.History, sim.Performance, Assumed));
            var modes = new Dictionary<string, ResponseSettings>(StringComparer.Ordinal)
            {
                ["fitted"] = fitted,
                ["kappa1"] = new(ResponseMode.Saturating, Segments: 64),
                ["linear"] = ResponseSettings.Linear,
            };
            var today = sim.Performance.Rows.Sum(r => r.CurrentMonthlySpend);
            foreach (var factor in new[] { 0.8, 1.0, 1.2 })
            {
                var best = OnTruth(BudgetOptimizer.Solve(response, [], factor * today, truth), response, truth);
                foreach (var (name, settings) in modes)
                {
                    shortfalls[name].Add(1 - (OnTruth(BudgetOptimizer.Solve(response, [], factor * today, settings), response, truth) / best));
                }
            }
        }

        var median = shortfalls.ToDictionary(p => p.Key, p => Median(p.Value));
        var worst = shortfalls.ToDictionary(p => p.Key, p => p.Value.Max());
        foreach (var name in shortfalls.Keys)
        {
            output.WriteLine($"{name}: median shortfall {median[name]:P3}, worst {worst[name]:P3}");
        }

        return (median, worst);
    }

    /// <summary>A plan's conversions on the true curves.</summary>
    private static double OnTruth(BudgetResult plan, Calibration.LinearResponse response, ResponseSettings truth)
    {
        Assert.Equal(SolveStatus.Optimal, plan.Status);
        return plan.Channels.Zip(response.Channels).Sum(p => PlanEvaluator.Predict(p.Second, p.First.OptimalSpend, truth));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
