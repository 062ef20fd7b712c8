using System.Text.Json;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// Teams incoming-webhook messages (an Adaptive Card in a message attachment), always under
/// <see cref="NotificationLimits.TeamsCardBytes"/>: the least important budgets and alerts are left
/// out (and counted) until the card fits. Every text is escaped for Teams markdown.
/// </summary>
public static class TeamsMessage
{
    public static JsonObject Succeeded(PublishedRun run)
    {
        var content = NotificationContent.Of(run);
        var budgets = Math.Min(content.Budgets.Count, NotificationLimits.MaxItemsShown);
        var alerts = Math.Min(content.Alerts.Count, NotificationLimits.MaxItemsShown);
        while (true)
        {
            var card = Succeeded(content, budgets, alerts);
            if (Size(card) <= NotificationLimits.TeamsCardBytes || budgets + alerts == 0)
            {
                return card;
            }

            // Drop from the longer list, keeping both kinds of news in view.
            if (alerts > budgets)
            {
                alerts--;
            }
            else
            {
                budgets--;
            }
        }
    }

    public static JsonObject Failed(FailureNotice failure) => Card(
        new JsonArray
        {
            Text(MarkupEscaping.TeamsMarkdown(NotificationText.FailureTitle(failure)), size: "Large", weight: "Bolder", color: "Attention"),
            Text(MarkupEscaping.TeamsMarkdown(NotificationText.FailureBody(failure))),
        },
        []);

    /// <summary>The serialized size Teams measures, in UTF-8 bytes.</summary>
    public static int Size(JsonObject message) => JsonSerializer.SerializeToUtf8Bytes(message).Length;

    private static JsonObject Succeeded(NotificationContent content, int budgets, int alerts)
    {
        var body = new JsonArray
        {
            Text(MarkupEscaping.TeamsMarkdown(content.Title), size: "Large", weight: "Bolder"),
            Text(MarkupEscaping.TeamsMarkdown(content.Calibration)),
        };
        foreach (var budget in content.Budgets.Take(budgets))
        {
            body.Add(Text("• " + MarkupEscaping.TeamsMarkdown(budget)));
        }

        if (budgets < content.Budgets.Count)
        {
            body.Add(Text(MarkupEscaping.TeamsMarkdown(NotificationContent.More(content.Budgets.Count - budgets, "budgets"))));
        }

        foreach (var alert in content.Alerts.Take(alerts))
        {
            body.Add(Text("⚠ " + MarkupEscaping.TeamsMarkdown(alert), color: "Attention"));
        }

        if (alerts < content.Alerts.Count)
        {
            body.Add(Text(MarkupEscaping.TeamsMarkdown(NotificationContent.More(content.Alerts.Count - alerts, "alerts")), color: "Attention"));
        }

        var actions = new JsonArray();
        if (content.ReportUrl is not null)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the report", ["url"] = content.ReportUrl });
        }

        return Card(body, actions);
    }

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
