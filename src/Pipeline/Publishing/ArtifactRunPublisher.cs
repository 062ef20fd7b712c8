using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>
/// Turns the orchestration's results into a run folder and publishes it: every file and the history
/// copies (in the store, then in the local copy), the optional database sink, and only once all of
/// those succeeded, <c>latest.json</c> (store, then local copy). Uses no clock of its own (times come
/// from the orchestration) and compares drift with the newest good run before this one (never with
/// the run itself), so a retried publish writes the same bytes.
/// </summary>
public sealed partial class ArtifactRunPublisher(
    IArtifactStore store,
    IOptions<ArtifactsOptions> artifacts,
    IOptions<AlertOptions> alerts,
    ILogger<ArtifactRunPublisher> logger,
    IReportLinks? reportLinks = null,
    IScenarioSink? scenarios = null) : IRunPublisher
{
    public async Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default)
    {
        var outcome = new RunOutcome(
            MarkovEngine.Steps.ResponseWith(request.Parameters.Response, request.Curves),
            request.Attribution.Counts,
            request.Attribution.Attribution,
            request.Calibration,
            request.Attribution.Constraints,
            request.Budgets.Select(b => b.Result).ToArray(),
            MarkovEngine.OrderSweep(request.Budgets.SelectMany(b => b.Sweep)),
            request.Attribution.Warnings,
            [],
            request.Attribution.DataChecks)
        {
            Intervals = request.Intervals,
            CustomerSegments = request.Attribution.CustomerSegments,
            Campaigns = request.CampaignAttribution,
            Curves = request.Curves,
            Values = request.Parameters.GoalSettings.IsDefault ? null : Domain.Optimisation.ConversionValues.From(request.Attribution.Counts),
            MarkovOrder = request.Parameters.Order,
            OrderSelection = request.Attribution.OrderSelection,
        };
        var context = new RunContext(request.RunId, request.InstanceId, request.Trigger, request.StartedUtc, request.PublishedUtc, request.Timings, request.Parameters)
        {
            MovesLatest = request.MovesLatest,
        };
        return await PublishAsync(outcome, ChannelPerformanceTable.Create(request.Performance), context, ct);
    }

    /// <summary>The publish itself, for every host and mode (the orchestration, and <c>markov run</c> on CSV files).</summary>
    public async Task<PublishedRun> PublishAsync(RunOutcome outcome, ChannelPerformanceTable performance, RunContext context, CancellationToken ct = default)
    {
        var runId = context.RunId;
        var runtime = (context.FinishedUtc - context.StartedUtc).TotalSeconds;
        var publisher = new RunFolderWriter(store);
        var previous = await PreviousAsync(publisher, runId, ct);
        outcome = outcome with { Alerts = RunAlerts.Evaluate(outcome, alerts.Value.Thresholds, previous, runtime) };
        var files = await RunArtifacts.BuildAsync(outcome, performance, context, ct);
        var written = await publisher.WriteRunAsync(runId, files, ct);

        // The local copy is the same publish (run folder and history) into a directory.
        RunFolderWriter? local = null;
        if (!string.IsNullOrWhiteSpace(artifacts.Value.LocalCopyPath)
            && !(store is LocalDirectoryArtifactStore same && same.Root == Path.GetFullPath(artifacts.Value.LocalCopyPath)))
        {
            local = new RunFolderWriter(new LocalDirectoryArtifactStore(artifacts.Value.LocalCopyPath));
            await local.WriteRunAsync(runId, files, ct);
        }

        if (scenarios is not null)
        {
            await scenarios.WriteAsync(runId, context.Trigger, outcome.Budgets, ct);
        }

        // The link before the pointer: once latest.json names the run, nothing may fail the publish.
        // A link that cannot be made (RBAC not yet propagated, 503) is a warning, not a failed run.
        var warnings = new List<string>();
        var link = await ReportLinkAsync(runId, warnings, ct);

        // Every sink succeeded: only now do readers move to this run, if it is to be the recommendation of record.
        var moved = false;
        if (context.MovesLatest)
        {
            moved = (await publisher.MoveLatestAsync(runId, files.Keys.ToList(), written, ct)).LatestUpdated;
            if (local is not null)
            {
                try
                {
                    await local.MoveLatestAsync(runId, files.Keys.ToList(), ct: ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    warnings.Add("the local copy's latest.json was not moved (the run is published): " + InputValidationException.Truncate(ex.Message, 500));
                    LogWarning(logger, runId, warnings[^1]);
                }
            }
        }

        LogPublished(logger, runId, files.Count, moved);

        return Headlines(runId, outcome, performance, [.. outcome.Alerts, .. warnings], link, runtime);
    }

    /// <summary>The newest good run before this one, with its summary, for the drift alerts; null when there is none.</summary>
    private async Task<PreviousRun?> PreviousAsync(RunFolderWriter publisher, string runId, CancellationToken ct) =>
        await publisher.PreviousGoodRunAsync(runId, ct) is { } previousRun && await store.ReadAsync(ArtifactPaths.InRun(previousRun, RunArtifacts.Summary), ct) is { } bytes
            ? new PreviousRun(previousRun, RunSummary.FromJson(bytes))
            : null;

    /// <summary>The report link, or null with a warning added: a link that cannot be made (RBAC not yet propagated, 503) fails no run.</summary>
    private async Task<string?> ReportLinkAsync(string runId, List<string> warnings, CancellationToken ct)
    {
        if (reportLinks is null)
        {
            return null;
        }

        try
        {
            return await reportLinks.LinkAsync(runId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            warnings.Add("the report link could not be made (the run is published; report.html is in its run folder): " + InputValidationException.Truncate(ex.Message, 500));
            LogWarning(logger, runId, warnings[^1]);
            return null;
        }
    }

    /// <summary>What the notification and the run's status say of a published run: a few numbers per budget.</summary>
    private static PublishedRun Headlines(string runId, RunOutcome outcome, ChannelPerformanceTable performance, IReadOnlyList<string> alerts, string? link, double runtime) =>
        new PublishedRun(
            runId,
            ArtifactPaths.InRun(runId, string.Empty).TrimEnd('/'),
            link,
            outcome.Calibration.AlphaBest,
            outcome.Calibration.SmapeBest,
            outcome.Budgets.Select(b => new BudgetHeadline(
                b.Budget, b.Status, b.PredictedConversions, b.Uplift,
                b.Constraints.Where(c => c.Binding).Select(c => c.Name).ToArray(), b.Reasons)
            {
                UpliftLow = outcome.Intervals?.Budgets.FirstOrDefault(i => i.Budget == b.Budget)?.Uplift?.Low,
                UpliftHigh = outcome.Intervals?.Budgets.FirstOrDefault(i => i.Budget == b.Budget)?.Uplift?.High,
                GoalReached = b.Goal is { TotalSpend: { } spend } goal
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{goal.Goal}{(goal.Target is { } t ? $" {t:#,0.###}" : "")}: CPA {goal.Cpa:#,0.##} reached, ROAS {goal.Roas:0.###}, spend {spend:#,0}")
                    : null,
                TopMove = b.Moves is { Count: > 0 } moves ? moves[0].Text : null,
            }).ToArray(),
            alerts,
            runtime)
        {
            CurrentSpend = performance.Rows.Sum(r => r.CurrentMonthlySpend),
            Curves = outcome.Curves?.Channels.Select(c => c.Headline()).ToArray(),
        };

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Published run {RunId}: {Files} files, latest.json moved: {LatestUpdated}")]
    private static partial void LogPublished(ILogger logger, string runId, int files, bool latestUpdated);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Run {RunId}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string runId, string warning);
}
