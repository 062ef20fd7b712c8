using System.Globalization;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Why each channel got its money and the moves that matter most against today's spend (docs/MODEL.md
/// section 5.2), from a solved budget's bounds, binding rules and duals.
/// </summary>
public static class AllocationReasons
{
    private const double DualTolerance = 1e-9;
    private const int MovesShown = 3;

    /// <summary>The budget with each channel's <see cref="ChannelAllocation.Reason"/> and its <see cref="BudgetResult.Moves"/>; an unsolved budget unchanged.</summary>
    public static BudgetResult Explain(
        BudgetResult result,
        LinearResponse response,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings? curves = null,
        GoalSettings? goal = null,
        ConversionValues? values = null)
    {
        if (!result.IsOptimal)
        {
            return result;
        }

        curves ??= ResponseSettings.Linear;
        goal ??= GoalSettings.Conversions;
        values ??= ConversionValues.One;
        var costs = RuleCosts(result, response, constraints, curves, goal, values);
        var byChannel = response.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        var channels = result.Channels.Select(c => c with { Reason = ReasonFor(c, byChannel[c.Channel], result, constraints, costs, goal, values) }).ToArray();
        return result with { Channels = channels, Moves = Moves(result, response, curves, goal, values) };
    }

    /// <summary>
    /// <see cref="Explain"/>, and each channel's <see cref="ChannelAllocation.ValuePerConversion"/> when the
    /// values are known: the budget as a run under a goal and the recommendation API report it.
    /// </summary>
    public static BudgetResult ExplainWithValues(
        BudgetResult result, LinearResponse response, IReadOnlyList<ShareConstraint> constraints, ResponseSettings? curves, GoalSettings? goal, ConversionValues? values)
    {
        var explained = Explain(result, response, constraints, curves, goal, values);
        return values is null
            ? explained
            : explained with { Channels = explained.Channels.Select(c => c with { ValuePerConversion = values.For(c.Channel) }).ToArray() };
    }

    private static ChannelReason ReasonFor(
        ChannelAllocation channel,
        ChannelResponse bounds,
        BudgetResult result,
        IReadOnlyList<ShareConstraint> constraints,
        IReadOnlyDictionary<string, double?> costs,
        GoalSettings goal,
        ConversionValues values)
    {
        if (channel.AtMax && bounds.MaxSpend <= GoalProgram.Reach(result.Budget))
        {
            return new ChannelReason(ChannelReason.AtMax, $"{channel.Channel} is at its maximum spend of {Money(bounds.MaxSpend)}: its next dollar would return {Return(channel, goal, values)}, more than the plan can use elsewhere", bounds.MaxSpend);
        }

        if (channel.AtMin)
        {
            return new ChannelReason(ChannelReason.AtMin, $"{channel.Channel} is at its minimum spend of {Money(bounds.MinSpend)}: its next dollar would return only {Return(channel, goal, values)}", bounds.MinSpend);
        }

        var holding = result.Constraints
            .Select((report, k) => (Report: report, Rule: constraints[k]))
            .Where(r => r.Report.Binding && Math.Abs(r.Report.Dual) > DualTolerance && r.Rule.Channels.Contains(channel.Channel, StringComparer.Ordinal))
            .OrderByDescending(r => Math.Abs(r.Report.Dual))
            .Select(r => (Rule: r.Rule, Cost: costs.GetValueOrDefault(r.Rule.Name)))
            .FirstOrDefault();
        if (holding.Rule is { } rule)
        {
            var cost = holding.Cost is { } c ? $", which costs {Amount(c)} {GoalMeasure.Unit(goal.Goal)}" : "";
            return new ChannelReason(ChannelReason.HeldByRule, $"{channel.Channel} is held by the rule {rule.Describe(goal.Goal)}{cost}", Rule: rule.Name, RuleCost: holding.Cost);
        }

        return new ChannelReason(ChannelReason.Interior, $"{channel.Channel} is between its bounds: its next dollar returns {Return(channel, goal, values)}, what the budget's next dollar returns");
    }

