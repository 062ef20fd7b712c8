using System.Text;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// The e-mail notification (for the reader on neither Slack nor Teams): a subject and a self-contained
/// HTML summary with the same content and limits as the other channels - at most
/// <see cref="NotificationLimits.MaxItemsShown"/> budgets and alerts, most important first, each line cut
/// to <see cref="NotificationLimits.MaxLineChars"/> - and every text from data or a request HTML-encoded,
/// so a name never becomes markup, a link or a script. The report link, a SAS URL, is the one link.
/// </summary>
public sealed record EmailMessage(string Subject, string HtmlBody)
{
    public static EmailMessage Succeeded(PublishedRun run)
    {
        var content = NotificationContent.Of(run);
        var body = new StringBuilder();
        body.Append("<h2>").Append(MarkupEscaping.Html(content.Title)).Append("</h2>\n");
        body.Append("<p>").Append(MarkupEscaping.Html(content.Calibration)).Append("</p>\n");
        List(body, null, content.Budgets, "budgets");
        if (content.Alerts.Count > 0)
        {
            List(body, "Alerts", content.Alerts, "alerts");
        }

        if (content.ReportUrl is { } url)
        {
            // Encoded, not broken: the one link the message means to carry.
            body.Append("<p><a href=\"").Append(System.Net.WebUtility.HtmlEncode(url)).Append("\">Open the report</a></p>\n");
        }

        return new EmailMessage(SubjectOf(content.Title), Page(body));
    }

    public static EmailMessage Failed(FailureNotice failure)
    {
        var title = NotificationText.FailureTitle(failure);
        var body = new StringBuilder();
        body.Append("<h2 style=\"color:#b00020\">").Append(MarkupEscaping.Html(title)).Append("</h2>\n");
        body.Append("<p>").Append(MarkupEscaping.Html(NotificationText.FailureBody(failure))).Append("</p>\n");
        return new EmailMessage(SubjectOf(title), Page(body));
    }

    /// <summary>Plain text (a header, not HTML), one line, cut to <see cref="NotificationLimits.EmailSubjectChars"/>.</summary>
    private static string SubjectOf(string title) =>
        MarkupEscaping.Fit(title.ReplaceLineEndings(" "), t => t, NotificationLimits.EmailSubjectChars);

    private static void List(StringBuilder body, string? heading, IReadOnlyList<string> lines, string what)
    {
        if (heading is not null)
        {
            body.Append("<h3>").Append(MarkupEscaping.Html(heading)).Append("</h3>\n");
        }

        body.Append("<ul>\n");
        foreach (var line in lines.Take(NotificationLimits.MaxItemsShown))
        {
            body.Append("<li>").Append(MarkupEscaping.Html(line)).Append("</li>\n");
        }

        body.Append("</ul>\n");
        if (lines.Count > NotificationLimits.MaxItemsShown)
        {
            body.Append("<p>").Append(MarkupEscaping.Html(NotificationContent.More(lines.Count - NotificationLimits.MaxItemsShown, what))).Append("</p>\n");
        }
    }

    private static string Page(StringBuilder body) =>
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif\">\n" + body + "</body></html>\n";
}
