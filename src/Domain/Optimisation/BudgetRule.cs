using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// What makes a monthly budget usable, said once. The edges only parse a number; each route then asks
/// this rule once: a run through <see cref="RunSettings.Validate"/>, the recommendation query directly.
/// </summary>
public static class BudgetRule
{
    /// <summary>Why <paramref name="budget"/> cannot be optimised, or null when it can.</summary>
    public static string? Problem(double budget) =>
        !double.IsFinite(budget) || budget <= 0 ? "is not a positive number"
        : budget < FieldParser.MinAmount ? "is below 1E-06, the smallest accepted"
        : budget > FieldParser.MaxAmount ? $"is above {FieldParser.MaxAmountText}, the largest accepted"
        : null;

    /// <summary>
    /// Throws naming the first budget that cannot be used: none, a bad one, or one listed twice. The
    /// message starts "budgets:", the name of the list wherever it is given (--budgets, Run__Budgets, "budgets").
    /// </summary>
    public static void Check(IReadOnlyList<double> budgets)
    {
        if (budgets.Count == 0)
        {
            throw new ConfigurationException("no budget to optimise: give at least one budget");
        }

        foreach (var budget in budgets)
        {
            if (Problem(budget) is { } problem)
            {
                throw new ConfigurationException($"budgets: {budget.ToString(CultureInfo.InvariantCulture)} {problem}");
            }
        }

        var repeated = budgets.GroupBy(b => b).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ConfigurationException($"budgets: {repeated.Key.ToString(CultureInfo.InvariantCulture)} is listed twice");
        }
    }
}
