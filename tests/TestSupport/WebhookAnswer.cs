using System.Net;

namespace MarkovFunctions.TestSupport;

/// <summary>One scripted answer of a <see cref="RecordingWebhook"/>: a status and, for 429, how long to wait.</summary>
public sealed record WebhookAnswer(HttpStatusCode Status, TimeSpan? RetryAfter = null);
