using System.Net;
using System.Text;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// Makes text from data or a request (channel and share-rule names, reasons, failure messages,
/// instance ids) inert in each target: it shows as written and never becomes a mention, a link or markup.
/// </summary>
public static class MarkupEscaping
{
    /// <summary>Slack mrkdwn and plain text: the three characters Slack reads as control (<c>&lt;!channel&gt;</c>, <c>&lt;url|text&gt;</c>).</summary>
    public static string Slack(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Teams (Adaptive Card) markdown: a backslash before every character that starts emphasis, a link
    /// (<c>[x](url)</c>, <c>&lt;url&gt;</c>) or code, and a zero-width space after a scheme's colon, so a bare
    /// URL is not turned into a link.
    /// </summary>
    public static string TeamsMarkdown(string text)
    {
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\\' or '*' or '_' or '~' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                result.Append('\\');
            }

            result.Append(c);
            if (c == ':' && text.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal))
            {
                result.Append('\u200B');
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// HTML text content and attribute values (the e-mail): every markup character encoded, and - as for
    /// Teams - a zero-width space after a scheme's colon, so a mail client does not turn a bare URL into a link.
    /// </summary>
    public static string Html(string text) => WebUtility.HtmlEncode(text).Replace("://", ":\u200B//", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="text"/> cut so that its escaped form has at most <paramref name="limit"/> characters,
    /// ending in "…" when cut; never splits a surrogate pair or an escape.
    /// </summary>
    public static string Fit(string text, Func<string, string> escape, int limit)
    {
        ArgumentNullException.ThrowIfNull(escape);
        var escaped = escape(text);
        if (escaped.Length <= limit)
        {
            return escaped;
        }

        // The longest prefix whose escaped form and the ellipsis fit: escaping only grows text, so search.
        int low = 0, high = Math.Min(text.Length, limit);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (escape(Prefix(text, mid)).Length + 1 <= limit)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return escape(Prefix(text, low)) + "…";
    }

    private static string Prefix(string text, int length) =>
        length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
}
