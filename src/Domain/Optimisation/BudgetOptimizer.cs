using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>The LP of MODEL.md section 5 for one budget and goal (section 5.1), solved with OR-Tools GLOP for exact duals.</summary>
public static class BudgetOptimizer
{
    private const double BindingTolerance = 1e-6;

    /// <param name="budget">Usable by <see cref="BudgetRule"/>: checked once, where it enters (RunSettings.Validate,
    /// the recommendation query, a plan's total), not here.</param>
    /// <param name="goal">Checked by <see cref="GoalSettings.Validate"/> where it enters; the conversions goal when null.</param>
    /// <param name="values">v_c for the value goals; every channel worth 1 when null.</param>
    /// <param name="timeLimit">Wall-clock limit of the solve (default <see cref="RunLimits.SolveTimeLimit"/>); hitting it gives <see cref="SolveStatus.TimeLimit"/>.</param>
    public static BudgetResult Solve(
        LinearResponse response,
        IReadOnlyList<ShareConstraint> constraints,
        double budget,
        ResponseSettings? curves = null,
        GoalSettings? goal = null,
        ConversionValues? values = null,
        TimeSpan? timeLimit = null)
    {
        curves ??= ResponseSettings.Linear;
        goal ??= GoalSettings.Conversions;
        values ??= ConversionValues.One;
        var predictedCurrent = response.Channels.Sum(c => PlanEvaluator.Predict(c, c.CurrentSpend, curves));
        var reasons = InfeasibilityExplainer.Explain(response.Channels, constraints, budget, goal.Goal.CapsSpend());
        if (reasons.Count > 0)
        {
            return Failed(budget, response.Alpha, SolveStatus.Infeasible, reasons, predictedCurrent, goal);
        }

        using var program = GoalProgram.Build(response, constraints, budget, curves, goal.Goal.CapsSpend());
        var objectiveConstant = GoalObjective.Apply(program, goal, values);
        var limit = timeLimit ?? RunLimits.SolveTimeLimit;
        program.Solver.SetTimeLimit((long)Math.Ceiling(limit.TotalMilliseconds));
        var status = program.Solver.Solve();

        // GLOP says NOT_SOLVED or ABNORMAL when its clock runs out; the wall time tells a limit hit from numerical trouble.
        if (status is not Solver.ResultStatus.OPTIMAL and not Solver.ResultStatus.INFEASIBLE && program.Solver.WallTime() >= limit.TotalMilliseconds)
        {
            return Failed(
                budget,
                response.Alpha,
                SolveStatus.TimeLimit,
                [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the solver stopped at its time limit of {limit.TotalSeconds:0.###} s without an optimum, which proves nothing about this budget: ask for fewer segments")],
                predictedCurrent,
                goal);
        }

        if (status != Solver.ResultStatus.OPTIMAL)
        {
            var failure = status == Solver.ResultStatus.INFEASIBLE && goal.Goal.HasTarget()
                ? GoalTargets.Unreachable(response, constraints, budget, curves, goal, values)
                : status == Solver.ResultStatus.INFEASIBLE
                    ? "no allocation satisfies every spend bound and share rule together at this budget"
                    : $"the solver stopped with status {status} (numerical trouble), which proves nothing about this budget: check the inputs for extreme values";
            return Failed(budget, response.Alpha, SolveStatusText.From(status), [failure], predictedCurrent, goal);
        }

        var result = Read(program, response.Alpha, predictedCurrent);
        if (goal.IsDefault)
        {
            return result;
        }

        var outcome = GoalOutcome.From(goal, result, values, program.Solver.Objective().Value() + objectiveConstant);
        if (GoalTargets.OnlyTheEmptyPlanMeets(goal, outcome, budget))
        {
            return Failed(budget, response.Alpha, SolveStatus.Infeasible, [GoalTargets.Unreachable(response, constraints, budget, curves, goal, values)], predictedCurrent, goal);
        }

        return result with { Goal = outcome };
    }

    /// <summary>True when |value - bound| is within the LP's tolerance, as MODEL.md defines "at a bound".</summary>
    public static bool IsAt(double value, double bound) => Math.Abs(value - bound) <= BindingTolerance * Math.Max(1, Math.Abs(bound));

    private static BudgetResult Read(GoalProgram program, double alpha, double predictedCurrent)
    {
        var x = program.Spend;
        var channels = program.Channels.Select((c, i) =>
        {
            var spend = x[i].SolutionValue();
            return new ChannelAllocation(
                c.Channel,
                spend,
                c.CurrentSpend,
                c.CurrentSpend == 0 ? null : (spend / c.CurrentSpend) - 1,
                program.Predict(i, spend),
                program.MarginalValue(i, spend),
                IsAt(spend, c.MinSpend),
                IsAt(spend, c.MaxSpend));
        }).ToArray();

        var index = program.Channels.Select((c, i) => (c.Channel, i)).ToDictionary(p => p.Channel, p => p.i, StringComparer.Ordinal);
        var totalSpend = x.Sum(v => v.SolutionValue());

        // GLOP reports duals as ∂objective/∂rhs for a maximisation, the sign MODEL.md asks for.
        var reports = program.Rules.Select(r =>
        {
            var lhs = r.Rule.Channels.Sum(channel => x[index[channel]].SolutionValue());
            var rhs = program.CapsSpend ? r.Rule.Share * totalSpend : r.Rhs;
            return new ConstraintReport(r.Rule.Name, r.Rule.Bound.Text(), r.Rule.Share, lhs, rhs, IsAt(lhs, rhs), r.Row.DualValue());
        }).ToArray();

        var predicted = channels.Sum(c => c.PredictedConversions);
        var budgetDual = program.BudgetRow.DualValue();

        // With shares of the spend used, the rules scale with the spend by themselves: the budget row's dual is the whole price.
        var marginal = program.CapsSpend ? budgetDual : budgetDual + program.Rules.Zip(reports, (r, report) => r.Rule.Share * report.Dual).Sum();
        return new BudgetResult(
            program.Budget,
            alpha,
            SolveStatus.Optimal,
            [],
            predicted,
            predictedCurrent,
            predictedCurrent > 0 ? (predicted / predictedCurrent) - 1 : null,
            budgetDual,
            marginal,
            channels,
            reports,
            program.Pieces?.Max(p => p.MaxError));
    }

    private static BudgetResult Failed(double budget, double alpha, SolveStatus status, IReadOnlyList<string> reasons, double predictedCurrent, GoalSettings goal) =>
        new(budget, alpha, status, reasons, null, predictedCurrent, null, null, null, [], [])
        {
            Goal = goal.IsDefault ? null : GoalOutcome.None(goal),
        };
}
