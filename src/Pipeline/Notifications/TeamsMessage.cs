using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>Teams incoming-webhook messages (an Adaptive Card in a message attachment).</summary>
public static class TeamsMessage
{
    public static JsonObject Succeeded(PublishedRun run)
    {
        var body = new JsonArray
        {
            Text(NotificationText.Title(run), size: "Large", weight: "Bolder"),
            Text(NotificationText.Calibration(run)),
        };
        foreach (var budget in run.Budgets)
        {
            body.Add(Text("• " + NotificationText.Budget(budget)));
        }

        foreach (var alert in run.Alerts)
        {
            body.Add(Text("⚠ " + alert, color: "Attention"));
        }

        var actions = new JsonArray();
        if (run.ReportLink is not null)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the report", ["url"] = run.ReportLink });
        }

        return Card(body, actions);
    }

    public static JsonObject Failed(FailureNotice failure) => Card(
        new JsonArray
        {
            Text(NotificationText.FailureTitle(failure), size: "Large", weight: "Bolder", color: "Attention"),
            Text(NotificationText.FailureBody(failure)),
        },
        []);

    private static JsonObject Card(JsonArray body, JsonArray actions) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray
        {
            new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = body,
                    ["actions"] = actions,
                },
            },
        },
    };

    private static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (color is not null)
        {
            block["color"] = color;
        }

        return block;
    }
}
