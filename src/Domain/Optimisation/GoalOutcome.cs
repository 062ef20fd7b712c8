namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// What a budget's plan reaches under its goal (docs/MODEL.md section 5.1): <c>cpa = total_spend /
/// predicted_conversions</c>, <c>roas = predicted_value / total_spend</c>, and the LP's optimum in the
/// goal's units (for <c>target_conversions</c>, the least spend). Numbers that do not exist are null.
/// </summary>
public sealed record GoalOutcome(
    string Goal,
    double? Target,
    double? TotalSpend,
    double? PredictedConversions,
    double? PredictedValue,
    double? Cpa,
    double? Roas,
    double? Objective)
{
    /// <summary>An unsolved budget: the goal and target only.</summary>
    public static GoalOutcome None(GoalSettings goal) => new(goal.Goal.Text(), goal.Target, null, null, null, null, null, null);

    /// <param name="lpObjective">The maximised objective with its constant.</param>
    public static GoalOutcome From(GoalSettings goal, BudgetResult result, ConversionValues values, double lpObjective)
    {
        var spend = result.Channels.Sum(c => c.OptimalSpend);
        var conversions = result.PredictedConversions ?? 0;
        var value = result.Channels.Sum(c => values.For(c.Channel) * c.PredictedConversions);
        return new GoalOutcome(
            goal.Goal.Text(),
            goal.Target,
            spend,
            conversions,
            value,
            conversions > 0 ? spend / conversions : null,
            spend > 0 ? value / spend : null,
            goal.Goal == Optimisation.Goal.TargetConversions ? -lpObjective : lpObjective);
    }
}
