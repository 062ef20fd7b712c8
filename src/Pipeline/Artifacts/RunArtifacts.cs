using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.Uncertainty;
using Parquet;
using Parquet.Serialization;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// The files of one run folder (ARCHITECTURE.md, "Run folder"), built in memory from a run's outcome:
/// the same bytes whoever writes them (the CSV command line into a directory, the publisher into blobs).
/// </summary>
public static class RunArtifacts
{
    public const string Summary = "summary.json";
    public const string Manifest = "run_manifest.json";
    public const string TransitionMatrix = "transition_matrix.csv";
    public const string MarkovAttribution = "markov_attribution.parquet";

    /// <summary>Written only when the data has more than one customer segment (MODEL.md section 8).</summary>
    public const string MarkovAttributionBySegment = "markov_attribution_by_segment.parquet";
    /// <summary>Written only when the journeys have a campaign column (MODEL.md section 10).</summary>
    public const string MarkovAttributionByCampaign = "markov_attribution_by_campaign.parquet";
    public const string AttributionComparison = "attribution_comparison.parquet";
    public const string PerformanceEnriched = "channel_performance_enriched.parquet";
    public const string Sweep = "sweep_alpha_budget.parquet";
    public const string Report = "report.html";

    /// <summary>Written only when the run read a weekly spend history (MODEL.md section 11).</summary>
    public const string ResponseCurves = "response_curves.parquet";

    private static readonly ParquetOptions Parquet = new() { CompressionMethod = CompressionMethod.Snappy, CompressionLevel = CompressionLevel.Optimal };

    /// <summary><c>budget_scenario_65000.parquet</c>: the budget as an integer where it is one.</summary>
    public static string BudgetFileName(double budget) =>
        string.Create(CultureInfo.InvariantCulture, $"budget_scenario_{(budget == Math.Floor(budget) ? budget.ToString("0", CultureInfo.InvariantCulture) : budget.ToString("R", CultureInfo.InvariantCulture))}.parquet");

