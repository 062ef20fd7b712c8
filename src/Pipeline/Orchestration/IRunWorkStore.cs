using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.ResponseFitting;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Where a run keeps its large data in flight: each extract partition's counts (with the bootstrap's
/// group counts and the order-k histories, megabytes at campaign scale) are written once by the extract
/// and read by attribution and the intervals, so the durable history carries only their names. The response
/// curves are kept whole here too (each replicate's κ draws, each curve's weekly points), written by the fit and
/// read by the intervals and the publish; and the bootstrap's result whole (its replicate models), written by the intervals
/// activity and read by the publish.
/// </summary>
public interface IRunWorkStore
{
    /// <summary>Writes one partition's counts (again, the same bytes, when an activity is retried); returns their name.</summary>
    Task<string> PutPartitionAsync(string runId, int partition, JourneyCounts counts, CancellationToken ct = default);

    /// <summary>The counts a name from <see cref="PutPartitionAsync"/> stands for, without the parts in <paramref name="skip"/>.</summary>
    Task<JourneyCounts> GetPartitionAsync(string name, PartitionSkips skip = PartitionSkips.None, CancellationToken ct = default);

    /// <summary>Writes the run's response curves whole (again, the same bytes, when the fit is retried); returns their name.</summary>
    Task<string> PutCurvesAsync(string runId, ResponseCurves curves, CancellationToken ct = default);

    /// <summary>The curves a name from <see cref="PutCurvesAsync"/> stands for.</summary>
    Task<ResponseCurves> GetCurvesAsync(string name, CancellationToken ct = default);

    /// <summary>Writes the run's campaign attribution (thousands of rows at campaign scale, MODEL.md section 10) for the publish; returns its name.</summary>
    Task<string> PutCampaignsAsync(string runId, Domain.Attribution.CampaignAttribution campaigns, CancellationToken ct = default);

    /// <summary>The campaign attribution a name from <see cref="PutCampaignsAsync"/> stands for.</summary>
    Task<Domain.Attribution.CampaignAttribution> GetCampaignsAsync(string name, CancellationToken ct = default);

    /// <summary>Writes the bootstrap's result whole, replicate models included (again, the same bytes, when the activity runs again); returns its name.</summary>
    Task<string> PutIntervalsAsync(string runId, Domain.Uncertainty.IntervalResult intervals, CancellationToken ct = default);

    /// <summary>The result a name from <see cref="PutIntervalsAsync"/> stands for.</summary>
    Task<Domain.Uncertainty.IntervalResult> GetIntervalsAsync(string name, CancellationToken ct = default);

    /// <summary>Deletes the work of <paramref name="runId"/> and of runs that started before <paramref name="staleBefore"/> (failed or abandoned ones).</summary>
    /// <returns>How many runs' work was deleted.</returns>
    Task<int> DeleteAsync(string runId, DateTime staleBefore, CancellationToken ct = default);
}
