using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain;

/// <summary>
/// The whole model of MODEL.md in one call, for the command line and tests. The durable
/// orchestration runs the same steps as separate activities (see <see cref="Steps"/>).
/// </summary>
public static class MarkovEngine
{
    /// <param name="alerts">Thresholds for the alerts one run can raise on its own (drift and runtime need a publisher).</param>
    /// <param name="settings">As checked by <see cref="RunSettings.Validate"/>, which the caller's edge runs before reading data.</param>
    /// <param name="history">The weekly spend history (MODEL.md section 11); null when the source has none.</param>
    public static RunOutcome Run(JourneyCounts counts, ChannelPerformanceTable performance, RunSettings settings, AlertThresholds? alerts = null, SpendHistory? history = null)
    {
        var warnings = new List<string>();
        var curves = Steps.FitCurves(history, performance, settings, warnings);
        settings = settings with { Response = Steps.ResponseWith(settings.Response, curves) };
        var constraints = Steps.ResolveConstraints(performance, settings.Constraints, warnings);
        var (order, orderSelection) = Steps.Order(counts, settings.Order);
        var attribution = Steps.Attribute(counts, performance, warnings, order);
        var customerSegments = Steps.AttributeCustomerSegments(counts, warnings, order);
        var campaigns = Steps.AttributeCampaigns(counts, warnings);
        var calibration = Steps.Calibrate(attribution, performance, settings.Alpha);
        var grid = settings.Alpha.Grid();
        var values = Steps.Values(counts, settings.Goal);
        var budgets = new List<BudgetResult>();
        IntervalResult? intervals = null;
        var sweep = new List<SweepPoint>();
        foreach (var budget in settings.Budgets)
        {
            var (result, points) = Steps.Optimise(budget, calibration.AlphaBest, grid, attribution, performance, constraints, settings.Response, settings.Goal, values);
            budgets.Add(result);
            sweep.AddRange(points);
        }

        if (settings.Intervals.Enabled && counts.Groups is { } groups)
        {
            intervals = Steps.Intervals(groups, performance, settings, constraints, attribution, budgets, counts.HalfLifeDays, curves, values, counts.Histories);
            if (intervals is null)
            {
                warnings.Add(IntervalSettings.NoReplicateWarning);
            }
        }

        var outcome = new RunOutcome(
            settings.Response,
            counts,
            attribution,
            calibration,
            constraints,
            budgets,
            OrderSweep(sweep),
            warnings,
            [],
            Steps.DataChecks(counts, performance))
        {
            Intervals = intervals,
            CustomerSegments = customerSegments,
            Campaigns = campaigns,
            MarkovOrder = settings.Order,
            OrderSelection = orderSelection,
            Curves = curves,
            Values = settings.Goal.IsDefault ? null : values,
        };
        return outcome with { Alerts = RunAlerts.Evaluate(outcome, alerts ?? AlertThresholds.Default) };
    }

    /// <summary>Sweep rows by alpha, then budget in the order given.</summary>
    public static IReadOnlyList<SweepPoint> OrderSweep(IEnumerable<SweepPoint> points) =>
        points.Select((p, i) => (p, i)).OrderBy(t => t.p.Alpha).ThenBy(t => t.i).Select(t => t.p).ToArray();

    /// <summary>The steps of a run, each small enough to be one durable activity.</summary>
    public static class Steps
    {
        /// <summary>
        /// Each channel's curve from the weekly history, with replicate draws when intervals are on; null without history.
        /// Fitted mode without history fails naming the table.
        /// </summary>
        public static ResponseCurves? FitCurves(SpendHistory? history, ChannelPerformanceTable performance, RunSettings settings, ICollection<string> warnings)
        {
            if (history is null || history.Rows == 0)
            {
                return settings.Response.Mode == ResponseMode.Fitted
                    ? throw new InputValidationException(SpendHistory.Table, null, "response mode fitted learns each channel's curve from this table, and it has no rows (give it, or --history FILE, or choose linear or saturating)")
                    : null;
            }

            var curves = ResponseCurveFitter.Fit(history, performance, settings.Response, settings.Intervals.Replicates, settings.Intervals.Seed);
            foreach (var warning in curves.Warnings)
            {
                warnings.Add(warning);
            }

            return curves;
        }

        /// <summary>In fitted mode, each fitted channel's κ and its 95 % interval, on which the LP plans the cautious curve (MODEL.md section 11); every other mode as it was.</summary>
        public static ResponseSettings ResponseWith(ResponseSettings response, ResponseCurves? curves) =>
            response.Mode == ResponseMode.Fitted && curves is not null ? response with { FittedKappas = curves.FittedKappas(), FittedKappaIntervals = curves.FittedKappaIntervals() } : response;

