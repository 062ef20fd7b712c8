using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>
/// Messages at the sizes a run may reach (50 budgets, 200 channels moving, a 2,000-character failure,
/// hostile names) sent to listeners that refuse what Slack and Teams refuse, and any live mention or link.
/// </summary>
public sealed class NotificationLimitTests
{
    private const string Hostile = "<!channel> <https://evil.example|x>";

    [Fact]
    public void Slack_HostileRuleName_IsEscapedToInertText()
    {
        Assert.Equal("&lt;!channel&gt; &lt;https://evil.example|x&gt;", MarkupEscaping.Slack(Hostile));
        Assert.Equal("a &amp;amp; b", MarkupEscaping.Slack("a &amp; b"));
    }

    [Fact]
    public void TeamsMarkdown_LinkAndEmphasis_AreEscaped()
    {
        Assert.Equal("\\<!channel\\> \\<https:\u200B//evil.example\\|x\\>", MarkupEscaping.TeamsMarkdown(Hostile));
        Assert.Equal("\\[x\\](https:\u200B//evil.example) \\*\\*bold\\*\\* Paid\\_Search", MarkupEscaping.TeamsMarkdown("[x](https://evil.example) **bold** Paid_Search"));
    }

    [Fact]
    public void Fit_EscapedTextOverTheLimit_CutsBeforeEscapingAndEndsInAnEllipsis()
    {
        var text = new string('<', 1000);

        var fitted = MarkupEscaping.Fit(text, MarkupEscaping.Slack, 150);

        // 37 characters of 4 each and the ellipsis: the longest whole prefix that fits.
        Assert.Equal(string.Concat(Enumerable.Repeat("&lt;", 37)) + "…", fitted);
        Assert.Equal("short", MarkupEscaping.Fit("short", MarkupEscaping.Slack, 150));
    }

    [Fact]
    public void Prioritised_InfeasibleFirstThenNearestTodaysSpend()
    {
        var budgets = new[] { 10_000.0, 50_000, 31_000, 29_000, 5_000 }
            .Select(b => Headline(b, b == 5_000 ? SolveStatus.Infeasible : SolveStatus.Optimal))
            .ToArray();

        var order = NotificationContent.Prioritised(budgets, currentSpend: 30_000).Select(b => b.Budget);

        Assert.Equal([5_000.0, 31_000, 29_000, 10_000, 50_000], order);
    }