    public static async Task<SortedDictionary<string, byte[]>> BuildAsync(
        RunOutcome outcome, ChannelPerformanceTable performance, RunContext context, CancellationToken ct = default)
    {
        var summary = RunSummary.From(outcome);
        var stamp = DateTime.SpecifyKind(context.StartedUtc, DateTimeKind.Utc);
        var runId = context.RunId;
        var trigger = context.Trigger;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Summary] = summary.ToJsonBytes(),
            [TransitionMatrix] = TransitionMatrixCsv(outcome),
            [Manifest] = JsonSerializer.SerializeToUtf8Bytes(BuildManifest(outcome, performance, context), RunSummary.JsonOptions),
            [RecommendationModel.FileName] = JsonSerializer.SerializeToUtf8Bytes(
                new RecommendationModel(runId, outcome.Calibration.AlphaBest, outcome.Attribution, performance.Rows, outcome.Constraints, outcome.Response)
                {
                    Intervals = outcome.Intervals,
                    Goal = context.Parameters.GoalSettings.IsDefault ? null : context.Parameters.GoalSettings,
                    Values = outcome.Values,
                },
                RunSummary.JsonOptions),
        };

        var channelIntervals = outcome.Intervals?.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal) ?? [];
        files[MarkovAttribution] = await ParquetAsync(AttributionRows(outcome, channelIntervals, runId, stamp, trigger), ct);

        if (summary.CustomerSegments is { } segments)
        {
            files[MarkovAttributionBySegment] = await ParquetAsync(SegmentRows(segments, runId, stamp, trigger), ct);
        }

        if (outcome.Campaigns is { } campaigns)
        {
            files[MarkovAttributionByCampaign] = await ParquetAsync(CampaignRows(campaigns, runId, stamp, trigger), ct);
        }

        files[AttributionComparison] = await ParquetAsync(ComparisonRows(summary, runId, stamp, trigger), ct);

        files[PerformanceEnriched] = await ParquetAsync(PerformanceRows(outcome, performance, channelIntervals, runId, stamp, trigger), ct);

        if (summary.ResponseCurves is { } curves)
        {
            files[ResponseCurves] = await ParquetAsync(CurveRows(curves, runId, stamp, trigger), ct);
        }

        foreach (var budget in outcome.Budgets)
        {
            var rows = BudgetRows(budget, outcome.Intervals?.Budgets.FirstOrDefault(b => b.Budget == budget.Budget), performance, runId, stamp, trigger);
            files[BudgetFileName(budget.Budget)] = budget.Goal is { } goal
                ? await ParquetAsync(GoalRows(budget, goal, rows), ct)
                : await ParquetAsync(rows, ct);
        }

        files[Report] = Encoding.UTF8.GetBytes(HtmlReport.RunReport.Render(
            summary,
            new HtmlReport.ReportMetadata(runId, context.Trigger, context.StartedUtc, context.FinishedUtc, RunManifest.CodeVersion(), outcome.DataChecks),
            outcome.Curves?.Channels,
            outcome.Campaigns));

        files[Sweep] = await ParquetAsync(SweepRows(outcome, runId, stamp, trigger), ct);

        return files;
    }

    private static IEnumerable<MarkovAttributionRow> AttributionRows(RunOutcome outcome, IReadOnlyDictionary<string, ChannelInterval> channelIntervals, string runId, DateTime stamp, string trigger) =>
        outcome.Attribution.Channels.Select(c =>
        {
            var band = channelIntervals.GetValueOrDefault(c.Channel);
            return new MarkovAttributionRow
            {
                RunId = runId,
                RunTimestamp = stamp,
                Trigger = trigger,
                Channel = c.Channel,
                RemovalEffect = c.RemovalEffect,
                RemovalWeight = c.RemovalWeight,
                AttributedConversions = c.AttributedConversions,
                AttributedValue = c.AttributedValue,
                BaselineConversion = outcome.Attribution.BaselineConversion,
                RemovalWeightLow = band?.RemovalWeight.Low,
                RemovalWeightHigh = band?.RemovalWeight.High,
                AttributedConversionsLow = band?.AttributedConversions.Low,
                AttributedConversionsHigh = band?.AttributedConversions.High,
            };
        });

    private static IEnumerable<MarkovAttributionBySegmentRow> SegmentRows(IReadOnlyList<SummaryCustomerSegment> segments, string runId, DateTime stamp, string trigger) =>
        segments.SelectMany(segment => segment.Channels.Select(c => new MarkovAttributionBySegmentRow
        {
            RunId = runId,
            RunTimestamp = stamp,
            Trigger = trigger,
            CustomerSegment = segment.CustomerSegment,
            Channel = c.Channel,
            RemovalEffect = c.RemovalEffect,
            RemovalWeight = c.RemovalWeight,
            AttributedConversions = c.AttributedConversions,
            AttributedValue = c.AttributedValue,
            BaselineConversion = segment.BaselineConversion,
            SegmentJourneys = segment.Journeys,
            SegmentConvertedJourneys = segment.ConvertedJourneys,
            FirstTouch = c.FirstTouch,
            LastTouch = c.LastTouch,
            Linear = c.Linear,
            PositionBased = c.PositionBased,
            TimeDecay = c.TimeDecay,
            Shapley = c.Shapley,
        }));

    private static IEnumerable<MarkovAttributionByCampaignRow> CampaignRows(Domain.Attribution.CampaignAttribution campaigns, string runId, DateTime stamp, string trigger) =>
        campaigns.Campaigns.Select(c => new MarkovAttributionByCampaignRow
        {
            RunId = runId,
            RunTimestamp = stamp,
            Trigger = trigger,
            Channel = c.Channel,
            Campaign = c.Campaign,
            RemovalEffect = c.RemovalEffect,
            RemovalWeight = c.RemovalWeight,
            AttributedConversions = c.AttributedConversions,
            AttributedValue = c.AttributedValue,
            BaselineConversion = campaigns.BaselineConversion,
            FirstTouch = c.FirstTouch,
            LastTouch = c.LastTouch,
            Linear = c.Linear,
            PositionBased = c.PositionBased,
            TimeDecay = c.TimeDecay,
        });

    private static IEnumerable<AttributionComparisonRow> ComparisonRows(RunSummary summary, string runId, DateTime stamp, string trigger) =>
        summary.Channels.Select(c => new AttributionComparisonRow
        {
            RunId = runId,
            RunTimestamp = stamp,
            Trigger = trigger,
            Channel = c.Channel,
            Markov = c.AttributedConversions,
            FirstTouch = c.FirstTouch,
            LastTouch = c.LastTouch,
            Linear = c.Linear,
            PositionBased = c.PositionBased,
            TimeDecay = c.TimeDecay,
            Shapley = c.Shapley,
        });

    private static IEnumerable<ChannelPerformanceEnrichedRow> PerformanceRows(RunOutcome outcome, ChannelPerformanceTable performance, IReadOnlyDictionary<string, ChannelInterval> channelIntervals, string runId, DateTime stamp, string trigger)
    {
        var response = AlphaCalibration.ResponseAt(outcome.Calibration.AlphaBest, outcome.Attribution, performance);
        return performance.Rows.Select((r, i) =>
        {
            var weights = outcome.Calibration.Weights.Single(w => w.Channel == r.Channel);
            var band = channelIntervals.GetValueOrDefault(r.Channel);
            return new ChannelPerformanceEnrichedRow
            {
                RunId = runId,
                RunTimestamp = stamp,
                Trigger = trigger,
                Channel = r.Channel,
                CurrentMonthlySpend = r.CurrentMonthlySpend,
                ConversionsAttributed = r.ConversionsAttributed,
                CostPerConversion = r.CostPerConversion,
                MinMonthlySpend = r.MinMonthlySpend,
                MaxMonthlySpend = r.MaxMonthlySpend,
                ConversionRatePer1000 = r.ConversionRatePer1000,
                ProvidedWeight = weights.ProvidedWeight,
                RemovalWeight = weights.RemovalWeight,
                OptWeight = weights.OptWeight,
                Alpha = outcome.Calibration.AlphaBest,
                PredictedAtCurrentSpend = response.Channels[i].Coefficient * r.CurrentMonthlySpend,
                ConversionsPer1000Spend = response.Channels[i].Coefficient * 1000,
                RemovalWeightLow = band?.RemovalWeight.Low,
                RemovalWeightHigh = band?.RemovalWeight.High,
                AlphaBestLow = outcome.Intervals?.AlphaBest.Low,
                AlphaBestHigh = outcome.Intervals?.AlphaBest.High,
            };
        });
    }

    private static IEnumerable<ResponseCurveRow> CurveRows(IReadOnlyList<SummaryResponseCurve> curves, string runId, DateTime stamp, string trigger) =>
        curves.Select(c => new ResponseCurveRow
        {
            RunId = runId,
            RunTimestamp = stamp,
            Trigger = trigger,
            Channel = c.Channel,
            Status = c.Status,
            Reason = c.Reason,
            Weeks = c.Weeks,
            AdstockDecay = c.AdstockDecay,
            HalfSaturationWeekly = c.HalfSaturationWeekly,
            Kappa = c.Kappa,
            KappaLow = c.KappaLow,
            KappaHigh = c.KappaHigh,
            BaselineWeekly = c.BaselineWeekly,
            LevelWeekly = c.LevelWeekly,
            Sse = c.Sse,
            R2 = c.R2,
            HoldoutSmape = c.HoldoutSmape,
            HoldoutSmapeLinear = c.HoldoutSmapeLinear,
            HoldoutSmapeAssumed = c.HoldoutSmapeAssumed,
            AtBound = c.AtBound,
        });

    private static IEnumerable<SweepRow> SweepRows(RunOutcome outcome, string runId, DateTime stamp, string trigger) =>
        outcome.Sweep.Select(p => new SweepRow
        {
            RunId = runId,
            RunTimestamp = stamp,
            Trigger = trigger,
            Alpha = p.Alpha,
            Budget = p.Budget,
            Status = p.Status.Text(),
            PredictedConversions = p.PredictedConversions,
        });

    /// <summary>An infeasible budget still gets its file, one row per channel with the status and reasons and no spend.</summary>
    private static IEnumerable<BudgetScenarioRow> BudgetRows(BudgetResult budget, BudgetInterval? interval, ChannelPerformanceTable performance, string runId, DateTime stamp, string trigger)
    {
        var reasons = budget.Reasons.Count == 0 ? null : string.Join("; ", budget.Reasons);
        foreach (var row in performance.Rows)
        {
            var allocation = budget.Channels.FirstOrDefault(c => c.Channel == row.Channel);
            var spend = interval?.Channels.FirstOrDefault(c => c.Channel == row.Channel)?.OptimalSpend;
            yield return new BudgetScenarioRow
            {
                RunId = runId,
                RunTimestamp = stamp,
                Trigger = trigger,
                Budget = budget.Budget,
                Status = budget.Status.Text(),
                Reasons = reasons,
                Alpha = budget.Alpha,
                Channel = row.Channel,
                CurrentSpend = row.CurrentMonthlySpend,
                OptimalSpend = allocation?.OptimalSpend,
                SpendChangePct = allocation?.SpendChangePct,
                PredictedConversions = allocation?.PredictedConversions,
                MarginalValue = allocation?.MarginalValue,
                AtMin = allocation?.AtMin,
                AtMax = allocation?.AtMax,
                TotalPredictedConversions = budget.PredictedConversions,
                PredictedCurrent = budget.PredictedCurrent,
                Uplift = budget.Uplift,
                BudgetDual = budget.BudgetDual,
                BudgetMarginalValue = budget.BudgetMarginalValue,
                TotalPredictedConversionsLow = interval?.PredictedConversions?.Low,
                TotalPredictedConversionsHigh = interval?.PredictedConversions?.High,
                UpliftLow = interval?.Uplift?.Low,
                UpliftHigh = interval?.Uplift?.High,
                BeatsCurrentShare = interval?.BeatsCurrentShare,
                OptimalSpendLow = spend?.Low,
                OptimalSpendHigh = spend?.High,
            };
        }
    }

    /// <summary>The budget's rows with the goal's columns (MODEL.md sections 5.1 and 5.2): the plan's totals on every row, the channel's reason on its own.</summary>
    private static IEnumerable<BudgetScenarioGoalRow> GoalRows(BudgetResult budget, GoalOutcome goal, IEnumerable<BudgetScenarioRow> rows)
    {
        var moves = budget.Moves is { Count: > 0 } m ? string.Join("; ", m.Select(move => move.Text)) : null;
        return rows.Select(row =>
        {
            var allocation = budget.Channels.FirstOrDefault(c => c.Channel == row.Channel);
            return new BudgetScenarioGoalRow(row, goal.Goal)
            {
                Target = goal.Target,
                TotalSpend = goal.TotalSpend,
                PredictedValue = goal.PredictedValue,
                Cpa = goal.Cpa,
                Roas = goal.Roas,
                Objective = goal.Objective,
                TopMoves = moves,
                TopMoveGain = budget.Moves?.FirstOrDefault()?.Gain,
                ValuePerConversion = allocation?.ValuePerConversion,
                Reason = allocation?.Reason?.Code,
                ReasonText = allocation?.Reason?.Text,
                ReasonRule = allocation?.Reason?.Rule,
                ReasonRuleCost = allocation?.Reason?.RuleCost,
            };
        });
    }

    private static RunManifest BuildManifest(RunOutcome outcome, ChannelPerformanceTable performance, RunContext context)
    {
        var parameters = context.Parameters;
        return new RunManifest(
            RunManifest.CurrentSchemaVersion,
            context.RunId,
            context.InstanceId,
            context.Trigger,
            RunManifest.CodeVersion(),
            context.StartedUtc,
            context.FinishedUtc,
            outcome.Calibration.AlphaBest,
            outcome.Calibration.SmapeBest,
            outcome.Calibration.Mode.Text(),
            outcome.Budgets.Select(b => b.Budget).ToArray(),
            new ManifestConstraints(parameters.Constraints is null ? "default" : "configured", parameters.Constraints?.Source, outcome.Constraints),
            new ManifestResponse(
                outcome.Response.Mode.Text(),
                outcome.Response.Kappa,
                outcome.Response.KappaOverrides,
                outcome.Response.Segments),
            parameters.Window is { } window ? new ManifestWindow(window.From, window.AsOf, window.LookbackDays) : null,
            parameters.ExtractPartitions,
            outcome.Budgets.Select(b => new ManifestSolve(
                b.Budget,
                b.Status,
                b.IsOptimal ? [$"GLOP: optimal, objective {b.PredictedConversions?.ToString("R", CultureInfo.InvariantCulture)}"] : b.Reasons,
                b.ApproximationError)).ToArray(),
            outcome.DataChecks,
            outcome.Attribution.NegativeRemovalEffects,
            context.Timings,
            new ManifestRowCounts(outcome.Counts.Rows, outcome.Counts.Journeys, outcome.Counts.ConvertedJourneys, outcome.Counts.Channels.Count, performance.Rows.Count),
            outcome.Warnings,
            outcome.Alerts)
        {
            Intervals = SummaryUncertainty.From(outcome.Intervals),
            CustomerSegments = Math.Max(1, outcome.CustomerSegments.Count),
            MarkovOrder = outcome.MarkovOrder == Domain.Counting.MarkovOrder.One ? null : outcome.Attribution.Order,
            OrderSelection = outcome.OrderSelection?.Scores,
            SpendHistory = outcome.Curves is { } curves ? new ManifestSpendHistory(curves.Rows, curves.Weeks) : null,
        };
    }

    private static byte[] TransitionMatrixCsv(RunOutcome outcome)
    {
        using var stream = new MemoryStream();
        Artifacts.TransitionMatrixCsv.Write(outcome.Counts, stream);
        return stream.ToArray();
    }

    private static async Task<byte[]> ParquetAsync<T>(IEnumerable<T> rows, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows.ToArray(), stream, Parquet, null, ct);
        return stream.ToArray();
    }
}
