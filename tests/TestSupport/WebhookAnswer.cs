using System.Net;

namespace MarkovFunctions.TestSupport;

/// <summary>One scripted answer of a <see cref="RecordingWebhook"/>: a status, for 429 how long to wait, and a body (Slack's <c>invalid_blocks</c>).</summary>
public sealed record WebhookAnswer(HttpStatusCode Status, TimeSpan? RetryAfter = null, string? Body = null);
