namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Tells people how a run went (Slack, Teams).</summary>
public interface IRunNotifier
{
    Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default);

    Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default);
}
