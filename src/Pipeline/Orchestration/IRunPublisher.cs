namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Writes a run folder and then <c>latest.json</c>; a failure leaves <c>latest.json</c> as it was.</summary>
public interface IRunPublisher
{
    Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default);
}
