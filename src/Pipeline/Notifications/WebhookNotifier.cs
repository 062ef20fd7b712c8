using System.Net;
using System.Net.Http.Json;
using MarkovFunctions.Domain.Inputs;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// Posts each notification to every configured webhook in its native format. The HttpClient comes
/// from the factory with a resilience handler, so transient failures are retried with back-off;
/// a webhook that still fails makes the activity fail, which the durable retry and the Azure alert see.
/// Each webhook that answered is marked in the artifact store (<c>notified/</c>), so a retried activity
/// (Teams failed after Slack answered, or a host died after sending) does not post the same news twice.
/// </summary>
public sealed partial class WebhookNotifier(HttpClient http, IOptions<NotifyOptions> options, ILogger<WebhookNotifier> logger, IArtifactStore? sent = null) : IRunNotifier
{
    public Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default) =>
        SendAsync(ArtifactPaths.SucceededNotice(run.RunId), SlackMessage.Succeeded(run), TeamsMessage.Succeeded(run), ct);

    public Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default) =>
        SendAsync(ArtifactPaths.FailedNotice(failure.InstanceId), SlackMessage.Failed(failure), TeamsMessage.Failed(failure), ct);

    private async Task SendAsync(string notice, JsonObject slack, JsonObject teams, CancellationToken ct)
    {
        var targets = new List<(string Channel, string Url, JsonObject Message)>();
        if (!string.IsNullOrWhiteSpace(options.Value.SlackWebhookUrl))
        {
            targets.Add(("Slack", options.Value.SlackWebhookUrl, slack));
        }

        if (!string.IsNullOrWhiteSpace(options.Value.TeamsWebhookUrl))
        {
            targets.Add(("Teams", options.Value.TeamsWebhookUrl, teams));
        }

        if (targets.Count == 0)
        {
            LogNoWebhook(logger);
            return;
        }

        foreach (var (channel, url, message) in targets)
        {
            var mark = ArtifactPaths.NoticeMark(notice, channel);
            if (sent is not null && await sent.ReadAsync(mark, ct) is not null)
            {
                LogAlreadySent(logger, channel);
                continue;
            }

            using var response = await http.PostAsJsonAsync(url, message, ct);
            if (!response.IsSuccessStatusCode)
            {
                await ThrowAsync(channel, response, ct);
            }

            if (sent is not null)
            {
                await sent.WriteAsync(mark, """{"sent":true}"""u8.ToArray(), "application/json", ct);
            }

            LogSent(logger, channel);
        }
    }

    /// <summary>
    /// The failure the answer means: 429 says when to come back; any other 4xx but 408 is a refusal of
    /// this message that sending it again only repeats (Slack's <c>invalid_blocks</c>, a revoked
    /// webhook), so it is permanent; the rest (5xx, 408) may heal. The URL is a secret: the message
    /// names the channel, not the address, and quotes the service's answer, cut.
    /// </summary>
    private static async Task ThrowAsync(string channel, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => TimeSpan.Zero,
            };
            throw new WebhookThrottledException(channel, wait < MinThrottleWait ? MinThrottleWait : wait);
        }

        var answer = (await response.Content.ReadAsStringAsync(ct)).Trim();
        var said = answer.Length == 0 ? string.Empty : ": " + Domain.Inputs.InputValidationException.Truncate(answer, 300);
        if (status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.RequestTimeout)
        {
            throw new PermanentFailureException($"notification refused by {channel}: {status} {response.ReasonPhrase}{said}");
        }

        throw new HttpRequestException($"{channel} webhook answered {status} {response.ReasonPhrase}{said}", null, response.StatusCode);
    }

    // A 429 without Retry-After still waits a little: sending at once is what it refused.
    private static readonly TimeSpan MinThrottleWait = TimeSpan.FromSeconds(5);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Notification sent to {Channel}")]
    private static partial void LogSent(ILogger logger, string channel);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "No Slack or Teams webhook is configured: the run notifies nobody")]
    private static partial void LogNoWebhook(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Notification to {Channel} was already sent for this run: not sent again")]
    private static partial void LogAlreadySent(ILogger logger, string channel);
}
