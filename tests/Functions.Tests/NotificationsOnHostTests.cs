using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.TestSupport;

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
        var mailBefore = app.Smtp.Messages.Count;
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

        // The e-mail: one HTML summary, through a real SMTP server that required the app's sign-in.
        var mail = Assert.Single(app.Smtp.Messages.Skip(mailBefore), m => m.Subject!.Contains(run.RunId, StringComparison.Ordinal));
        var html = mail.HtmlBody!;
        Assert.Empty(RecordingSmtpServer.LiveMarkup(html, ReportLink(html)));
        Assert.Contains(MarkupEscaping.Html(Hostile), html, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"… and {50 - NotificationLimits.MaxItemsShown} more budgets - see the report"), html, StringComparison.Ordinal);
        Assert.Equal(["lead@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.DoesNotContain(app.Host.Lines, l => l.Contains(FunctionsAppFixture.SmtpPassword, StringComparison.Ordinal));
    }

    /// <summary>The report link the notice carries (a blob SAS), or null.</summary>
    private static string? ReportLink(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]*)\">Open the report</a>") is { Success: true } link
            ? System.Net.WebUtility.HtmlDecode(link.Groups[1].Value)
            : null;
}