        public static IReadOnlyList<ShareConstraint> ResolveConstraints(ChannelPerformanceTable performance, ConstraintConfiguration configuration, ICollection<string> warnings) =>
            configuration.Resolve(performance.Channels.ToArray(), warnings);

        /// <param name="order">The order of the chain (MODEL.md section 12); the counts must carry its histories above 1.</param>
        public static AttributionResult Attribute(JourneyCounts counts, ChannelPerformanceTable performance, ICollection<string> warnings, int order = 1)
        {
            var attribution = MarkovAttribution.WithShapley(MarkovAttribution.ComputeAtOrder(counts, order), counts);
            foreach (var warning in performance.Warnings)
            {
                warnings.Add(warning);
            }

            if (counts.RepeatedStepJourneys > 0)
            {
                warnings.Add(
                    $"customer_journeys.journey_step: {counts.RepeatedStepJourneys:N0} journeys have two rows with the same (customer_id, journey_step); they are ordered by timestamp, then channel (example: {counts.RepeatedStepExample})");
            }

            var known = new HashSet<string>(performance.Channels, StringComparer.Ordinal);
            foreach (var channel in counts.Channels.Where(c => !known.Contains(c)))
            {
                warnings.Add($"channel '{channel}' appears in customer_journeys but not in channel_performance: it keeps its attribution but gets no spend");
            }

            foreach (var negative in attribution.NegativeRemovalEffects)
            {
                warnings.Add($"negative removal effect: {negative}");
            }

            if (attribution.ShapleySkippedReason is { } skipped)
            {
                warnings.Add($"shapley credit skipped (every shapley value is 0; MODEL.md section 14): {skipped}");
            }

            return attribution;
        }

        /// <summary>
        /// MODEL.md section 8: when the journeys fall in more than one customer segment, each segment's
        /// attribution on its own counts; with one segment (or none recorded), nothing, so such a run's
        /// output is what it was before segments were read.
        /// </summary>
        public static IReadOnlyList<CustomerSegmentAttribution> AttributeCustomerSegments(JourneyCounts counts, ICollection<string> warnings, int order = 1)
        {
            if (counts.CustomerSegments.Count < 2)
            {
                return [];
            }

            if (counts.MixedCustomerSegmentJourneys > 0)
            {
                warnings.Add(
                    $"customer_journeys.customer_segment: {counts.MixedCustomerSegmentJourneys:N0} journeys have rows in more than one customer segment; each is counted in the segment of its first touch");
            }

            var segments = counts.CustomerSegments
                .Select(s => new CustomerSegmentAttribution(
                    s.CustomerSegment, s.Counts.Rows, MarkovAttribution.WithShapley(MarkovAttribution.ComputeForCustomerSegmentAtOrder(s.Counts, order), s.Counts)))
                .ToArray();
            foreach (var segment in segments)
            {
                if (segment.Attribution.ShapleySkippedReason is { } skipped)
                {
                    warnings.Add($"customer segment '{segment.CustomerSegment}': shapley credit skipped (every shapley value is 0): {skipped}");
                }

                if (segment.Attribution.ConvertedJourneys == 0)
                {
                    warnings.Add($"customer segment '{segment.CustomerSegment}' has no converted journey: its baseline and weights are 0");
                }

                foreach (var negative in segment.Attribution.NegativeRemovalEffects)
                {
                    warnings.Add($"customer segment '{segment.CustomerSegment}': negative removal effect: {negative}");
                }
            }

            return segments;
        }

        /// <summary>
        /// MODEL.md section 10: the attribution with (channel, campaign) pairs as the states, when the journeys
        /// carry a campaign column; null otherwise. A campaign under several channels is one state per channel, said in a warning.
        /// </summary>
        public static CampaignAttribution? AttributeCampaigns(JourneyCounts counts, ICollection<string> warnings)
        {
            if (counts.Campaigns is not { } campaignCounts)
            {
                return null;
            }

            var campaigns = CampaignAttribution.Compute(campaignCounts);
            // Named a few at a time: a run may have thousands of campaigns.
            const int Shown = 5;
            var several = campaigns.UnderSeveralChannels();
            if (several.Count > 0)
            {
                var examples = string.Join("; ", several.Take(Shown).Select(s => $"'{s.Campaign}' under {string.Join(", ", s.Channels)}"));
                warnings.Add(
                    $"customer_journeys.campaign: {several.Count:N0} campaigns run under more than one channel; each is credited once per channel, as its own state (MODEL.md section 10): {examples}{(several.Count > Shown ? "; ..." : "")}");
            }

            var negatives = campaigns.NegativeRemovalEffects;
            if (negatives.Count > 0)
            {
                warnings.Add($"campaigns: {negatives.Count:N0} negative removal effects floored at 0: {string.Join("; ", negatives.Take(Shown))}{(negatives.Count > Shown ? "; ..." : "")}");
            }

            return campaigns;
        }