    [Fact]
    public async Task NotifySucceeded_FiftyBudgetsTwoHundredAlertsHostileNames_BothServicesAcceptAndNothingIsLive()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Slack);
        using var teams = new RecordingWebhook(WebhookDialect.Teams);
        await using var services = Services(slack.Url, teams.Url);
        var run = LargeRun();

        await services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(run);

        Assert.Empty(slack.Refusals);
        Assert.Empty(teams.Refusals);
        var slackBody = JsonNode.Parse(Assert.Single(slack.Accepted))!;
        var blocks = slackBody["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, NotificationLimits.SlackBlocks);
        var slackText = string.Join("\n", blocks.Select(b => b!["text"]?["text"]?.GetValue<string>()));
        // The infeasible budget, then the budgets nearest today's spend (30,000): 20 shown, 30 counted.
        Assert.StartsWith("• Budget 1,000: infeasible", blocks[2]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("• Budget 29,000:", slackText, StringComparison.Ordinal);
        Assert.Contains("• Budget 31,000:", slackText, StringComparison.Ordinal);
        Assert.DoesNotContain("• Budget 99,000:", slackText, StringComparison.Ordinal);
        Assert.Contains("… and 30 more budgets - see the report", slackText, StringComparison.Ordinal);
        Assert.Contains("… and 180 more alerts - see the report", slackText, StringComparison.Ordinal);
        Assert.Contains("binding: &lt;!channel&gt; &lt;https://evil.example|x&gt;", slackText, StringComparison.Ordinal);
        // The runtime alert comes before the 200 drift alerts, so it is shown.
        Assert.Contains("the run took 75.0 min", slackText, StringComparison.Ordinal);

        var teamsBody = Assert.Single(teams.Accepted);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(teamsBody), 1, NotificationLimits.TeamsCardBytes);
        var teamsTexts = JsonNode.Parse(teamsBody)!["attachments"]![0]!["content"]!["body"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList();
        Assert.Contains(teamsTexts, t => t.Contains("binding: " + MarkupEscaping.TeamsMarkdown(Hostile), StringComparison.Ordinal));
        Assert.Contains("more budgets - see the report", teamsBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyFailed_TwoThousandCharactersOfMarkup_BothServicesAccept()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Slack);
        using var teams = new RecordingWebhook(WebhookDialect.Teams);
        await using var services = Services(slack.Url, teams.Url);
        var message = string.Concat(Enumerable.Repeat(Hostile, 100))[..2000];
        var failure = new FailureNotice(new string('<', 300), "weekly", "extract", message, new DateTime(2026, 11, 23, 11, 0, 0), new DateTime(2026, 11, 23, 11, 2, 0));

        await services.GetRequiredService<IRunNotifier>().NotifyFailedAsync(failure);

        Assert.Empty(slack.Refusals);
        Assert.Empty(teams.Refusals);
        var slackBlocks = JsonNode.Parse(Assert.Single(slack.Accepted))!["blocks"]!.AsArray();
        Assert.InRange(slackBlocks[0]!["text"]!["text"]!.GetValue<string>().Length, NotificationLimits.SlackHeaderChars - 4, NotificationLimits.SlackHeaderChars);
        Assert.InRange(slackBlocks[1]!["text"]!["text"]!.GetValue<string>().Length, 2000, NotificationLimits.SlackSectionChars);
        Assert.Single(teams.Accepted);
    }

    [Fact]
    public void SlackProblem_TheOldUncutMessage_IsRefusedAsSlackDoes()
    {
        // The listener must be able to fail: one section of every budget, and a raw mention.
        var section = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"• Budget {i}: " + new string('x', 100)));
        var tooLong = new JsonObject { ["text"] = "t", ["blocks"] = new JsonArray { new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = section } } } };
        var mention = new JsonObject { ["text"] = Hostile, ["blocks"] = new JsonArray() };

        Assert.StartsWith("invalid_blocks", RecordingWebhook.SlackProblem(tooLong.ToJsonString()), StringComparison.Ordinal);
        Assert.StartsWith("live_markup", RecordingWebhook.SlackProblem(mention.ToJsonString()), StringComparison.Ordinal);
        Assert.NotNull(RecordingWebhook.TeamsProblem(TeamsMessage.Failed(new FailureNotice("i", "weekly", "extract", "m", default, default)).ToJsonString().Replace("\\u0022", "\"", StringComparison.Ordinal).Replace("FAILED", "[x](y)", StringComparison.Ordinal), out var status));
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public void Succeeded_ReportLinkIsAFilePath_NoLinkInEitherMessage()
    {
        var run = LargeRun() with { ReportLink = "/home/app/processed/20261123_110000/report.html" };

        var slack = SlackMessage.Succeeded(run);
        var teams = TeamsMessage.Succeeded(run);

        Assert.DoesNotContain(slack["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "actions");
        Assert.Empty(teams["attachments"]![0]!["content"]!["actions"]!.AsArray());
    }

    [Fact]
    public void TeamsSucceeded_LongLines_CardIsCutToTheSizeLimit()
    {
        // 20 budgets and 20 alerts of 400 characters each are ~16 KB of text; with escaping they pass 25 KB.
        var run = LargeRun() with { Alerts = Enumerable.Range(0, 200).Select(i => new string('*', 400)).ToArray() };

        var card = TeamsMessage.Succeeded(run);

        Assert.InRange(TeamsMessage.Size(card), 1, NotificationLimits.TeamsCardBytes);
        var texts = card["attachments"]![0]!["content"]!["body"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList();
        var alertsShown = texts.Count(t => t.StartsWith("⚠ \\*", StringComparison.Ordinal));
        Assert.InRange(alertsShown, 1, NotificationLimits.MaxItemsShown - 1);
        Assert.Contains($"… and {200 - alertsShown} more alerts - see the report", texts);
    }

    private static PublishedRun LargeRun()
    {
        var budgets = Enumerable.Range(1, 50)
            .Select(i => i == 1
                ? Headline(1_000, SolveStatus.Infeasible) with { Reasons = ["minimum spends of " + Hostile + " add up to 9,000"] }
                : Headline(i * 2_000 - 1_000, SolveStatus.Optimal) with { BindingConstraints = [Hostile, "Social+Display"] })
            .Select((b, i) => i == 49 ? b with { Budget = 99_000 } : b)
            .ToArray();
        var alerts = new List<string> { "calibration SMAPE 0.733 at alpha 0.35 is above 0.35", "the run took 75.0 min, above the 60 min limit" };
        alerts.AddRange(Enumerable.Range(0, 198).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Hostile}_{i} weight moved +40% since run 20261116_110000 (0.100 -> 0.140), above the 25% alert threshold")));
        return new PublishedRun("20261123_110000", "20261123_110000", "https://account.blob.core.windows.net/runs/r/report.html?sig=x", 0.35, 0.7327, budgets, alerts, 4500)
        {
            CurrentSpend = 30_000,
        };
    }

    private static BudgetHeadline Headline(double budget, SolveStatus status) =>
        status == SolveStatus.Optimal
            ? new BudgetHeadline(budget, status, 100 + budget / 1000, 0.1, [], [])
            : new BudgetHeadline(budget, status, null, null, [], ["minimum spends add up to 9,000"]);

    private static ServiceProvider Services(string slackUrl, string teamsUrl)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<NotifyOptions>(o =>
        {
            o.SlackWebhookUrl = slackUrl;
            o.TeamsWebhookUrl = teamsUrl;
        });
        services.AddRunNotifier(retryDelay: TimeSpan.FromMilliseconds(50));
        return services.BuildServiceProvider();
    }
}
