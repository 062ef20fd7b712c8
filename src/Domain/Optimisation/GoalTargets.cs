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
    public static double? LowestCpa(LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves)
    {
        var plan = Best(response, constraints, budget, curves, p => p.AddResponse(p.Solver.Objective(), _ => 1));
        if (plan is not { Conversions: > 0 })
        {
            return null;
        }

        var lambda = plan.Value.Spend / plan.Value.Conversions;
        for (var i = 0; i < MaxIterations; i++)
        {
            var ratio = lambda;
            var next = Best(response, constraints, budget, curves, p =>
            {
                p.AddResponse(p.Solver.Objective(), _ => ratio);
                p.AddSpend(p.Solver.Objective(), -1);
            });
            if (next is not { Conversions: > 0 } found || (ratio * found.Conversions) - found.Spend <= Converged * Math.Max(1, found.Spend))
            {
                break;
            }

            lambda = found.Spend / found.Conversions;
        }

        return lambda;
    }

    /// <summary>max Σv·y / Σx over plans with Σx > 0 (Dinkelbach); null when no plan spends.</summary>
    public static double? HighestRoas(
        LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves, ConversionValues values)
    {
        double Value(GoalProgram p, int i) => values.For(p.Channels[i].Channel);
        var plan = Best(response, constraints, budget, curves, p => p.AddResponse(p.Solver.Objective(), i => Value(p, i)), values);
        if (plan is not { Spend: > 0 })
        {
            return null;
        }

        var rho = plan.Value.Value / plan.Value.Spend;
        for (var i = 0; i < MaxIterations; i++)
        {
            var ratio = rho;
            var next = Best(response, constraints, budget, curves, p =>
            {
                p.AddResponse(p.Solver.Objective(), j => Value(p, j));
                p.AddSpend(p.Solver.Objective(), -ratio);
            }, values);
            if (next is not { Spend: > 0 } found || found.Value - (ratio * found.Spend) <= Converged * Math.Max(1, found.Value))
            {
                break;
            }

            rho = found.Value / found.Spend;
        }

        return rho;
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
