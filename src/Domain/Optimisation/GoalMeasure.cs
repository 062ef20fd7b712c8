namespace MarkovFunctions.Domain.Optimisation;

/// <summary>What a goal counts, from a plan's reported numbers (docs/MODEL.md section 5.2): more is better.</summary>
public static class GoalMeasure
{
    /// <summary>Conversions (conversions, target_cpa), value (value, target_roas), value minus spend (profit), or minus the spend (target_conversions).</summary>
    public static double Of(Goal goal, double spend, double conversions, double value) => goal switch
    {
        Goal.Value or Goal.TargetRoas => value,
        Goal.Profit => value - spend,
        Goal.TargetConversions => -spend,
        _ => conversions,
    };

    /// <summary>The unit a gain in this goal is written in.</summary>
    public static string Unit(Goal goal) => goal switch
    {
        Goal.Value or Goal.TargetRoas => "in value",
        Goal.Profit => "in profit",
        Goal.TargetConversions => "in spend saved",
        _ => "conversions",
    };

    public static double? Of(Goal goal, BudgetResult result, ConversionValues values) =>
        result.IsOptimal
            ? Of(goal, result.Channels.Sum(c => c.OptimalSpend), result.Channels.Sum(c => c.PredictedConversions), result.Channels.Sum(c => values.For(c.Channel) * c.PredictedConversions))
            : null;
}
