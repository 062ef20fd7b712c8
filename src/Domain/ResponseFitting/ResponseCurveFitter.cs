using System.Globalization;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MathNet.Numerics.Random;

namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>Fits each channel's response curve from its weekly history (MODEL.md section 11).</summary>
public static class ResponseCurveFitter
{
    /// <summary>A channel is fitted from this many weeks on.</summary>
    public const int MinWeeks = 26;

    /// <summary>… and when its weekly spend's coefficient of variation is at least this.</summary>
    public const double MinSpendVariation = 0.1;

    /// <summary>The last weeks held out to check the fit.</summary>
    public const int HoldoutWeeks = 13;

    /// <summary>Weeks per month: κ compares h with today's monthly spend × 12 / 52.</summary>
    public const double WeeksPerMonth = 52.0 / 12;

    /// <param name="draws">Replicates whose κ are drawn from each posterior (0: none), seeded with <paramref name="seed"/>.</param>
    public static ResponseCurves Fit(
        SpendHistory history, ChannelPerformanceTable performance, ResponseSettings response, int draws = 0, int seed = 0, PosteriorGrid? grid = null)
    {
        grid ??= PosteriorGrid.Default;
        var warnings = new List<string>();
        var known = new HashSet<string>(performance.Channels, StringComparer.Ordinal);
        foreach (var channel in history.Series.Keys.Where(c => !known.Contains(c)).Order(StringComparer.Ordinal))
        {
            warnings.Add($"channel '{channel}' appears in {SpendHistory.Table} but not in channel_performance: its curve is not fitted");
        }

        var fits = new List<ResponseCurveFit>();
        var posteriors = new List<(string Channel, CurvePosterior Posterior, double CurrentWeekly)>();
        var pooled = new List<(double Fitted, double Linear, double Assumed)>();
        foreach (var row in performance.Rows)
        {
            var kappa0 = response.KappaFor(row.Channel);
            var currentWeekly = row.CurrentMonthlySpend / WeeksPerMonth;
            if (!history.Series.TryGetValue(row.Channel, out var series))
            {
                fits.Add(new ResponseCurveFit(row.Channel, CurveStatus.Assumed, $"no rows in {SpendHistory.Table}", 0, kappa0));
                continue;
            }

            if (Unfittable(series.Spend, series.Weeks, currentWeekly) is { } reason)
            {
                fits.Add(new ResponseCurveFit(row.Channel, CurveStatus.Assumed, reason, series.Weeks, kappa0));
                continue;
            }

            var posterior = CurvePosterior.Compute(series.Spend, series.Conversions, series.Weeks, kappa0 * currentWeekly, grid);
            var fit = Summarise(row.Channel, series, posterior, currentWeekly);
            var holdout = Holdout(series, kappa0 * currentWeekly, grid);
            if (holdout is { } h)
            {
                fit = fit with { HoldoutSmape = Smape(h.Fitted), HoldoutSmapeLinear = Smape(h.Linear), HoldoutSmapeAssumed = Smape(h.Assumed) };
                pooled.AddRange(h.Fitted.Zip(h.Linear, h.Assumed));
            }

            fits.Add(fit);
            posteriors.Add((row.Channel, posterior, currentWeekly));
        }

        var score = pooled.Count == 0
            ? null
            : new HoldoutScore(pooled.Average(p => p.Fitted), pooled.Average(p => p.Linear), pooled.Average(p => p.Assumed), pooled.Count);
        return new ResponseCurves(fits, score, history.Rows, history.Series.Values.Select(s => s.Weeks).DefaultIfEmpty(0).Max(), warnings)
        {
            Draws = Draw(posteriors, draws, seed),
        };
    }

    /// <summary>Why a channel keeps its assumed κ; null when it can be fitted.</summary>
    public static string? Unfittable(IReadOnlyList<double> spend, int weeks, double currentWeekly)
    {
        if (weeks < MinWeeks)
        {
            return string.Create(CultureInfo.InvariantCulture, $"only {weeks} weeks of history ({MinWeeks} needed)");
        }

        var mean = spend.Take(weeks).Average();
        if (!(mean > 0))
        {
            return "no spend in its history";
        }

        var sd = Math.Sqrt(spend.Take(weeks).Sum(x => (x - mean) * (x - mean)) / weeks);
        if (sd / mean < MinSpendVariation)
        {
            return string.Create(CultureInfo.InvariantCulture, $"weekly spend hardly varies (coefficient of variation {sd / mean:0.###} < {MinSpendVariation})");
        }

        return currentWeekly > 0 ? null : "no current spend: κ is measured in multiples of it";
    }

