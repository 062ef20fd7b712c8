using System.Globalization;
using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// Why a target goal has no plan, in numbers (docs/MODEL.md section 5.1): the lowest CPA, the highest ROAS
/// or the most conversions any plan reaches within the bounds, the rules and the budget.
/// </summary>
internal static class GoalTargets
{
    private const int MaxIterations = 100;
    private const double Converged = 1e-9;

    /// <summary>A CPA or ROAS target whose best plan spends nothing: every plan that spends anything misses it.</summary>
    public static bool OnlyTheEmptyPlanMeets(GoalSettings goal, GoalOutcome outcome, double budget) =>
        goal.Goal is Goal.TargetCpa or Goal.TargetRoas && outcome.TotalSpend <= Converged * Math.Max(1, budget);

    public static string Unreachable(
        LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves, GoalSettings goal, ConversionValues values)
    {
        var target = Number(goal.RequiredTarget);
        var within = $"within the spend bounds, the share rules and the budget {Number(budget)}";
        const string none = "no allocation satisfies every spend bound and share rule together within the budget";
        return goal.Goal switch
        {
            Goal.TargetCpa => LowestCpa(response, constraints, budget, curves) is { } best
                ? $"no plan reaches a CPA of {target}: the lowest CPA any plan reaches {within} is {Number(best)}"
                : none,
            Goal.TargetRoas => HighestRoas(response, constraints, budget, curves, values) is { } best
                ? $"no plan reaches a ROAS of {target}: the highest ROAS any plan reaches {within} is {Number(best)}"
                : none,
            Goal.TargetConversions => Best(response, constraints, budget, curves, p => p.AddResponse(p.Solver.Objective(), _ => 1)) is { } most
                ? $"no plan reaches {target} conversions: the most any plan reaches {within} is {Number(most.Conversions)}"
                : none,
            _ => throw new ArgumentOutOfRangeException(nameof(goal), goal.Goal, "not a target goal"),
        };
    }

    /// <summary>min Σx / Σy over plans with Σy > 0 (Dinkelbach); null when no plan converts.</summary>
    public static double? LowestCpa(LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves) =>
        Dinkelbach(
            (Action<GoalProgram> objective) => Best(response, constraints, budget, curves, objective),
            start: p => p.AddResponse(p.Solver.Objective(), _ => 1),
            at: lambda => p =>
            {
                p.AddResponse(p.Solver.Objective(), _ => lambda);
                p.AddSpend(p.Solver.Objective(), -1);
            },
            plan => (plan.Spend, plan.Conversions),
            lowest: true);

    /// <summary>max Σv·y / Σx over plans with Σx > 0 (Dinkelbach); null when no plan spends.</summary>
    public static double? HighestRoas(
        LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves, ConversionValues values)
    {
        double Value(GoalProgram p, int i) => values.For(p.Channels[i].Channel);
        return Dinkelbach(
            objective => Best(response, constraints, budget, curves, objective, values),
            start: p => p.AddResponse(p.Solver.Objective(), i => Value(p, i)),
            at: rho => p =>
            {
                p.AddResponse(p.Solver.Objective(), j => Value(p, j));
                p.AddSpend(p.Solver.Objective(), -rho);
            },
            plan => (plan.Value, plan.Spend),
            lowest: false);
    }

    /// <summary>
    /// Dinkelbach's iteration (MODEL.md section 5.1) for the lowest or highest ratio top / bottom over
    /// plans with bottom > 0: from the <paramref name="start"/> plan, each step solves the program
    /// <paramref name="at"/> the last ratio (max ratio·bottom − top, or top − ratio·bottom) and stops when
    /// that optimum is within 1e-9 (relative to top) of 0.
    /// </summary>
    private static double? Dinkelbach(
        Func<Action<GoalProgram>, (double Spend, double Conversions, double Value)?> solve,
        Action<GoalProgram> start,
        Func<double, Action<GoalProgram>> at,
        Func<(double Spend, double Conversions, double Value), (double Top, double Bottom)> ratioOf,
        bool lowest)
    {
        if (solve(start) is not { } plan || ratioOf(plan) is not { Bottom: > 0 } first)
        {
            return null;
        }

        var ratio = first.Top / first.Bottom;
        for (var i = 0; i < MaxIterations; i++)
        {
            if (solve(at(ratio)) is not { } next || ratioOf(next) is not { Bottom: > 0 } found
                || (lowest ? (ratio * found.Bottom) - found.Top : found.Top - (ratio * found.Bottom)) <= Converged * Math.Max(1, found.Top))
            {
                break;
            }

            ratio = found.Top / found.Bottom;
        }

        return ratio;
    }

    /// <summary>The capped program (Σx ≤ B, shares of the spend used) with the given objective maximised; its totals as the LP sees them.</summary>
    private static (double Spend, double Conversions, double Value)? Best(
        LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves, Action<GoalProgram> objective, ConversionValues? values = null)
    {
        using var program = GoalProgram.Build(response, constraints, budget, curves, capsSpend: true);
        objective(program);
        program.Solver.Objective().SetMaximization();
        if (program.Solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            return null;
        }

        var spend = program.Spend.Sum(v => v.SolutionValue());
        var conversions = 0d;
        var value = 0d;
        for (var i = 0; i < program.Spend.Length; i++)
        {
            var y = program.LpResponse(i);
            conversions += y;
            value += (values?.For(program.Channels[i].Channel) ?? 1) * y;
        }

        return (spend, conversions, value);
    }

    private static string Number(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);
}
