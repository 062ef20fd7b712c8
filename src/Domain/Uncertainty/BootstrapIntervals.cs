using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MathNet.Numerics.Random;

namespace MarkovFunctions.Domain.Uncertainty;

/// <summary>
/// The bootstrap over customers of docs/MODEL.md section 9: replicate b's counts are
/// <c>Σ_g w_bg · counts_g</c> over the customer-hash groups with multinomial weights (G draws of a
/// group with replacement), and each replicate re-runs attribution, calibration and every budget's LP.
/// </summary>
public static class BootstrapIntervals
{
    /// <summary>The counts of each replicate, drawn from one seeded stream (the same data and seed give the same replicates).</summary>
    /// <param name="histories">Counted in the same groups: each replicate then carries its order-k counts too (MODEL.md section 12).</param>
    public static IEnumerable<JourneyCounts> Replicates(GroupCounts groups, int replicates, int seed, double halfLifeDays, HistoryCounts? histories = null)
    {
        RequireSameGroups(groups, histories);
        foreach (var weights in GroupWeights(groups.Groups, replicates, seed))
        {
            var counts = Weighted(groups, weights, halfLifeDays);
            yield return histories is null ? counts : counts with { Histories = WeightedHistories(histories, weights) };
        }
    }

    /// <summary>Each replicate's multinomial weights of the groups (G draws with replacement), from one seeded stream.</summary>
    private static IEnumerable<int[]> GroupWeights(int groups, int replicates, int seed)
    {
        var random = new MersenneTwister(seed, threadSafe: false);
        for (var b = 0; b < replicates; b++)
        {
            var weights = new int[groups];
            for (var i = 0; i < groups; i++)
            {
                weights[random.Next(groups)]++;
            }

            yield return weights;
        }
    }

    private static void RequireSameGroups(GroupCounts groups, HistoryCounts? histories)
    {
        if (histories is not null && histories.Slots != groups.Groups)
        {
            throw new ArgumentException($"histories counted in {histories.Slots} slots, the bootstrap draws {groups.Groups} groups", nameof(histories));
        }
    }

    /// <summary>The (history, next) counts of <c>Σ_g weights[g] · group g</c> in one slot; pairs the replicate never drew are left out.</summary>
    public static HistoryCounts WeightedHistories(HistoryCounts histories, IReadOnlyList<int> weights)
    {
        var transitions = new List<HistoryTransition>(histories.Transitions.Count);
        foreach (var t in histories.Transitions)
        {
            var count = t.Weighted(weights);
            if (count > 0)
            {
                transitions.Add(t with { Slots = [0], Counts = [count] });
            }
        }

        return new HistoryCounts(histories.LongestHistory, 1, transitions);
    }

    /// <summary>The counts of <c>Σ_g weights[g] · group g</c>: whole journeys, so every row of the chain stays a distribution.</summary>
    public static JourneyCounts Weighted(GroupCounts groups, IReadOnlyList<int> weights, double halfLifeDays)
    {
        var transitions = new List<TransitionCount>(groups.Transitions.Count);
        var channels = new SortedSet<string>(StringComparer.Ordinal);
        long journeys = 0, converted = 0;
        foreach (var t in groups.Transitions)
        {
            var count = t.Weighted(weights);

            if (count == 0)
            {
                continue;
            }

            transitions.Add(new TransitionCount(t.From, t.To, count));
            journeys += t.From == States.Start ? count : 0;
            converted += t.To == States.Conversion ? count : 0;
            if (t.To is not States.Conversion and not States.Null)
            {
                channels.Add(t.To);
            }
        }

        return new JourneyCounts(channels.ToArray(), transitions, [], 0, journeys, converted, 0, halfLifeDays);
    }

