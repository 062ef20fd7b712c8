using System.Net;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static MarkovFunctions.Integration.Tests.Durable.PipelineOnEngineTests;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// What the orchestration does when telling people goes wrong, with the real webhook notifier and a
/// listener for Slack: a refusal leaves the published run Completed and says so, a 429 is waited out
/// with a durable timer, and a failed failure-notice never hides the run's real cause.
/// </summary>
public sealed class NotificationOnEngineTests
{
    private static readonly string CaseA = Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys");

    [Fact]
    public async Task WeeklyBudgetPipeline_SlackRefuses400_OneAttemptAndCompletedWithTheRefusalInItsStatusAndLog()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Any, Enumerable.Repeat(new WebhookAnswer(HttpStatusCode.BadRequest, Body: "invalid_blocks"), 4).ToArray());
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(services => Webhooks(services, slack.Url, logs)
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(new RecordingPublisher([])));

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        const string Expected = "published, notification refused by Slack: 400 Bad Request: invalid_blocks";
        Assert.Equal(Expected, done.ReadOutputAs<PipelineResult>()!.Warning);
        var status = await new DurableClientGateway(host.Client).GetAsync(done.InstanceId);
        Assert.Equal(("Completed", Expected), (status!.RuntimeStatus, status.Warning));
        Assert.Single(slack.Bodies);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(Expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_SlackAnswers429RetryAfter40_DeliveredAfterADurableWaitOfAtLeast40Seconds()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Slack, new WebhookAnswer(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(40)));
        await using var host = await StartAsync(services => Webhooks(services, slack.Url, new RecordingLoggerProvider())
            .AddSingleton<IJourneySource>(new CaseJourneySource(CaseA))
            .AddSingleton<IRunPublisher>(new RecordingPublisher([])));

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)), TimeSpan.FromSeconds(180));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Null(done.ReadOutputAs<PipelineResult>()!.Warning);
        var arrivals = slack.Arrivals.ToArray();
        Assert.Equal(2, arrivals.Length);
        Assert.Single(slack.Accepted);
        Assert.InRange((arrivals[1] - arrivals[0]).TotalSeconds, 40, 120);
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_ExtractFailsAndTheNoticeIsRefused_StatusAndLogNameTheExtractFailure()
    {
        using var slack = new RecordingWebhook(WebhookDialect.Any, new WebhookAnswer(HttpStatusCode.Forbidden, Body: "invalid_token"));
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(services => Webhooks(services, slack.Url, logs)
            .AddSingleton<IJourneySource>(new FailingJourneySource())
            .AddSingleton<IRunPublisher>(new RecordingPublisher([])));

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var status = await new DurableClientGateway(host.Client).GetAsync(done.InstanceId);
        Assert.Equal("customer_journeys.journey_step: " + FailingJourneySource.Message, status!.Failure);
        Assert.Equal("extract", status.Step);
        Assert.Single(slack.Bodies);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("failed at extract: customer_journeys.journey_step: " + FailingJourneySource.Message, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("notification refused by Slack: 403 Forbidden: invalid_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_OrchestratorCodeThrows_TheFailureIsNotifiedAndCut()
    {
        var failures = new List<FailureNotice>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys")))
            .AddSingleton<IRunPublisher>(new RecordingPublisher([]))
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));

        // An input the orchestrator's own code cannot use (no parameters): it throws in the extract step,
        // outside any activity (activities' results are names and small records it only passes on).
        var done = await RunAsync(host, new PipelineInput("test", null!));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var notice = Assert.Single(failures);
        Assert.Equal("extract", notice.Step);
        Assert.StartsWith("NullReferenceException: ", notice.Message, StringComparison.Ordinal);
        Assert.InRange(notice.Message.Length, 1, InputValidationException.MaxMessageLength);
        Assert.Equal(notice.Message, done.ReadCustomStatusAs<RunProgress>()!.Error);
    }

    private static IServiceCollection Webhooks(IServiceCollection services, string slackUrl, RecordingLoggerProvider logs)
    {
        services.AddLogging(b => b.AddProvider(logs));
        services.Configure<NotifyOptions>(o => o.SlackWebhookUrl = slackUrl);
        services.AddRunNotifier(retryDelay: TimeSpan.FromMilliseconds(50));
        services.AddSingleton<IHousekeeper>(new NoHousekeeping());
        return services;
    }
}
