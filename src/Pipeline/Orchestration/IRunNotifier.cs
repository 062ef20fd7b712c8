namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Tells people how a run went (Slack, Teams). A refusal that no retry heals (HTTP 4xx other than
/// 408 and 429) is a <see cref="Domain.Inputs.PermanentFailureException"/>; a 429 is a
/// <see cref="WebhookThrottledException"/> carrying how long to wait.
/// </summary>
public interface IRunNotifier
{
    Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default);

    Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default);
}
