using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Calibration;

public static class AlphaCalibration
{
    private const double TieTolerance = 1e-12;

    /// <summary>Builds the response at <paramref name="alpha"/>; fails when its scale is undefined.</summary>
    public static LinearResponse ResponseAt(double alpha, AttributionResult attribution, ChannelPerformanceTable performance) =>
        TryResponseAt(alpha, attribution, performance) ?? throw new ModelException(
            $"channel_performance.current_monthly_spend: at alpha {alpha:0.###} the predicted conversions at current spend are 0 (current_monthly_spend × conversion_rate_per_1000 × weight sums to 0 over the channels), so no scale matches the historical conversions; at least one channel with a weight needs a current_monthly_spend and a conversion_rate_per_1000 above 0");

    /// <summary>The response at <paramref name="alpha"/>, or null where no scale matches (zero predicted at current spend).</summary>
    public static LinearResponse? TryResponseAt(double alpha, AttributionResult attribution, ChannelPerformanceTable performance)
    {
        var rows = performance.Rows;
        var totalAttributed = rows.Sum(r => r.ConversionsAttributed);
        if (!(totalAttributed > 0))
        {
            throw new ModelException("channel_performance.conversions_attributed sums to 0: the calibration has no level to match");
        }

        var optWeights = rows
            .Select(r => (alpha * attribution.RemovalWeightOf(r.Channel)) + ((1 - alpha) * (r.ConversionsAttributed / totalAttributed)))
            .ToArray();
        var rawCurrent = rows.Select((r, i) => r.CurrentMonthlySpend / 1000 * r.ConversionRatePer1000 * optWeights[i]).Sum();
        if (!(rawCurrent > 0))
        {
            return null;
        }

        var scale = totalAttributed / rawCurrent;
        var channels = rows
            .Select((r, i) => new ChannelResponse(
                r.Channel,
                scale * r.ConversionRatePer1000 * optWeights[i] / 1000,
                r.CurrentMonthlySpend,
                r.MinMonthlySpend,
                r.MaxMonthlySpend,
                optWeights[i],
                r.ConversionsAttributed))
            .ToArray();
        return new LinearResponse(alpha, scale, channels);
    }

    /// <summary>SMAPE at current spend; a term whose two sides are both 0 counts 0.</summary>
    public static double Smape(LinearResponse response)
    {
        var total = 0d;
        foreach (var c in response.Channels)
        {
            var predicted = c.Coefficient * c.CurrentSpend;
            var denominator = Math.Abs(predicted) + Math.Abs(c.Actual);
            total += denominator == 0 ? 0 : 2 * Math.Abs(predicted - c.Actual) / denominator;
        }

        return total / response.Channels.Count;
    }

    public static CalibrationResult Calibrate(AttributionResult attribution, ChannelPerformanceTable performance, AlphaSettings settings)
    {
        settings.Validate();
        var table = settings.Grid()
            .Select(alpha => TryResponseAt(alpha, attribution, performance) is { } response
                ? new CalibrationPoint(alpha, Smape(response), response.Scale)
                : new CalibrationPoint(alpha, null, null))
            .ToArray();

        CalibrationPoint best;
        if (settings.Mode == AlphaMode.Fixed)
        {
            var response = ResponseAt(settings.FixedAlpha!.Value, attribution, performance);
            best = new CalibrationPoint(response.Alpha, Smape(response), response.Scale);
        }
        else
        {
            var defined = table.Where(p => p.Smape is not null).ToArray();
            if (defined.Length == 0)
            {
                throw new ModelException("channel_performance.current_monthly_spend: at every alpha of the grid the predicted conversions at current spend are 0 (current_monthly_spend × conversion_rate_per_1000 × weight sums to 0 over the channels), so no scale matches the historical conversions; at least one channel with a weight needs a current_monthly_spend and a conversion_rate_per_1000 above 0");
            }

            var minimum = defined.Min(p => p.Smape!.Value);
            best = defined.First(p => p.Smape <= minimum + TieTolerance);
        }

        var totalAttributed = performance.Rows.Sum(r => r.ConversionsAttributed);
        var weights = performance.Rows
            .Select(r =>
            {
                var provided = r.ConversionsAttributed / totalAttributed;
                var removal = attribution.RemovalWeightOf(r.Channel);
                return new ChannelWeights(r.Channel, provided, removal, (best.Alpha * removal) + ((1 - best.Alpha) * provided));
            })
            .ToArray();
        return new CalibrationResult(settings.Mode, best.Alpha, best.Smape!.Value, best.Scale!.Value, table, weights);
    }
}
