namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>Sends one notification e-mail to the configured recipients.</summary>
public interface IEmailSender
{
    /// <param name="notice">What the message is about (<c>run-RUN</c>, <c>failed-HASH</c>): its Message-ID, the same on every attempt.</param>
    Task SendAsync(EmailMessage message, string notice, CancellationToken ct = default);
}
