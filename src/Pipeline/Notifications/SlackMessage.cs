using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>Slack incoming-webhook messages (Block Kit).</summary>
public static class SlackMessage
{
    public static JsonObject Succeeded(PublishedRun run)
    {
        var blocks = new JsonArray
        {
            Header(NotificationText.Title(run)),
            Section(NotificationText.Calibration(run)),
            Section(string.Join("\n", run.Budgets.Select(b => "• " + NotificationText.Budget(b)))),
        };
        if (run.Alerts.Count > 0)
        {
            blocks.Add(Section(":warning: *Alerts*\n" + string.Join("\n", run.Alerts.Select(a => "• " + a))));
        }

        if (run.ReportLink is not null)
        {
            blocks.Add(Section($"<{run.ReportLink}|Open the report>"));
        }

        return new JsonObject { ["text"] = NotificationText.Title(run), ["blocks"] = blocks };
    }

    public static JsonObject Failed(FailureNotice failure) => new()
    {
        ["text"] = NotificationText.FailureTitle(failure),
        ["blocks"] = new JsonArray { Header(":x: " + NotificationText.FailureTitle(failure)), Section(NotificationText.FailureBody(failure)) },
    };

    private static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
    };

    private static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = markdown },
    };
}
