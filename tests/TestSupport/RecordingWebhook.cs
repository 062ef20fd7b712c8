using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MarkovFunctions.TestSupport;

/// <summary>
/// A local HTTP listener standing in for a Slack or Teams endpoint (the one part that cannot run
/// here): it records every request body and answers with the status codes it is told to, or, in a
/// <see cref="WebhookDialect"/>, refuses what Slack or Teams refuse (and any live mention or link).
/// </summary>
public sealed partial class RecordingWebhook : IDisposable
{
    /// <summary>The payload size over which Teams answers 413.</summary>
    public const int TeamsRefusedBytes = 28 * 1024;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<WebhookAnswer> _answers = new();
    private readonly WebhookDialect _dialect;
    private readonly Task _loop;

    public RecordingWebhook(params HttpStatusCode[] answers)
        : this(WebhookDialect.Any, answers.Select(a => new WebhookAnswer(a)).ToArray())
    {
    }

    public RecordingWebhook(WebhookDialect dialect, params WebhookAnswer[] answers)
    {
        _dialect = dialect;
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url { get; }

    /// <summary>Every body received, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>The bodies this listener accepted (answered 2xx).</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>Why each refused body was refused, in order.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>When each request arrived.</summary>
    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>Why Slack would refuse <paramref name="body"/>, or would show a live mention or link; null when it is fine.</summary>
    public static string? SlackProblem(string body)
    {
        var message = JsonNode.Parse(body)!.AsObject();
        if (message["text"]?.GetValue<string>() is { } fallback && LiveSlackMarkup(fallback) is { } fallbackProblem)
        {
            return "live_markup: text " + fallbackProblem;
        }

        var blocks = message["blocks"]?.AsArray() ?? [];
        if (blocks.Count > 50)
        {
            return $"invalid_blocks: {blocks.Count} blocks, more than 50";
        }

        foreach (var block in blocks)
        {
            var type = block!["type"]!.GetValue<string>();
            if (type == "actions")
            {
                continue;
            }

            var text = block["text"]!["text"]!.GetValue<string>();
            var limit = type == "header" ? 150 : 3000;
            if (text.Length > limit)
            {
                return $"invalid_blocks: a {type} of {text.Length} characters, more than {limit}";
            }

            if (LiveSlackMarkup(text) is { } problem)
            {
                return $"live_markup: {type} {problem}";
            }

            if (type == "section" && block["text"]!["verbatim"]?.GetValue<bool>() != true && text.Contains("://", StringComparison.Ordinal))
            {
                return "live_markup: a URL in a section that is not verbatim is turned into a link";
            }
        }

        return null;
    }

    /// <summary>Why Teams would refuse <paramref name="body"/>, or would show a live link or HTML; null when it is fine.</summary>
    public static string? TeamsProblem(string body, out HttpStatusCode status)
    {
        status = HttpStatusCode.BadRequest;
        var size = Encoding.UTF8.GetByteCount(body);
        if (size > TeamsRefusedBytes)
        {
            status = HttpStatusCode.RequestEntityTooLarge;
            return $"payload of {size} bytes is too large";
        }

        var card = JsonNode.Parse(body)!["attachments"]![0]!["content"]!;
        foreach (var block in card["body"]!.AsArray())
        {
            var text = block!["text"]!.GetValue<string>();
            if (UnescapedTeamsMarkup().Match(text) is { Success: true } match)
            {
                return $"live_markup: '{match.Value}' in \"{text[..Math.Min(80, text.Length)]}\"";
            }
        }

        return null;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private static string? LiveSlackMarkup(string text)
    {
        if (text.IndexOfAny(['<', '>']) is var at and >= 0)
        {
            return $"has a raw '{text[at]}' (a mention or link): \"{text[..Math.Min(80, text.Length)]}\"";
        }

        return UnescapedAmpersand().IsMatch(text) ? "has a raw '&'" : null;
    }

    [GeneratedRegex("&(?!(amp|lt|gt);)")]
    private static partial Regex UnescapedAmpersand();

    // A markdown link or autolink, an HTML tag or a bare URL, not preceded by a backslash.
    [GeneratedRegex(@"(?<!\\)[\[<]|://")]
    private static partial Regex UnescapedTeamsMarkup();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Arrivals.Enqueue(DateTimeOffset.UtcNow);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Bodies.Enqueue(body);
            var answer = _answers.TryDequeue(out var next) ? next : new WebhookAnswer(HttpStatusCode.OK);
            string? problem = null;
            var status = answer.Status;
            if ((int)status < 300)
            {
                (problem, status) = Check(body);
            }

            context.Response.StatusCode = (int)status;
            if (answer.RetryAfter is { } wait)
            {
                context.Response.Headers["Retry-After"] = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if ((problem ?? answer.Body) is { } said)
            {
                if (problem is not null)
                {
                    Refusals.Enqueue(problem);
                }

                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(said));
            }

            if (problem is null && (int)status < 300)
            {
                Accepted.Enqueue(body);
            }

            context.Response.Close();
        }
    }

    private (string? Problem, HttpStatusCode Status) Check(string body)
    {
        switch (_dialect)
        {
            case WebhookDialect.Slack:
                return SlackProblem(body) is { } slack ? (slack, HttpStatusCode.BadRequest) : (null, HttpStatusCode.OK);
            case WebhookDialect.Teams:
                return TeamsProblem(body, out var status) is { } teams ? (teams, status) : (null, HttpStatusCode.OK);
            default:
                return (null, HttpStatusCode.OK);
        }
    }
}
