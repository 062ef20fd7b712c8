namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>A webhook answered 429: send again after <see cref="RetryAfter"/>.</summary>
public sealed class WebhookThrottledException(string channel, TimeSpan retryAfter)
    : Exception($"{channel} webhook answered 429 Too Many Requests (retry after {retryAfter.TotalSeconds:0} s)")
{
    public string Channel { get; } = channel;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
