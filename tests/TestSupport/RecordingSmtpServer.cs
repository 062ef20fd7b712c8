using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on 127.0.0.1 and a free port: it
/// records every message it accepts, answers each DATA with the reply codes it is told to (then 250), and,
/// given a user, requires that user's sign-in (plain AUTH without TLS, as only a test may).
/// </summary>
public sealed class RecordingSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly ConcurrentQueue<int> _answers;

    public RecordingSmtpServer(string? user = null, string? password = null, params int[] answers)
    {
        _answers = new ConcurrentQueue<int>(answers);
        Port = RecordingWebhook.FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .AuthenticationRequired(user is not null)
                .AllowUnsecureAuthentication(user is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingUserAuthenticator((name, secret) =>
        {
            SignIns.Enqueue(name);
            return name == user && secret == password;
        }));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Every message accepted (answered 250), in order.</summary>
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Every DATA received, accepted or not.</summary>
    public int Attempts => _attempts;

    /// <summary>The user names that tried to sign in.</summary>
    public ConcurrentQueue<string> SignIns { get; } = new();

    private int _attempts;

    /// <summary>
    /// What in an HTML body a mail client would make live: any tag but the plain structure of a notice, a link
    /// other than <paramref name="allowedLink"/>, and a bare URL (scheme and "//" together) in the text.
    /// </summary>
    public static IReadOnlyList<string> LiveMarkup(string html, string? allowedLink)
    {
        ArgumentNullException.ThrowIfNull(html);
        var live = new List<string>();
        var text = html;
        if (allowedLink is not null)
        {
            text = text.Replace($"<a href=\"{WebUtility.HtmlEncode(allowedLink)}\">", string.Empty, StringComparison.Ordinal);
        }

        foreach (System.Text.RegularExpressions.Match tag in System.Text.RegularExpressions.Regex.Matches(text, "<[^>]*>"))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(tag.Value, "^</?(html|head|body|h2|h3|p|ul|li|a)>$|^<!DOCTYPE html>$|^<meta charset=\"utf-8\">$|^<body style=\"font-family:sans-serif\">$|^<h2 style=\"color:#b00020\">$"))
            {
                live.Add("tag " + tag.Value);
            }
        }

        if (WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(text, "<[^>]*>", " ")).Contains("://", StringComparison.Ordinal))
        {
            live.Add("a bare URL in the text");
        }

        return live;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(RecordingSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref server._attempts);
            if (server._answers.TryDequeue(out var code))
            {
                return new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.7.1 message refused" : "4.3.0 try again later");
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            server.Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
