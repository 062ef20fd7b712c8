using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

public static class GoalText
{
    private static readonly EnumSpelling<Goal> Spelling = new(
        Goal.Conversions,
        (Goal.Conversions, "conversions"),
        (Goal.Value, "value"),
        (Goal.Profit, "profit"),
        (Goal.TargetCpa, "target_cpa"),
        (Goal.TargetRoas, "target_roas"),
        (Goal.TargetConversions, "target_conversions"));

    /// <summary>The goal as Run__Goal, --goal, the request's goal and summary.json write it.</summary>
    public static string Text(this Goal goal) => Spelling.Text(goal);

    public static Goal Parse(string text, string setting) => Spelling.Parse(text, setting);

    /// <summary>What a budget's LP pursued under the goal, in words a marketing lead reads (MODEL.md section 5.1's table).</summary>
    public static string Pursued(this Goal goal, double? target, double budget)
    {
        var b = budget.ToString("#,0.##", CultureInfo.InvariantCulture);
        var t = target?.ToString("#,0.###", CultureInfo.InvariantCulture);
        return goal switch
        {
            Goal.Value => $"the most conversion value, spending exactly {b}",
            Goal.Profit => $"the most profit (conversion value minus spend), spending at most {b}",
            Goal.TargetCpa => $"the most conversions at a cost per conversion of at most {t}, spending at most {b}",
            Goal.TargetRoas => $"the most conversion value at a return on ad spend of at least {t}, spending at most {b}",
            Goal.TargetConversions => $"{t} conversions for the least spend, spending at most {b}",
            _ => $"the most conversions, spending exactly {b}",
        };
    }

    /// <summary>Whether the goal has a target (T, R or N).</summary>
    public static bool HasTarget(this Goal goal) => goal is Goal.TargetCpa or Goal.TargetRoas or Goal.TargetConversions;

    /// <summary>Whether the goal needs conversion values (v_c).</summary>
    public static bool UsesValue(this Goal goal) => goal is Goal.Value or Goal.Profit or Goal.TargetRoas;

    /// <summary>Whether spend may stop short of the budget (Σx ≤ B, shares of the spend used) rather than equal it.</summary>
    public static bool CapsSpend(this Goal goal) => goal is not (Goal.Conversions or Goal.Value);

    /// <summary>What a share rule's share is of under the goal (MODEL.md section 5.1): the budget, or the spend used where spend may stop short of it.</summary>
    public static string ShareOf(this Goal goal) => goal.CapsSpend() ? "the spend used" : "the budget";
}