    private static ResponseCurveFit Summarise(string channel, WeeklySeries series, CurvePosterior posterior, double currentWeekly)
    {
        var tail = (1 - 0.95) / 2;
        var h = posterior.ScaleQuantile(0.5);
        var low = posterior.ScaleQuantile(tail);
        var high = posterior.ScaleQuantile(1 - tail);
        var (b, a, sse) = FitAt(series.Spend, series.Conversions, series.Weeks, posterior.MeanTheta, h);
        var y = series.Conversions;
        var meanY = y.Average();
        var syy = y.Sum(v => (v - meanY) * (v - meanY));

        // The data do not keep h away from the box's edge: the interval reaches within 5 % of it.
        var atBound = low <= posterior.MinScale * 1.05 || high >= posterior.MaxScale / 1.05;
        var adstock = new double[series.Weeks];
        CurveLeastSquares.Adstock(series.Spend.ToArray(), posterior.MeanTheta, adstock);
        var chart = new CurveChart(adstock, series.Conversions, SteadyAt(series, posterior.MeanTheta, low), SteadyAt(series, posterior.MeanTheta, high));
        return new ResponseCurveFit(
            channel,
            CurveStatus.Fitted,
            string.Create(CultureInfo.InvariantCulture, $"{series.Weeks} weeks of history"),
            series.Weeks,
            h / currentWeekly,
            low / currentWeekly,
            high / currentWeekly,
            posterior.MeanTheta,
            h,
            b,
            a,
            sse,
            syy > 0 ? 1 - (sse / syy) : null,
            atBound)
        {
            Chart = chart,
        };
    }

    private static SteadyCurve SteadyAt(WeeklySeries series, double theta, double scale)
    {
        var (b, a, _) = FitAt(series.Spend, series.Conversions, series.Weeks, theta, scale);
        return new SteadyCurve(b, a, scale);
    }

    /// <summary>(b, A) and SSE of the curve at (θ, h) over the first <paramref name="weeks"/> weeks.</summary>
    public static (double B, double A, double Sse) FitAt(IReadOnlyList<double> spend, IReadOnlyList<double> conversions, int weeks, double theta, double scale)
    {
        var f = Basis(spend, theta, scale);
        return CurveLeastSquares.Fit(f, conversions.ToArray(), weeks);
    }

    /// <summary><c>1 - exp(-a_t / h)</c> over the whole series (the adstock of held-out weeks carries the weeks before them).</summary>
    private static double[] Basis(IReadOnlyList<double> spend, double theta, double scale)
    {
        var adstock = new double[spend.Count];
        CurveLeastSquares.Adstock(spend.ToArray(), theta, adstock);
        var f = new double[spend.Count];
        CurveLeastSquares.Saturate(adstock, scale, f);
        return f;
    }

    /// <summary>
    /// Fit on all but the last <see cref="HoldoutWeeks"/> weeks and predict them, with the two rivals fitted on the
    /// same weeks: linear in spend (<c>b + m x_t</c>, plain least squares) and the assumed curve (θ = 0, h = κ0 · current weekly spend).
    /// Null when the training weeks could not be fitted on their own.
    /// </summary>
    private static (double[] Fitted, double[] Linear, double[] Assumed)? Holdout(WeeklySeries series, double priorScale, PosteriorGrid grid)
    {
        var train = series.Weeks - HoldoutWeeks;
        if (train < MinWeeks || Unfittable(series.Spend, train, 1) is not null)
        {
            return null;
        }

        var posterior = CurvePosterior.Compute(series.Spend, series.Conversions, train, priorScale, grid);
        var h = posterior.ScaleQuantile(0.5);
        var fitted = Predictor(series, train, posterior.MeanTheta, h);
        var assumed = Predictor(series, train, 0, priorScale);

        var x = series.Spend.Take(train).ToArray();
        var y = series.Conversions.Take(train).ToArray();
        var (mx, my) = (x.Average(), y.Average());
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var slope = sxx > 0 ? x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / sxx : 0;
        var intercept = my - (slope * mx);

        var held = Enumerable.Range(train, HoldoutWeeks).ToArray();
        return (
            held.Select(t => Pair(fitted(t), series.Conversions[t])).ToArray(),
            held.Select(t => Pair(intercept + (slope * series.Spend[t]), series.Conversions[t])).ToArray(),
            held.Select(t => Pair(assumed(t), series.Conversions[t])).ToArray());
    }

    private static Func<int, double> Predictor(WeeklySeries series, int train, double theta, double scale)
    {
        var f = Basis(series.Spend, theta, scale);
        var (b, a, _) = CurveLeastSquares.Fit(f, series.Conversions.ToArray(), train);
        return t => b + (a * f[t]);
    }

    /// <summary>One week's SMAPE term: <c>2 |ŷ - y| / (|ŷ| + |y|)</c>, 0 when both are 0.</summary>
    private static double Pair(double predicted, double actual)
    {
        var denominator = Math.Abs(predicted) + Math.Abs(actual);
        return denominator == 0 ? 0 : 2 * Math.Abs(predicted - actual) / denominator;
    }

    private static double Smape(double[] terms) => terms.Average();

    /// <summary>Replicate b, channel by channel in name order, from one seeded stream.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, double>> Draw(
        IReadOnlyList<(string Channel, CurvePosterior Posterior, double CurrentWeekly)> posteriors, int draws, int seed)
    {
        if (draws <= 0 || posteriors.Count == 0)
        {
            return [];
        }

        var random = new MersenneTwister(seed, threadSafe: false);
        var result = new IReadOnlyDictionary<string, double>[draws];
        for (var b = 0; b < draws; b++)
        {
            var kappas = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (channel, posterior, currentWeekly) in posteriors)
            {
                kappas[channel] = posterior.Draw(random).Scale / currentWeekly;
            }

            result[b] = kappas;
        }

        return result;
    }
}