        public static CalibrationResult Calibrate(AttributionResult attribution, ChannelPerformanceTable performance, AlphaSettings settings) =>
            AlphaCalibration.Calibrate(attribution, performance, settings);

        /// <summary>v_c (MODEL.md section 5.1) from the counts; a value goal on data without conversion values is refused naming the column.</summary>
        public static ConversionValues Values(JourneyCounts counts, GoalSettings goal)
        {
            var values = ConversionValues.From(counts);
            values.CheckUsableFor(goal.Goal);
            return values;
        }

        /// <summary>
        /// The LP at alpha* under the goal and the sweep column of this budget. Under a goal other than
        /// conversions the budget also says why each channel got its money, its moves and v_c per channel.
        /// </summary>
        public static (BudgetResult Result, IReadOnlyList<SweepPoint> Sweep) Optimise(
            double budget,
            double alphaBest,
            IReadOnlyList<double> grid,
            AttributionResult attribution,
            ChannelPerformanceTable performance,
            IReadOnlyList<ShareConstraint> constraints,
            ResponseSettings? curves = null,
            GoalSettings? goal = null,
            ConversionValues? values = null)
        {
            var response = AlphaCalibration.ResponseAt(alphaBest, attribution, performance);
            var result = BudgetOptimizer.Solve(response, constraints, budget, curves, goal, values);
            if (goal is { IsDefault: false })
            {
                values ??= ConversionValues.One;
                result = AllocationReasons.ExplainWithValues(result, response, constraints, curves, goal, values);
            }

            var sweep = AlphaBudgetSweep.ForBudget(budget, grid, attribution, performance, constraints, curves, goal, values);
            return (result, sweep);
        }

        /// <summary>Every replicate through attribution, calibration and each budget's LP; null when no replicate could be computed.</summary>
        public static IntervalResult? Intervals(
            GroupCounts groups,
            ChannelPerformanceTable performance,
            RunSettings settings,
            IReadOnlyList<ShareConstraint> constraints,
            AttributionResult attribution,
            IReadOnlyList<BudgetResult> budgets,
            double halfLifeDays,
            ResponseCurves? curves = null,
            ConversionValues? values = null,
            HistoryCounts? histories = null) =>
            BootstrapIntervals.Estimate(
                groups, performance, settings.Alpha, constraints, settings.Response, attribution, budgets, settings.Intervals, halfLifeDays,
                settings.Response.Mode == ResponseMode.Fitted ? curves?.Draws : null, settings.Goal, values, histories);

        /// <summary>
        /// The order of the chain (MODEL.md sections 12 and 13): the fixed order, or the one chosen on
        /// held-out customers, with the scores of every order (null when fixed).
        /// </summary>
        public static (int Order, OrderSelection? Selection) Order(JourneyCounts counts, MarkovOrder order)
        {
            if (!order.IsAuto)
            {
                return (order.Fixed, null);
            }

            var selection = OrderSelection.Choose(counts);
            return (selection.Chosen, selection);
        }

        public static IReadOnlyList<DataCheck> DataChecks(JourneyCounts counts, ChannelPerformanceTable performance)
        {
            var rowError = AbsorbingChain.FromCounts(counts).MaxRowSumError;
            var known = new HashSet<string>(performance.Channels, StringComparer.Ordinal);
            var unknown = counts.Channels.Where(c => !known.Contains(c)).ToArray();
            return
            [
                new DataCheck("journeys_present", counts.Journeys > 0, $"{counts.Rows:N0} rows in {counts.Journeys:N0} journeys"),
                new DataCheck("converted_journeys_present", counts.ConvertedJourneys > 0, $"{counts.ConvertedJourneys:N0} converted journeys"),
                new DataCheck("transition_rows_sum_to_one", rowError <= 1e-6, $"largest row-sum error {rowError:g3}"),
                new DataCheck("journey_channels_have_performance", unknown.Length == 0, unknown.Length == 0 ? "every journey channel has a channel_performance row" : $"no channel_performance row for {string.Join(", ", unknown)}"),
            ];
        }
    }
}
