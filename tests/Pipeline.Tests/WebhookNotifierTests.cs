using System.Net;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class WebhookNotifierTests
{
    private static readonly PublishedRun Run = new(
        "20261123_110000",
        "processed/20261123_110000",
        "https://account.blob.core.windows.net/runs/20261123_110000/report.html?sv=1&sig=x",
        0.35,
        0.7327,
        [
            new BudgetHeadline(30000, SolveStatus.Optimal, 110.7387, 0.16567, ["Paid"], []),
            new BudgetHeadline(8000, SolveStatus.Infeasible, null, null, [], ["minimum spends add up to 9,000, above the budget 8,000"]),
        ],
        ["calibration SMAPE 0.733 at alpha 0.35 is above 0.35"],
        12.5);

    [Fact]
    public async Task NotifySucceeded_BothWebhooks_EachGetsItsNativeFormat()
    {
        using var slack = new RecordingWebhook();
        using var teams = new RecordingWebhook();
        await using var services = Services(slack.Url, teams.Url);

        await services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(Run);

        var slackBody = JsonNode.Parse(Assert.Single(slack.Bodies))!;
        Assert.Equal("Budget recommendation 20261123_110000 is ready, with 1 alert(s)", slackBody["text"]!.GetValue<string>());
        var slackText = string.Join("\n", slackBody["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()));
        Assert.Contains("alpha* 0.35", slackText);
        Assert.Contains("SMAPE 0.733", slackText);
        Assert.Contains("Budget 30,000: 110.7 conversions, uplift +16.6% (binding: Paid)", slackText);
        Assert.Contains("Budget 8,000: infeasible: minimum spends add up to 9,000, above the budget 8,000", slackText);

        var teamsBody = JsonNode.Parse(Assert.Single(teams.Bodies))!;
        Assert.Equal("message", teamsBody["type"]!.GetValue<string>());
        var card = teamsBody["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", card["content"]!["type"]!.GetValue<string>());
        Assert.Contains(card["content"]!["body"]!.AsArray(), b => b!["text"]!.GetValue<string>() == "⚠ calibration SMAPE 0.733 at alpha 0.35 is above 0.35");
        Assert.Equal(Run.ReportLink, card["content"]!["actions"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(Run.ReportLink, slackBody["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotifySucceeded_WithIntervals_WritesTheUpliftsInterval()
    {
        using var slack = new RecordingWebhook();
        using var teams = new RecordingWebhook();
        await using var services = Services(slack.Url, teams.Url);
        var run = Run with
        {
            Budgets = [new BudgetHeadline(30000, SolveStatus.Optimal, 110.7387, 0.12, ["Paid"], []) { UpliftLow = 0.0812, UpliftHigh = 0.1549 }, Run.Budgets[1]],
        };

        await services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(run);

        var slackText = string.Join("\n", JsonNode.Parse(Assert.Single(slack.Bodies))!["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()));
        Assert.Contains("Budget 30,000: 110.7 conversions, uplift +12.0% (95 %: +8.1% to +15.5%) (binding: Paid)", slackText);
        var card = JsonNode.Parse(Assert.Single(teams.Bodies))!["attachments"]![0]!["content"]!["body"]!.AsArray();
        Assert.Contains(card, b => b!["text"]!.GetValue<string>() == "• Budget 30,000: 110.7 conversions, uplift +12.0% (95 %: +8.1% to +15.5%) (binding: Paid)");
    }

    [Fact]
    public async Task NotifyFailed_TransientServerError_IsRetried()
    {
        using var slack = new RecordingWebhook(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        await using var services = Services(slack.Url, null);

        var failure = new FailureNotice("weekly-2026-W48", "weekly", "extract", "could not connect to PostgreSQL", new DateTime(2026, 11, 23, 11, 0, 0), new DateTime(2026, 11, 23, 11, 2, 0));
        await services.GetRequiredService<IRunNotifier>().NotifyFailedAsync(failure);

        Assert.Equal(2, slack.Bodies.Count);
        Assert.All(slack.Bodies, body => Assert.Contains("FAILED at extract", body));
    }

    [Fact]
    public async Task NotifySucceeded_WebhookRefuses400_PermanentAfterOneAttemptWithoutTheUrl()
    {
        using var slack = new RecordingWebhook(HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest);
        await using var services = Services(slack.Url, null);

        var error = await Assert.ThrowsAsync<PermanentFailureException>(() => services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(Run));

        Assert.Equal("notification refused by Slack: 400 Bad Request", error.Message);
        Assert.Single(slack.Bodies);
        Assert.DoesNotContain(slack.Url, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifySucceeded_SlackRefusesWithABody_TheRefusalQuotesIt()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Any, new WebhookAnswer(HttpStatusCode.BadRequest, Body: "invalid_blocks"));
        await using var services = Services(slack.Url, null);

        var error = await Assert.ThrowsAsync<PermanentFailureException>(() => services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(Run));

        Assert.Equal("notification refused by Slack: 400 Bad Request: invalid_blocks", error.Message);
        Assert.Single(slack.Bodies);
    }

    [Fact]
    public async Task NotifySucceeded_TooManyRequestsWithRetryAfter_ThrottledAtOnceWithTheWait()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Any, new WebhookAnswer(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(40)));
        await using var services = Services(slack.Url, null);

        var error = await Assert.ThrowsAsync<WebhookThrottledException>(() => services.GetRequiredService<IRunNotifier>().NotifySucceededAsync(Run));

        // Not waited out inside the HTTP call: one request, and the orchestration gets the 40 s.
        Assert.Equal(TimeSpan.FromSeconds(40), error.RetryAfter);
        Assert.Single(slack.Bodies);
    }

    [Fact]
    public async Task NotifySucceeded_RetriedAfterTeamsFailed_SlackGetsOneMessageAndTeamsOne()
    {
        // Slack answers; Teams fails past the client's retries (1 + 3 attempts), so the activity fails and is retried.
        using var slack = new RecordingWebhook();
        using var teams = new RecordingWebhook(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        var marks = Directory.CreateTempSubdirectory("markov-notified.");
        try
        {
            var store = new LocalDirectoryArtifactStore(marks.FullName);
            await using var services = Services(slack.Url, teams.Url, store);
            var notifier = services.GetRequiredService<IRunNotifier>();

            await Assert.ThrowsAsync<NotificationDeliveryException>(() => notifier.NotifySucceededAsync(Run));
            await notifier.NotifySucceededAsync(Run);
            await notifier.NotifySucceededAsync(Run);

            Assert.Single(slack.Bodies);
            Assert.Equal(5, teams.Bodies.Count);
            Assert.Equal(
                ["notified/run-20261123_110000/Slack.json", "notified/run-20261123_110000/Teams.json"],
                await store.ListAsync("notified/"));

            // Another run's news is news: sent again.
            await notifier.NotifySucceededAsync(Run with { RunId = "20261130_110000" });
            Assert.Equal(2, slack.Bodies.Count);
        }
        finally
        {
            marks.Delete(recursive: true);
        }
    }

    private static ServiceProvider Services(string? slackUrl, string? teamsUrl, IArtifactStore? store = null)

    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<NotifyOptions>(o =>
        {
            o.SlackWebhookUrl = slackUrl;
            o.TeamsWebhookUrl = teamsUrl;
        });
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        services.AddRunNotifier(retryDelay: TimeSpan.FromMilliseconds(50));
        return services.BuildServiceProvider();
    }
}
