namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// What a notify activity did: sent everything, or was told to come back later (HTTP 429) after
/// <see cref="RetryAfterSeconds"/>, which the orchestration waits out with a durable timer rather than
/// inside the HTTP call. The webhooks that did answer are marked, so the next attempt skips them.
/// </summary>
public sealed record NotifyOutcome(double? RetryAfterSeconds = null)
{
    public static NotifyOutcome Sent { get; } = new();

    /// <summary>Sends, and turns a 429 into the wait it asks for (the one rule both notify activities follow).</summary>
    public static async Task<NotifyOutcome> OfAsync(Func<Task> send)
    {
        try
        {
            await send();
            return Sent;
        }
        catch (WebhookThrottledException throttled)
        {
            return new NotifyOutcome(throttled.RetryAfter.TotalSeconds);
        }
    }
}