    /// <summary>Each binding rule's cost: the goal's measure re-solved without the rule, minus with it; null where that re-solve fails.</summary>
    private static Dictionary<string, double?> RuleCosts(
        BudgetResult result, LinearResponse response, IReadOnlyList<ShareConstraint> constraints, ResponseSettings curves, GoalSettings goal, ConversionValues values)
    {
        var costs = new Dictionary<string, double?>(StringComparer.Ordinal);
        var with = GoalMeasure.Of(goal.Goal, result, values);
        for (var k = 0; k < constraints.Count && k < result.Constraints.Count; k++)
        {
            var report = result.Constraints[k];
            if (!report.Binding || Math.Abs(report.Dual) <= DualTolerance)
            {
                continue;
            }

            var others = constraints.Where((_, j) => j != k).ToArray();
            var without = GoalMeasure.Of(goal.Goal, BudgetOptimizer.Solve(response, others, result.Budget, curves, goal, values), values);
            costs[constraints[k].Name] = without - with;
        }

        return costs;
    }

    /// <summary>Today's spend split into transfers toward the plan, each valued alone on today's plan; the largest gains first.</summary>
    private static IReadOnlyList<BudgetMove> Moves(BudgetResult result, LinearResponse response, ResponseSettings curves, GoalSettings goal, ConversionValues values)
    {
        var channels = response.Channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);
        var changes = result.Channels
            .Where(c => !BudgetOptimizer.IsAt(c.OptimalSpend, c.CurrentSpend))
            .Select(c => (c.Channel, Change: c.OptimalSpend - c.CurrentSpend))
            .ToArray();
        var up = changes.Where(c => c.Change > 0).OrderByDescending(c => c.Change).ThenBy(c => c.Channel, StringComparer.Ordinal).Select(c => (c.Channel, Left: c.Change)).ToArray();
        var down = changes.Where(c => c.Change < 0).OrderBy(c => c.Change).ThenBy(c => c.Channel, StringComparer.Ordinal).Select(c => (c.Channel, Left: -c.Change)).ToArray();
        var moves = new List<BudgetMove>();
        int i = 0, j = 0;
        while (i < up.Length && j < down.Length)
        {
            var amount = Math.Min(up[i].Left, down[j].Left);
            moves.Add(Move(down[j].Channel, up[i].Channel, amount, channels, curves, goal, values));
            up[i].Left -= amount;
            down[j].Left -= amount;
            i += BudgetOptimizer.IsAt(up[i].Left, 0) ? 1 : 0;
            j += BudgetOptimizer.IsAt(down[j].Left, 0) ? 1 : 0;
        }

        moves.AddRange(up.Skip(i).Select(u => Move(null, u.Channel, u.Left, channels, curves, goal, values)));
        moves.AddRange(down.Skip(j).Select(d => Move(d.Channel, null, d.Left, channels, curves, goal, values)));
        return moves
            .OrderByDescending(m => m.Gain)
            .ThenByDescending(m => m.Amount)
            .ThenBy(m => m.To ?? "", StringComparer.Ordinal)
            .ThenBy(m => m.From ?? "", StringComparer.Ordinal)
            .Take(MovesShown)
            .ToArray();
    }

    private static BudgetMove Move(string? from, string? to, double amount, IReadOnlyDictionary<string, ChannelResponse> channels, ResponseSettings curves, GoalSettings goal, ConversionValues values)
    {
        var conversions = 0d;
        var value = 0d;
        foreach (var (name, delta) in new[] { (to, amount), (from, -amount) })
        {
            if (name is null)
            {
                continue;
            }

            var channel = channels[name];
            var gained = PlanEvaluator.Predict(channel, channel.CurrentSpend + delta, curves) - PlanEvaluator.Predict(channel, channel.CurrentSpend, curves);
            conversions += gained;
            value += values.For(name) * gained;
        }

        var spendChange = (to is null ? 0 : amount) - (from is null ? 0 : amount);
        var gain = goal.Goal == Goal.TargetConversions ? conversions : GoalMeasure.Of(goal.Goal, spendChange, conversions, value);
        var unit = goal.Goal == Goal.TargetConversions ? "conversions" : GoalMeasure.Unit(goal.Goal);
        var what = (from, to) switch
        {
            (null, _) => $"+{Money(amount)} to {to} (new money)",
            (_, null) => $"-{Money(amount)} from {from} (saved)",
            _ => $"+{Money(amount)} to {to}, -{Money(amount)} from {from}",
        };
        return new BudgetMove(from, to, amount, conversions, value, gain, $"{what}: {Signed(gain)} {unit}");
    }

    private static string Return(ChannelAllocation channel, GoalSettings goal, ConversionValues values) =>
        goal.Goal.UsesValue()
            ? $"{Rate(values.For(channel.Channel) * channel.MarginalValue)} in value"
            : $"{Rate(channel.MarginalValue)} conversions";

    private static string Money(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Amount(double value) => value.ToString("#,0.#", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+#,0.#;-#,0.#;0", CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
