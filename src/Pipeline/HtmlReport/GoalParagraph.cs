using System.Globalization;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.HtmlReport;

/// <summary>
/// The report's paragraph for one budget under a goal other than conversions (docs/MODEL.md sections 5.1
/// and 5.2): what was pursued, what the plan reaches or, for a target no plan reaches, the best reachable,
/// the moves that matter most, and the rules that hold channels back. Plain text; the report encodes it.
/// </summary>
public static class GoalParagraph
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Null under the default goal, whose report is what it was before goals.</summary>
    public static string? For(SummaryBudget budget)
    {
        if (budget.GoalOutcome is not { } goal)
        {
            return null;
        }

        var pursued = $"Budget {Fmt(budget.Budget, "#,0.##")}: the goal was {GoalText.Parse(goal.Goal, "goal").Pursued(goal.Target, budget.Budget)}.";
        if (budget.Status != SolveStatus.Optimal || goal.TotalSpend is not { } spend)
        {
            return $"{pursued} It is {budget.Status.Text()}: {string.Join("; ", budget.Reasons)}.";
        }

        var reached = string.Create(
            Culture,
            $" The plan spends {spend:#,0} for {goal.PredictedConversions:#,0.0} conversions worth {goal.PredictedValue:#,0}: a cost per conversion of {Ratio(goal.Cpa, "#,0.##")} and a return on ad spend of {Ratio(goal.Roas, "0.###")}.");
        var moves = budget.Moves is { Count: > 0 } m
            ? $" The moves that matter most against today's spend: {string.Join("; ", m.Select(move => move.Text))}."
            : " Today's spend is already the plan: no move to make.";
        var held = budget.Channels
            .Where(c => c.Reason?.Code == ChannelReason.HeldByRule)
            .Select(c => $" {c.Reason!.Text}.");
        return pursued + reached + moves + string.Concat(held);
    }

    private static string Ratio(double? value, string format) => value is { } v ? Fmt(v, format) : "none (nothing spent or converted)";

    private static string Fmt(double value, string format) => value.ToString(format, Culture);
}
