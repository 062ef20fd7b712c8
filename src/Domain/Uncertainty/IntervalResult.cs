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
    public IEnumerable<LinearResponse> Responses(ChannelPerformanceTable performance) => Replicas(performance).Select(r => r.Response);

    /// <summary>Each replicate's calibrated response with its model (whose curve draws, in fitted mode, go with it).</summary>
    public IEnumerable<(LinearResponse Response, ReplicateModel Model)> Replicas(ChannelPerformanceTable performance) =>
        Models.Select(m => (Response: AlphaCalibration.TryResponseAt(
                m.Alpha,
                new AttributionResult(0, 0, 0, 0, Channels.Select((c, i) => new ChannelAttribution(c.Channel, 0, m.RemovalWeights[i], 0, 0, 0, 0, 0, 0, 0)).ToArray(), []),
                performance), Model: m))
            .Where(r => r.Response is not null)
            .Select(r => (r.Response!, r.Model));

    /// <summary>The interval of a quantity computed on every replicate's response and curves (the predicted conversions of a plan, say).</summary>
    public Interval? Of(ChannelPerformanceTable performance, Optimisation.ResponseSettings curves, Func<LinearResponse, Optimisation.ResponseSettings, double> measure)
    {
        var values = Replicas(performance).Select(r => measure(r.Response, r.Model.CurvesOf(curves))).ToArray();
        return values.Length == 0 ? null : BootstrapIntervals.Percentile(values);
    }
}
