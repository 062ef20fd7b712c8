using System.Globalization;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Evaluates a spend plan on the response a run calibrated (linear, or each channel's saturating curve)
/// against the same bounds and share rules the LP uses. Channels the plan leaves out keep today's spend.
/// </summary>
public static class PlanEvaluator
{
    /// <summary>The same tolerance the LP uses for "at a bound", so the LP's own optimum never counts as a violation.</summary>
    private const double Tolerance = 1e-6;

    private const int MovesShown = 3;

    /// <param name="plan">Spend per channel as the user named it; names are normalised here.</param>
    /// <param name="goal">The goal of the optimum at the plan's total (MODEL.md section 7); conversions when null. Checked where it enters.</param>
    /// <param name="values">v_c for the value goals; every channel worth 1 when null.</param>
    /// <exception cref="ConfigurationException">A channel not in channel_performance, one named twice, or a negative or non-finite spend.</exception>
    public static PlanEvaluation Evaluate(
        LinearResponse response,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings curves,
        IReadOnlyDictionary<string, double> plan,
        GoalSettings? goal = null,
        ConversionValues? values = null)
    {
        var spends = Resolve(response, plan);
        var channels = response.Channels.Select((c, i) =>
            new PlanChannel(c.Channel, spends[i] ?? c.CurrentSpend, c.CurrentSpend, spends[i] is not null, Predict(c, spends[i] ?? c.CurrentSpend, curves))).ToArray();
        var total = channels.Sum(c => c.Spend);
        var predicted = channels.Sum(c => c.PredictedConversions);
        var predictedCurrent = response.Channels.Sum(c => Predict(c, c.CurrentSpend, curves));

        var violations = new List<PlanViolation>();
        foreach (var (c, p) in response.Channels.Zip(channels))
        {
            if (p.Spend < c.MinSpend && !IsAt(p.Spend, c.MinSpend))
            {
                violations.Add(new PlanViolation($"{c.Channel} min_monthly_spend", "min_spend", [c.Channel], c.MinSpend, p.Spend, c.MinSpend - p.Spend));
            }

            if (p.Spend > c.MaxSpend && !IsAt(p.Spend, c.MaxSpend))
            {
                violations.Add(new PlanViolation($"{c.Channel} max_monthly_spend", "max_spend", [c.Channel], c.MaxSpend, p.Spend, p.Spend - c.MaxSpend));
            }
        }

        var byName = channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        foreach (var rule in constraints)
        {
            var lhs = rule.Channels.Sum(name => byName[name].Spend);
            var rhs = rule.Share * total;
            var broken = rule.Bound == ShareBound.AtLeast ? lhs < rhs : lhs > rhs;
            if (broken && !IsAt(lhs, rhs))
            {
                violations.Add(new PlanViolation(
                    rule.Name,
                    rule.Bound.Text(),
                    rule.Channels,
                    rhs,
                    lhs,
                    Math.Abs(rhs - lhs),
                    rule.Share,
                    total > 0 ? lhs / total : null));
            }
        }

        return new PlanEvaluation(total, predicted, predictedCurrent, response.Alpha, curves.Mode.ToString().ToLowerInvariant(), channels, violations, Optimum(response, constraints, curves, channels, total, predicted, goal ?? GoalSettings.Conversions, values ?? ConversionValues.One));
    }

    /// <summary>A channel's predicted conversions at spend <paramref name="x"/>: the formula the LP's results use.</summary>
    public static double Predict(ChannelResponse channel, double x, ResponseSettings curves) =>
        curves.Mode == ResponseMode.Linear ? channel.Coefficient * x : curves.CurveFor(channel).ValueAt(x);

    /// <summary>The optimum at the plan's total under the goal (MODEL.md section 7); under a goal other than conversions also what it reaches and its gap in the goal's units.</summary>
    private static PlanOptimum Optimum(
        LinearResponse response,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings curves,
        IReadOnlyList<PlanChannel> plan,
        double total,
        double predicted,
        GoalSettings goal,
        ConversionValues values)
    {
        var unsolved = goal.IsDefault ? null : GoalOutcome.None(goal);
        if (total <= 0)
        {
            return new PlanOptimum(SolveStatus.Infeasible, ["the plan spends nothing, so there is no budget to optimise"], null, null, null, []) { Goal = unsolved };
        }

        if (total > FieldParser.MaxAmount)
        {
            return new PlanOptimum(SolveStatus.Infeasible, [$"the plan's total is above {FieldParser.MaxAmountText}, the largest budget accepted"], null, null, null, []) { Goal = unsolved };
        }

        var best = BudgetOptimizer.Solve(response, constraints, total, curves, goal, values);
        if (!best.IsOptimal || best.PredictedConversions is not { } optimum)
        {
            return new PlanOptimum(best.Status, best.Reasons, null, null, null, []) { Goal = best.Goal };
        }

        var moves = plan.Zip(best.Channels, (p, o) => new PlanMove(p.Channel, p.Spend, o.OptimalSpend, o.OptimalSpend - p.Spend))
            .Where(m => !IsAt(m.OptimalSpend, m.PlanSpend))
            .OrderByDescending(m => Math.Abs(m.Change))
            .ThenBy(m => m.Channel, StringComparer.Ordinal)
            .Take(MovesShown)
            .ToArray();
        var planValue = plan.Sum(c => values.For(c.Channel) * c.PredictedConversions);
        return new PlanOptimum(SolveStatus.Optimal, [], optimum, optimum - predicted, predicted > 0 ? (optimum / predicted) - 1 : null, moves)
        {
            Goal = best.Goal,
            GoalGap = goal.IsDefault ? null : GoalMeasure.Of(goal.Goal, best, values) - GoalMeasure.Of(goal.Goal, total, predicted, planValue),
        };
    }

    /// <summary>The plan's spend per performance channel, in their order; null where the plan leaves a channel out.</summary>
    private static double?[] Resolve(LinearResponse response, IReadOnlyDictionary<string, double> plan)
    {
        var index = response.Channels.Select((c, i) => (c.Channel, i)).ToDictionary(p => p.Channel, p => p.i, StringComparer.Ordinal);
        var spends = new double?[response.Channels.Count];
        var unknown = new List<string>();
        foreach (var (raw, spend) in plan)
        {
            var name = ChannelName.Normalize(raw);
            if (!index.TryGetValue(name, out var i))
            {
                unknown.Add(FieldParser.Shown(raw));
                continue;
            }

            if (spends[i] is not null)
            {
                throw new ConfigurationException($"plan: channel {FieldParser.Shown(raw)} is given twice (names are normalised: it is {name})");
            }

            if (!double.IsFinite(spend) || spend < 0)
            {
                throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture, $"plan: spend for {FieldParser.Shown(raw)} is {spend}; it must be a finite number of 0 or more"));
            }

            if (spend > FieldParser.MaxAmount)
            {
                throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture, $"plan: spend for {FieldParser.Shown(raw)} is {spend}, above {FieldParser.MaxAmountText}, the largest accepted"));
            }

            spends[i] = spend;
        }

        if (unknown.Count > 0)
        {
            throw new ConfigurationException(
                $"plan: unknown channel{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}; the run's channels are {string.Join(", ", response.Channels.Select(c => c.Channel))}");
        }

        return spends;
    }

    private static bool IsAt(double value, double bound) => Math.Abs(value - bound) <= Tolerance * Math.Max(1, Math.Abs(bound));
}