    /// <summary>
    /// Every replicate through attribution, calibration and each budget's LP; the point results give the
    /// plans to evaluate. Null when no replicate could be computed (data too thin): the point results stand without intervals.
    /// </summary>
    public static IntervalResult? Estimate(
        GroupCounts groups,
        ChannelPerformanceTable performance,
        AlphaSettings alpha,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings curves,
        AttributionResult point,
        IReadOnlyList<BudgetResult> budgets,
        IntervalSettings settings,
        double halfLifeDays,
        IReadOnlyList<IReadOnlyDictionary<string, double>>? curveDraws = null,
        GoalSettings? goal = null,
        ConversionValues? values = null,
        HistoryCounts? histories = null)
    {
        settings.Validate();
        var channels = point.Channels.Select(c => c.Channel).ToArray();
        var models = new List<ReplicateModel>();
        var attributed = new List<double[]>();
        var perBudget = budgets.Select(_ => new List<ReplicateBudget>()).ToArray();
        var failed = 0;
        // Replicates' weights are drawn in order from one stream, then each replicate is weighed and computed a
        // few at a time in parallel (each is independent) and kept in draw order, so the result is the serial one.
        // Above order 1 (MODEL.md section 12) the chain's states are worked out once from the (history, next)
        // counts by group; a replicate only weighs their counts.
        RequireSameGroups(groups, point.Order == 1 ? null : histories);
        var layout = point.Order == 1
            ? null
            : HistoryChainLayout.Of(histories ?? throw new InvalidOperationException($"order {point.Order} needs the (history, next) counts by group; count with that order"), point.Order);
        var drawn = 0;
        foreach (var batch in GroupWeights(groups.Groups, settings.Replicates, settings.Seed).Chunk(Math.Max(2, 2 * Environment.ProcessorCount)))
        {
            // Replicate b's curves: in fitted mode, each channel's (θ, h) drawn from its posterior for this b.
            var first = drawn;
            drawn += batch.Length;
            var outcomes = new ReplicateOutcome?[batch.Length];
            Parallel.For(0, batch.Length, i => outcomes[i] = OnReplicate(
                Weighted(groups, batch[i], halfLifeDays), layout, batch[i], channels, performance, alpha, budgets, constraints, curves, curveDraws is { Count: > 0 } ? curveDraws[(first + i) % curveDraws.Count] : null, goal, values));
            foreach (var outcome in outcomes)
            {
                if (outcome is null)
                {
                    failed++;
                    continue;
                }

                models.Add(outcome.Model);
                attributed.Add(outcome.Attributed);
                for (var k = 0; k < budgets.Count; k++)
                {
                    if (outcome.Budgets[k] is { } budget)
                    {
                        perBudget[k].Add(budget);
                    }
                }
            }
        }

        if (models.Count == 0)
        {
            return null;
        }

        return new IntervalResult(
            IntervalSettings.Method,
            settings.Replicates,
            IntervalSettings.Level,
            settings.Seed,
            groups.Groups,
            failed,
            Percentile(models.Select(m => m.Alpha)),
            channels.Select((c, i) => new ChannelInterval(c, Percentile(models.Select(m => m.RemovalWeights[i])), Percentile(attributed.Select(a => a[i])))).ToArray(),
            budgets.Select((b, k) => BudgetIntervalOf(b, perBudget[k])).ToArray(),
            models);
    }

