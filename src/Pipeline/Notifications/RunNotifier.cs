using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// Sends each notification to every configured channel in its native format: the Slack and Teams
/// webhooks and e-mail over SMTP. The HttpClient comes from the factory with a resilience handler, so
/// transient HTTP failures are retried with back-off; a channel that still fails makes the activity fail,
/// which the durable retry and the Azure alert see (a refusal is permanent: <see cref="NotificationFailure"/>).
/// Each channel that took the message is marked in the artifact store (<c>notified/</c>), so a retried
/// activity (Teams failed after Slack answered, or a host died after sending) does not send the same news twice.
/// </summary>
public sealed partial class RunNotifier(
    HttpClient http, IOptions<NotifyOptions> options, ILogger<RunNotifier> logger, IArtifactStore? sent = null, IEmailSender? email = null) : IRunNotifier
{
    public const string EmailChannel = "E-mail";

    public Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default) =>
        SendAsync(ArtifactPaths.SucceededNotice(run.RunId), () => SlackMessage.Succeeded(run), () => TeamsMessage.Succeeded(run), () => EmailMessage.Succeeded(run), ct);

    public Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default) =>
        SendAsync(ArtifactPaths.FailedNotice(failure.InstanceId), () => SlackMessage.Failed(failure), () => TeamsMessage.Failed(failure), () => EmailMessage.Failed(failure), ct);

    private async Task SendAsync(string notice, Func<JsonObject> slack, Func<JsonObject> teams, Func<EmailMessage> mail, CancellationToken ct)
    {
        var settings = options.Value;
        var targets = new List<(string Channel, Func<Task> Send)>();
        if (!string.IsNullOrWhiteSpace(settings.SlackWebhookUrl))
        {
            targets.Add(("Slack", () => PostAsync("Slack", settings.SlackWebhookUrl, slack(), ct)));
        }

        if (!string.IsNullOrWhiteSpace(settings.TeamsWebhookUrl))
        {
            targets.Add(("Teams", () => PostAsync("Teams", settings.TeamsWebhookUrl, teams(), ct)));
        }

        if (settings.EmailConfigured && email is not null)
        {
            // The notice names the message: every attempt sends the same Message-ID.
            targets.Add((EmailChannel, () => email.SendAsync(mail(), notice, ct)));
        }

        if (targets.Count == 0)
        {
            LogNoChannel(logger);
            return;
        }

        foreach (var (channel, send) in targets)
        {
            var mark = ArtifactPaths.NoticeMark(notice, channel);
            if (sent is not null && await sent.ReadAsync(mark, ct) is not null)
            {
                LogAlreadySent(logger, channel);
                continue;
            }

            await send();
            if (sent is not null)
            {
                await sent.WriteAsync(mark, """{"sent":true}"""u8.ToArray(), "application/json", ct);
            }

            LogSent(logger, channel);
        }
    }

    private async Task PostAsync(string channel, string url, JsonObject message, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, message, ct);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(channel, response, ct);
        }
    }

    /// <summary>
    /// The failure the answer means: 429 says when to come back; the rest is <see cref="NotificationFailure"/>'s
    /// rule. The URL is a secret: the message names the channel, not the address.
    /// </summary>
    private static async Task ThrowAsync(string channel, HttpResponseMessage response, CancellationToken ct)
    {
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

        var answer = await response.Content.ReadAsStringAsync(ct);
        throw NotificationFailure.For(channel, NotificationProtocol.Http, (int)response.StatusCode, response.ReasonPhrase ?? string.Empty, answer);
    }

    // A 429 without Retry-After still waits a little: sending at once is what it refused.
    private static readonly TimeSpan MinThrottleWait = TimeSpan.FromSeconds(5);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Notification sent to {Channel}")]
    private static partial void LogSent(ILogger logger, string channel);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "No Slack or Teams webhook and no e-mail is configured: the run notifies nobody")]
    private static partial void LogNoChannel(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Notification to {Channel} was already sent for this run: not sent again")]
    private static partial void LogAlreadySent(ILogger logger, string channel);
}
