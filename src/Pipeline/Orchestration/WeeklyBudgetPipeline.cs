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
    /// repeat (<see cref="Postgres.PostgresFailures"/>), a webhook's refusal (4xx), running out of memory
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
        var timings = new List<StepTiming>();
        var step = "extract";
        try
        {
            context.SetCustomStatus(new RunProgress(step));
            var stepStarted = context.CurrentUtcDateTime;
            var performanceTask = context.CallActivityAsync<IReadOnlyList<ChannelPerformance>>(PipelineNames.ReadPerformance, runId, IoRetry);
            var partitionTasks = Enumerable.Range(0, parameters.ExtractPartitions)
                .Select(p => context.CallActivityAsync<JourneyCounts>(
                    PipelineNames.ExtractPartition,
                    new ExtractRequest(runId, p, parameters.ExtractPartitions, parameters.HalfLifeDays, parameters.Window, parameters.Intervals.CountingGroups, parameters.Order),
                    IoRetry))
                .ToList();
            var extracted = await Task.WhenAll(partitionTasks);

            // The group counts go to the bootstrap only, not through attribution, calibration and publish.
            var groups = GroupCounts.Sum(extracted.Select(p => p.Groups).ToArray());
            var histories = parameters.Intervals.Enabled ? HistoryCounts.Sum(extracted.Select(p => p.Histories).ToArray()) : null;
            var partitions = extracted.Select(p => p with { Groups = null }).ToArray();
            var performance = await performanceTask;
            timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));

            step = "attribution";
            context.SetCustomStatus(new RunProgress(step));
            stepStarted = context.CurrentUtcDateTime;

            // The curves are fitted beside attribution (MODEL.md section 11); they are first needed by the LPs.
            var curvesTask = context.CallActivityAsync<FitCurvesResponse>(PipelineNames.FitCurves, new FitCurvesRequest(runId, performance, parameters), IoRetry);
            var attribution = await context.CallActivityAsync<AttributeResponse>(
                PipelineNames.Attribute, new AttributeRequest(runId, partitions, performance, parameters.Constraints ?? Domain.Optimisation.ConstraintConfiguration.Default, parameters.Order));
            FitCurvesResponse fit;
            try
            {
                fit = await curvesTask;
            }
            catch (TaskFailedException)
            {
                // The fit fails only on the history it reads: like the other tables, that is the extract's failure.
                step = "extract";
                throw;
            }

            var curves = fit.Curves;
            if (fit.Warnings.Count > 0)
            {
                attribution = attribution with { Warnings = [.. attribution.Warnings, .. fit.Warnings] };
            }

            timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));

            step = "calibration";
            context.SetCustomStatus(new RunProgress(step));
            stepStarted = context.CurrentUtcDateTime;
            var calibration = await context.CallActivityAsync<Domain.Calibration.CalibrationResult>(
                PipelineNames.Calibrate,
                new CalibrateRequest(runId, attribution.Attribution, performance, parameters.Alpha));
            timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));

            step = "optimisation";
            context.SetCustomStatus(new RunProgress(step));
            stepStarted = context.CurrentUtcDateTime;
            var grid = parameters.Alpha.Grid();
            var goal = parameters.GoalSettings;
            var values = goal.IsDefault ? null : Domain.Optimisation.ConversionValues.From(attribution.Counts);
            var budgetTasks = parameters.Budgets
                .Select(budget => context.CallActivityAsync<OptimiseResponse>(
                    PipelineNames.OptimiseBudget,
                    new OptimiseRequest(
                        runId, budget, calibration.AlphaBest, grid, attribution.Attribution, performance, attribution.Constraints,
                        Domain.MarkovEngine.Steps.ResponseWith(parameters.Response, curves), goal.IsDefault ? null : goal, values)))
                .ToList();
            var budgets = await Task.WhenAll(budgetTasks);
            timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));

            Domain.Uncertainty.IntervalResult? intervals = null;
            if (parameters.Intervals.Enabled && groups is not null)
            {
                step = "intervals";
                context.SetCustomStatus(new RunProgress(step));
                stepStarted = context.CurrentUtcDateTime;
                intervals = await context.CallActivityAsync<Domain.Uncertainty.IntervalResult?>(
                    PipelineNames.Intervals,
                    new IntervalsRequest(runId, groups, performance, parameters, attribution.Attribution, attribution.Constraints, budgets.Select(b => b.Result).ToArray(), values, curves) { Histories = histories });
                timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));
                if (intervals is null)
                {
                    attribution = attribution with { Warnings = [.. attribution.Warnings, Domain.Uncertainty.IntervalSettings.NoReplicateWarning] };
                }
            }

            step = "publish";
            context.SetCustomStatus(new RunProgress(step));
            stepStarted = context.CurrentUtcDateTime;
            var published = await context.CallActivityAsync<PublishedRun>(
                PipelineNames.Publish,
                new PublishRequest(runId, context.InstanceId, input.Trigger, started, stepStarted, parameters, performance, attribution, calibration, budgets, timings, intervals, curves)
                {
                    MovesLatest = input.MovesLatest,
                },
                IoRetry);
            timings.Add(new StepTiming(step, stepStarted, context.CurrentUtcDateTime));

            // Housekeeping before notify, so a failure of it reaches the notification: a warning on
            // a good run (its artifacts are published), never a failed run.
            step = "housekeeping";
            try
            {
                await context.CallActivityAsync(PipelineNames.Housekeeping, new HousekeepingRequest(runId), IoRetry);
            }
            catch (TaskFailedException failure)
            {
                var warning = "housekeeping failed (the run is published; old run folders or history were not cleaned up): "
                    + Domain.Inputs.InputValidationException.Truncate(failure.FailureDetails.ErrorMessage);
                LogHousekeepingFailed(logger, runId, warning);
                published = published with { Alerts = [.. published.Alerts, warning] };
            }

            // The run is published: from here nothing fails it. A notification that cannot be sent
            // is said in the run's status and log ("published, notification refused by Slack: ...").
            step = "notify";
            context.SetCustomStatus(new RunProgress(step));
            string? notifyWarning = null;
            if (await NotifyAsync(context, PipelineNames.Notify, published) is { } notifyProblem)
            {
                notifyWarning = "published, " + notifyProblem;
                LogNotifyFailed(logger, runId, notifyWarning);
                context.SetCustomStatus(new RunProgress(step) { Warning = notifyWarning });
            }

            LogPublished(logger, runId, published.Location);
            return new PipelineResult(PipelineStatus.Succeeded, runId, published) { Warning = notifyWarning };
        }
        catch (Exception failure) when (step != "notify" && failure is not OperationCanceledException)
        {
            // Every failure of a step, an activity's or the orchestrator's own; cut, because the message
            // goes to the log, the run status and the notification, whatever its source.
            var message = Domain.Inputs.InputValidationException.Truncate(
                failure is TaskFailedException failed ? failed.FailureDetails.ErrorMessage : $"{failure.GetType().Name}: {failure.Message}");
            LogFailed(logger, runId, step, message);
            // The custom status outlives the failure on every backend; failure details do not reach every client.
            context.SetCustomStatus(new RunProgress(step, message));
            // A notice that cannot be sent is logged; the run's failure stays the real cause.
            if (await NotifyAsync(context, PipelineNames.NotifyFailure, new FailureNotice(context.InstanceId, input.Trigger, step, message, started, context.CurrentUtcDateTime)) is { } noticeProblem)
            {
                LogNotifyFailed(logger, runId, "failed at " + step + ", " + noticeProblem);
            }

            throw;
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