    /// <summary>One replicate's model, attributed conversions and each optimal budget's plan on it; null when it cannot be attributed or calibrated.</summary>
    /// <param name="layout">The order-k states (null at order 1), weighed by the replicate's <paramref name="groupWeights"/>.</param>
    private static ReplicateOutcome? OnReplicate(
        JourneyCounts counts,
        HistoryChainLayout? layout,
        int[] groupWeights,
        string[] channels,
        ChannelPerformanceTable performance,
        AlphaSettings alpha,
        IReadOnlyList<BudgetResult> budgets,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings curves,
        IReadOnlyDictionary<string, double>? kappas,
        GoalSettings? goal,
        ConversionValues? values)
    {
        LinearResponse response;
        AttributionResult attribution;
        try
        {
            attribution = layout is null ? MarkovAttribution.Compute(counts) : MarkovAttribution.ComputeAtOrder(counts, layout, groupWeights);
            var calibration = AlphaCalibration.Calibrate(attribution, performance, alpha);
            response = AlphaCalibration.ResponseAt(calibration.AlphaBest, attribution, performance);
        }
        catch (ModelException)
        {
            // A replicate can lose every conversion of a rare path; it is counted, not fatal.
            return null;
        }

        var weights = channels.Select(attribution.RemovalWeightOf).ToArray();
        var model = new ReplicateModel(response.Alpha, weights) { Kappas = kappas };
        return new ReplicateOutcome(
            model,
            weights.Select(w => w * counts.ConvertedJourneys).ToArray(),
            budgets.Select(b => b.IsOptimal ? OnReplicate(response, b, constraints, model.CurvesOf(curves), goal, values) : null).ToArray());
    }

    private sealed record ReplicateOutcome(ReplicateModel Model, double[] Attributed, ReplicateBudget?[] Budgets);

    /// <summary>The 95 % percentile interval (type 7: linear between order statistics).</summary>
    public static Interval Percentile(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var tail = (1 - IntervalSettings.Level) / 2;
        return new Interval(Quantile(sorted, tail), Quantile(sorted, 1 - tail));
    }

    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>A budget the run did not include, on the replicate models a run kept: the same numbers <see cref="Estimate"/> gives its budgets.</summary>
    public static BudgetInterval OnModels(
        IntervalResult intervals, ChannelPerformanceTable performance, BudgetResult point, IReadOnlyList<ShareConstraint> constraints, ResponseSettings curves,
        GoalSettings? goal = null, ConversionValues? values = null) =>
        BudgetIntervalOf(point, point.IsOptimal ? intervals.Replicas(performance).Select(r => OnReplicate(r.Response, point, constraints, r.Model.CurvesOf(curves), goal, values)).ToList() : []);

    /// <summary>The recommended plan and today's mix on one replicate's response, and that replicate's own optimum under the run's goal.</summary>
    private static ReplicateBudget OnReplicate(
        LinearResponse response, BudgetResult point, IReadOnlyList<ShareConstraint> constraints, ResponseSettings curves, GoalSettings? goal, ConversionValues? values)
    {
        var plan = point.Channels.ToDictionary(c => c.Channel, c => c.OptimalSpend, StringComparer.Ordinal);
        var predicted = response.Channels.Sum(c => PlanEvaluator.Predict(c, plan.GetValueOrDefault(c.Channel, c.CurrentSpend), curves));
        var current = response.Channels.Sum(c => PlanEvaluator.Predict(c, c.CurrentSpend, curves));
        var optimum = BudgetOptimizer.Solve(response, constraints, point.Budget, curves, goal, values);
        return new ReplicateBudget(predicted, current, optimum.IsOptimal ? optimum.Channels.Select(c => c.OptimalSpend).ToArray() : []);
    }

    private static BudgetInterval BudgetIntervalOf(BudgetResult point, List<ReplicateBudget> replicates)
    {
        if (!point.IsOptimal || replicates.Count == 0)
        {
            return new BudgetInterval(point.Budget, null, null, null, []);
        }

        var uplifts = replicates.Where(r => r.Current > 0).Select(r => (r.Predicted / r.Current) - 1).ToArray();
        var optima = replicates.Where(r => r.Optimum.Length == point.Channels.Count).ToArray();
        return new BudgetInterval(
            point.Budget,
            Percentile(replicates.Select(r => r.Predicted)),
            uplifts.Length == 0 ? null : Percentile(uplifts),
            replicates.Count(r => r.Predicted > r.Current) / (double)replicates.Count,
            optima.Length == 0 ? [] : point.Channels.Select((c, i) => new SpendInterval(c.Channel, Percentile(optima.Select(o => o.Optimum[i])))).ToArray());
    }
}
