namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Where a person can open a run's report.</summary>
public interface IReportLinks
{
    Task<string?> LinkAsync(string runId, CancellationToken ct = default);
}
