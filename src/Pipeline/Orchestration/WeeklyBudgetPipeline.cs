using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// extract (fanned out over customer partitions) -> attribution -> calibration -> one LP activity per
/// budget -> bootstrap intervals (one activity, when on) -> publish -> notify. Deterministic: time comes from the context, every effect happens in an
/// activity, and a failure is reported and rethrown so the instance ends failed.
/// </summary>
public sealed partial class WeeklyBudgetPipeline : TaskOrchestrator<PipelineInput, PipelineResult>
{
    /// <summary>
    /// Activities that touch the database, storage or the network are retried with back-off, but only
    /// for failures that can heal: bad input, configuration, the model's refusals, PostgreSQL errors that
    /// repeat (classified by the PostgreSQL adapter, PostgresFailures), a webhook's refusal (4xx), running out of memory
    /// and a full disk fail on the first attempt (a retry only repeats them, an extract re-scans the table).
    /// </summary>
    public static readonly TaskOptions IoRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = IsTransient,
    });

    private static readonly string[] PermanentErrorTypes =
    [
        typeof(InputValidationException).FullName!,
        typeof(ConfigurationException).FullName!,
        typeof(ModelException).FullName!,
        typeof(PermanentFailureException).FullName!,
        // Memory does not come back in the seconds between attempts; the run needs a bigger plan or less data.
        typeof(OutOfMemoryException).FullName!,
        typeof(InsufficientMemoryException).FullName!,
    ];

    // A full disk (ENOSPC) is an IOException like any other by type; only its message, which .NET
    // takes from the OS, tells it apart.
    private static readonly string[] PermanentMessages = ["No space left on device", "There is not enough space on the disk"];

    /// <summary>False for a failure that a retry cannot heal (it, or any failure inside it, is of a permanent type).</summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        // By the type's name only: the permanent types are sealed, and TaskFailureDetails.IsCausedBy
        // resolves every type in the chain by name, which throws for names that several assemblies
        // define (System.Net.Sockets.SocketException, inside every "connection refused"); a throwing
        // handler means "do not retry", so exactly the failures that can heal were never retried.
        for (var details = failure; details is not null; details = details.InnerFailure)
        {
            if (PermanentErrorTypes.Contains(details.ErrorType, StringComparer.Ordinal)
                || PermanentMessages.Any(m => details.ErrorMessage?.Contains(m, StringComparison.Ordinal) == true))
            {
                return false;
            }
        }

        return true;
    }

    public override async Task<PipelineResult> RunAsync(TaskOrchestrationContext context, PipelineInput input)
    {
        var logger = context.CreateReplaySafeLogger<WeeklyBudgetPipeline>();
        var started = context.CurrentUtcDateTime;
        var runId = RunIds.Create(started, context.InstanceId);
        var parameters = input.Parameters;
        var steps = new RunSteps(context);
        try
        {
            var extracted = await steps.RunAsync("extract", _ => ExtractAsync(context, runId, parameters));
            var (attribution, fit) = await steps.RunAsync("attribution", _ => AttributeAsync(context, steps, runId, parameters, extracted));
            var calibration = await steps.RunAsync("calibration", _ => context.CallActivityAsync<Domain.Calibration.CalibrationResult>(
                PipelineNames.Calibrate, new CalibrateRequest(runId, attribution.Attribution, extracted.Performance, parameters.Alpha)));
            var goal = parameters.GoalSettings;
            var values = goal.IsDefault ? null : Domain.Optimisation.ConversionValues.From(attribution.Counts);
            var budgets = await steps.RunAsync("optimisation", _ => Task.WhenAll(parameters.Budgets.Select(budget => context.CallActivityAsync<OptimiseResponse>(
                PipelineNames.OptimiseBudget,
                new OptimiseRequest(
                    runId, budget, calibration.AlphaBest, parameters.Alpha.Grid(), attribution.Attribution, extracted.Performance, attribution.Constraints,
                    Domain.MarkovEngine.Steps.ResponseWith(parameters.Response, fit.Curves), goal.IsDefault ? null : goal, values)))));

            IntervalsResponse? intervals = null;
            if (parameters.Intervals.Enabled)
            {
                intervals = await steps.RunAsync("intervals", _ => context.CallActivityAsync<IntervalsResponse?>(
                    PipelineNames.Intervals,
                    new IntervalsRequest(runId, extracted.Partitions, extracted.Performance, parameters, attribution.Attribution, attribution.Constraints, budgets.Select(b => b.Result).ToArray(), values, fit.Inline())
                    {
                        CurvesWork = fit.Work,
                    }));
                if (intervals is null)
                {
                    attribution = attribution with { Warnings = [.. attribution.Warnings, Domain.Uncertainty.IntervalSettings.NoReplicateWarning] };
                }
            }

            var published = await steps.RunAsync("publish", publishStarted => context.CallActivityAsync<PublishedRun>(
                PipelineNames.Publish,
                new PublishRequest(runId, context.InstanceId, input.Trigger, started, publishStarted, parameters, extracted.Performance, attribution, calibration, budgets, [.. steps.Timings], intervals?.Inline(), fit.Inline())
                {
                    MovesLatest = input.MovesLatest,
                    Partitions = extracted.Partitions,
                    CurvesWork = fit.Work,
                    IntervalsWork = intervals?.Work,
                },
                IoRetry));
            published = await HousekeepAsync(context, steps, runId, published);

            // The run is published: from here nothing fails it. A notification that cannot be sent
            // is said in the run's status and log ("published, notification refused by Slack: ...").
            steps.Enter("notify");
            string? notifyWarning = null;
            if (await NotifyAsync(context, PipelineNames.Notify, published) is { } notifyProblem)
            {
                notifyWarning = "published, " + notifyProblem;
                LogNotifyFailed(logger, runId, notifyWarning);
                context.SetCustomStatus(new RunProgress(steps.Current) { Warning = notifyWarning });
            }

            LogPublished(logger, runId, published.Location);
            return new PipelineResult(PipelineStatus.Succeeded, runId, published) { Warning = notifyWarning };
        }
        catch (Exception failure) when (steps.Current != "notify" && failure is not OperationCanceledException)
        {
            await ReportFailureAsync(context, input, runId, started, steps.Current, failure);
            throw;
        }
    }

    /// <summary>What the extract step hands on: the names of the partitions' counts (in the run's work area) and the performance table.</summary>
    private sealed record Extracted(IReadOnlyList<string> Partitions, IReadOnlyList<ChannelPerformance> Performance);

    private static async Task<Extracted> ExtractAsync(TaskOrchestrationContext context, string runId, RunParameters parameters)
    {
        var performanceTask = context.CallActivityAsync<IReadOnlyList<ChannelPerformance>>(PipelineNames.ReadPerformance, runId, IoRetry);
        var extracted = await Task.WhenAll(Enumerable.Range(0, parameters.ExtractPartitions)
            .Select(p => context.CallActivityAsync<ExtractedPartition>(
                PipelineNames.ExtractPartition,
                new ExtractRequest(runId, p, parameters.ExtractPartitions, parameters.HalfLifeDays, parameters.Window, parameters.Intervals.CountingGroups, parameters.Order),
                IoRetry)));
        return new Extracted(extracted.Select(p => p.Counts).ToArray(), await performanceTask);
    }

    /// <summary>
    /// Attribution, with the response curves fitted beside it (MODEL.md section 11); the LPs are the first to need them
    /// (their summary), the intervals and the publish read them whole from the run's work area.
    /// </summary>
    private static async Task<(AttributeResponse Attribution, FitCurvesResponse Fit)> AttributeAsync(
        TaskOrchestrationContext context, RunSteps steps, string runId, RunParameters parameters, Extracted extracted)
    {
        var curvesTask = context.CallActivityAsync<FitCurvesResponse>(PipelineNames.FitCurves, new FitCurvesRequest(runId, extracted.Performance, parameters), IoRetry);
        var attribution = await context.CallActivityAsync<AttributeResponse>(
            PipelineNames.Attribute,
            new AttributeRequest(runId, extracted.Partitions, extracted.Performance, parameters.Constraints ?? Domain.Optimisation.ConstraintConfiguration.Default, parameters.Order));
        FitCurvesResponse fit;
        try
        {
            fit = await curvesTask;
        }
        catch (TaskFailedException)
        {
            // The fit fails only on the history it reads: like the other tables, that is the extract's failure.
            steps.Blame("extract");
            throw;
        }

        return (fit.Warnings.Count > 0 ? attribution with { Warnings = [.. attribution.Warnings, .. fit.Warnings] } : attribution, fit);
    }

    /// <summary>
    /// Housekeeping before notify, so a failure of it reaches the notification: a warning on a good run
    /// (its artifacts are published), never a failed run.
    /// </summary>
    private static async Task<PublishedRun> HousekeepAsync(TaskOrchestrationContext context, RunSteps steps, string runId, PublishedRun published)
    {
        steps.Blame("housekeeping");
        try
        {
            await context.CallActivityAsync(PipelineNames.Housekeeping, new HousekeepingRequest(runId), IoRetry);
            return published;
        }
        catch (TaskFailedException failure)
        {
            var warning = "housekeeping failed (the run is published; old run folders or history were not cleaned up): "
                + Domain.Inputs.InputValidationException.Truncate(failure.FailureDetails.ErrorMessage);
            LogHousekeepingFailed(context.CreateReplaySafeLogger<WeeklyBudgetPipeline>(), runId, warning);
            return published with { Alerts = [.. published.Alerts, warning] };
        }
    }

    /// <summary>
    /// Every failure of a step, an activity's or the orchestrator's own: logged, kept in the custom status
    /// (which outlives the failure on every backend; failure details do not reach every client) and notified.
    /// </summary>
    private static async Task ReportFailureAsync(TaskOrchestrationContext context, PipelineInput input, string runId, DateTime started, string step, Exception failure)
    {
        var logger = context.CreateReplaySafeLogger<WeeklyBudgetPipeline>();
        // Cut, because the message goes to the log, the run status and the notification, whatever its source.
        var message = Domain.Inputs.InputValidationException.Truncate(
            failure is TaskFailedException failed ? failed.FailureDetails.ErrorMessage : $"{failure.GetType().Name}: {failure.Message}");
        LogFailed(logger, runId, step, message);
        context.SetCustomStatus(new RunProgress(step, message));
        // A notice that cannot be sent is logged; the run's failure stays the real cause.
        if (await NotifyAsync(context, PipelineNames.NotifyFailure, new FailureNotice(context.InstanceId, input.Trigger, step, message, started, context.CurrentUtcDateTime)) is { } noticeProblem)
        {
            LogNotifyFailed(logger, runId, "failed at " + step + ", " + noticeProblem);
        }
    }

    /// <summary>
    /// Sends a notice, waiting out a 429 with a durable timer (at most <see cref="MaxThrottledSends"/> sends,
    /// each wait at most <see cref="MaxThrottleWait"/>). Never throws: returns what went wrong, or null when sent.
    /// </summary>
    private static async Task<string?> NotifyAsync<T>(TaskOrchestrationContext context, string activity, T notice)
    {
        for (var send = 1; ; send++)
        {
            NotifyOutcome outcome;
            try
            {
                outcome = await context.CallActivityAsync<NotifyOutcome>(activity, notice, IoRetry);
            }
            catch (TaskFailedException failure)
            {
                var message = Domain.Inputs.InputValidationException.Truncate(failure.FailureDetails.ErrorMessage);
                return message.StartsWith("notification ", StringComparison.Ordinal) ? message : "notification failed: " + message;
            }

            if (outcome.RetryAfterSeconds is not { } wait)
            {
                return null;
            }

            if (send == MaxThrottledSends)
            {
                return $"notification not sent: the webhook answered 429 (too many requests) {send} times";
            }

            var delay = TimeSpan.FromSeconds(Math.Clamp(wait, 1, MaxThrottleWait.TotalSeconds));
            await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
        }
    }

    private const int MaxThrottledSends = 5;

    private static readonly TimeSpan MaxThrottleWait = TimeSpan.FromMinutes(15);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Run {RunId} published to {Location}")]
    private static partial void LogPublished(ILogger logger, string runId, string location);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Run {RunId} failed at {Step}: {Message}")]
    private static partial void LogFailed(ILogger logger, string runId, string step, string message);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Run {RunId}: {Warning}")]
    private static partial void LogHousekeepingFailed(ILogger logger, string runId, string warning);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Run {RunId}: {Warning}")]
    private static partial void LogNotifyFailed(ILogger logger, string runId, string warning);
}
