using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Uncertainty;

public sealed record IntervalResult(
    string Method,
    int Replicates,
    double Level,
    int Seed,
    int Groups,
    int FailedReplicates,
    Interval AlphaBest,
    IReadOnlyList<ChannelInterval> Channels,
    IReadOnlyList<BudgetInterval> Budgets,
    IReadOnlyList<ReplicateModel> Models)
{
    /// <summary>Each replicate's calibrated response on <paramref name="performance"/>: what a plan is evaluated on.</summary>
    public IEnumerable<LinearResponse> Responses(ChannelPerformanceTable performance) =>
        Models.Select(m => AlphaCalibration.TryResponseAt(
                m.Alpha,
                new AttributionResult(0, 0, 0, 0, Channels.Select((c, i) => new ChannelAttribution(c.Channel, 0, m.RemovalWeights[i], 0, 0, 0, 0, 0, 0, 0)).ToArray(), []),
                performance))
            .OfType<LinearResponse>();

    /// <summary>The interval of a quantity computed on every replicate's response (the predicted conversions of a plan, say).</summary>
    public Interval? Of(ChannelPerformanceTable performance, Func<LinearResponse, double> measure)
    {
        var values = Responses(performance).Select(measure).ToArray();
        return values.Length == 0 ? null : BootstrapIntervals.Percentile(values);
    }
}
