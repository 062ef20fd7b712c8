using System.Text;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// Slack incoming-webhook messages (Block Kit), always within Slack's limits (<see cref="NotificationLimits"/>).
/// Every text is escaped for Slack and every section is verbatim, so no name or message becomes a
/// mention or a link; the report link is a button, the one link the message carries.
/// </summary>
public static class SlackMessage
{
    // Sections for each list at most, and one more for what was left out: with the header, the
    // calibration line and the button, 2 + 2 * (20 + 1) + 1 = 45 blocks, under Slack's 50.
    private const int MaxSectionsPerList = 20;

    public static JsonObject Succeeded(PublishedRun run)
    {
        var content = NotificationContent.Of(run);
        var title = MarkupEscaping.Fit(content.Title, MarkupEscaping.Slack, NotificationLimits.SlackHeaderChars);
        var blocks = new JsonArray { Header(title), Section(MarkupEscaping.Slack(content.Calibration)) };
        AddList(blocks, null, content.Budgets, "budgets");
        if (content.Alerts.Count > 0)
        {
            AddList(blocks, ":warning: *Alerts*", content.Alerts, "alerts");
        }

        if (content.ReportUrl is { Length: <= NotificationLimits.SlackButtonUrlChars } url)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject { ["type"] = "button", ["text"] = PlainText("Open the report"), ["url"] = url },
                },
            });
        }

        return new JsonObject { ["text"] = title, ["blocks"] = blocks };
    }

    public static JsonObject Failed(FailureNotice failure)
    {
        var title = MarkupEscaping.Fit(":x: " + NotificationText.FailureTitle(failure), MarkupEscaping.Slack, NotificationLimits.SlackHeaderChars);
        return new JsonObject
        {
            ["text"] = title,
            ["blocks"] = new JsonArray
            {
                Header(title),
                Section(MarkupEscaping.Fit(NotificationText.FailureBody(failure), MarkupEscaping.Slack, NotificationLimits.SlackSectionChars)),
            },
        };
    }

    /// <summary>
    /// The lines, in order, packed into sections of at most <see cref="NotificationLimits.SlackSectionChars"/>;
    /// what does not fit in <see cref="MaxSectionsPerList"/> sections, or beyond <see cref="NotificationLimits.MaxItemsShown"/>
    /// lines, is counted in one last line.
    /// </summary>
    private static void AddList(JsonArray blocks, string? heading, IReadOnlyList<string> lines, string what)
    {
        var sections = new List<StringBuilder> { new(heading ?? string.Empty) };
        var shown = 0;
        foreach (var line in lines.Take(NotificationLimits.MaxItemsShown))
        {
            var text = "• " + MarkupEscaping.Slack(line);
            var current = sections[^1];
            if (current.Length > 0 && current.Length + 1 + text.Length > NotificationLimits.SlackSectionChars)
            {
                if (sections.Count == MaxSectionsPerList)
                {
                    break;
                }

                current = new StringBuilder();
                sections.Add(current);
            }

            current.Append(current.Length > 0 ? "\n" : string.Empty).Append(text);
            shown++;
        }

        foreach (var section in sections.Where(s => s.Length > 0))
        {
            blocks.Add(Section(section.ToString()));
        }

        if (shown < lines.Count)
        {
            blocks.Add(Section(MarkupEscaping.Slack(NotificationContent.More(lines.Count - shown, what))));
        }
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = PlainText(text) };

    // Verbatim: Slack neither links a URL nor parses a mention in the text; the escaping keeps the rest inert.
    private static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = markdown, ["verbatim"] = true },
    };
}
