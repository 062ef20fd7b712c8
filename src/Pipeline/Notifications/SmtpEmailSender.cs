using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MarkovFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// E-mail over SMTP with MailKit: one connection per message, TLS as configured, the sign-in only when a
/// user is set. The server's refusal (5yz) is permanent, the rest may heal (<see cref="NotificationFailure"/>).
/// The password is a secret: it goes to the server and nowhere else (no protocol log, no message quotes it).
/// </summary>
public sealed class SmtpEmailSender(IOptions<NotifyOptions> options) : IEmailSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(EmailMessage message, string notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = $"{notice}@markov-functions",
            Body = new TextPart(TextFormat.Html) { Text = message.HtmlBody },
        };
        // NotifyOptions requires the sender with the host, and the notifier sends only when the host is set.
        mime.From.Add(MailboxAddress.Parse(settings.SmtpFrom!));
        mime.To.AddRange(settings.SmtpRecipients().Select(MailboxAddress.Parse));

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, Security(settings.SmtpTls), ct);
            if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? string.Empty, ct);
            }

            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (SmtpCommandException refused)
        {
            throw NotificationFailure.For(RunNotifier.EmailChannel, NotificationProtocol.Smtp, (int)refused.StatusCode, string.Empty, refused.Message, refused);
        }
        catch (AuthenticationException refused)
        {
            // The server said no to the sign-in (535): a wrong user or password does not heal by retrying.
            throw NotificationFailure.For(RunNotifier.EmailChannel, NotificationProtocol.Smtp, 535, "authentication failed", refused.Message, refused);
        }
        catch (Exception failed) when (failed is ServiceNotConnectedException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new NotificationDeliveryException($"{RunNotifier.EmailChannel} could not be sent: {Domain.Inputs.InputValidationException.Truncate(failed.Message, 300)}", failed);
        }
    }

    // NotifyOptions refused any other value at start-up.
    private static SecureSocketOptions Security(string tls) => tls switch
    {
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
