using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Notifications;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// The app on the real Functions host, notifying listeners that answer as Slack and Teams do: a run with
/// the most budgets a run may ask for and a share rule named to mention everyone and link away.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class NotificationsOnHostTests(FunctionsAppFixture app)
{
    private const string Hostile = "<!channel> <https://evil.example|x>";

    [Fact]
    public async Task StartRun_FiftyBudgetsAndAHostileRuleName_CompletesAndEveryMessageIsAcceptedAndInert()
    {
        var budgets = new JsonArray(Enumerable.Range(1, 50).Select(i => (JsonNode)(10_000 + (i * 500))).ToArray());
        var body = new JsonObject
        {
            ["budgets"] = budgets,
            ["intervals"] = 0,
            ["constraints"] = new JsonObject
            {
                ["constraints"] = new JsonArray { new JsonObject { ["name"] = Hostile, ["channels"] = new JsonArray("Paid Search", "Paid Social"), ["min_share"] = 0.8 } },
            },
        };
        var slackBefore = app.Webhook.Accepted.Count;
        var teamsBefore = app.TeamsWebhook.Accepted.Count;

        var run = await FunctionsAppFixture.RunToEndAsync(app.Host, body.ToJsonString(), TimeSpan.FromMinutes(8));

        Assert.Equal("Completed", run.RuntimeStatus);
        Assert.Null(run.Status["warning"]?.GetValue<string>());
        Assert.Empty(app.Webhook.Refusals);
        Assert.Empty(app.TeamsWebhook.Refusals);
        var slack = Assert.Single(app.Webhook.Accepted.Skip(slackBefore), b => b.Contains(run.RunId, StringComparison.Ordinal));
        var teams = Assert.Single(app.TeamsWebhook.Accepted.Skip(teamsBefore), b => b.Contains(run.RunId, StringComparison.Ordinal));
        var slackText = string.Join("\n", JsonNode.Parse(slack)!["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()));
        Assert.True(slackText.Contains(MarkupEscaping.Slack(Hostile), StringComparison.Ordinal), slackText);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"… and {50 - NotificationLimits.MaxItemsShown} more budgets - see the report"), slackText, StringComparison.Ordinal);
        var teamsTexts = JsonNode.Parse(teams)!["attachments"]![0]!["content"]!["body"]!.AsArray().Select(b => b!["text"]!.GetValue<string>());
        Assert.Contains(teamsTexts, t => t.Contains(MarkupEscaping.TeamsMarkdown(Hostile), StringComparison.Ordinal));
    }
}
