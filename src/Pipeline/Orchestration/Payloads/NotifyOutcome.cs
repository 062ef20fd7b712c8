namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// What a notify activity did: sent everything, or was told to come back later (HTTP 429) after
/// <see cref="RetryAfterSeconds"/>, which the orchestration waits out with a durable timer rather than
/// inside the HTTP call. The webhooks that did answer are marked, so the next attempt skips them.
/// </summary>
public sealed record NotifyOutcome(double? RetryAfterSeconds = null)
{
    public static NotifyOutcome Sent { get; } = new();
}
