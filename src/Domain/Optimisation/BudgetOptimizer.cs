using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>Solves one linear program per budget with OR-Tools GLOP, which returns exact duals.</summary>
public static class BudgetOptimizer
{
    private const double BindingTolerance = 1e-6;

    /// <param name="budget">Usable by <see cref="BudgetRule"/>: checked once, where it enters (RunSettings.Validate,
    /// the recommendation query, a plan's total), not here.</param>
    /// <param name="timeLimit">Wall-clock limit of the solve (default <see cref="RunLimits.SolveTimeLimit"/>); hitting it gives <see cref="SolveStatus.TimeLimit"/>.</param>
    public static BudgetResult Solve(
        LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings? curves = null, TimeSpan? timeLimit = null)
    {
        curves ??= ResponseSettings.Linear;
        var predictedCurrent = curves.Mode == ResponseMode.Linear
            ? response.Channels.Sum(c => c.Coefficient * c.CurrentSpend)
            : response.Channels.Sum(c => SaturatingCurve.For(c, curves.KappaFor(c.Channel)).ValueAt(c.CurrentSpend));
        var reasons = InfeasibilityExplainer.Explain(response.Channels, constraints, budget);
        if (reasons.Count > 0)
        {
            return Infeasible(budget, response.Alpha, predictedCurrent, reasons);
        }

        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP solver is not available");
        // No channel can take more than the budget, so a cap beyond it (1e308 for "no cap") is replaced
        // by one that can never bind either: GLOP loses its footing on bounds near double.MaxValue.
        var reach = (2 * budget) + 1;
        var x = response.Channels.Select(c => solver.MakeNumVar(c.MinSpend, Math.Min(c.MaxSpend, Math.Max(c.MinSpend, reach)), c.Channel)).ToArray();
        var total = solver.MakeConstraint(budget, budget, "budget");
        foreach (var v in x)
        {
            total.SetCoefficient(v, 1);
        }

        var index = response.Channels.Select((c, i) => (c.Channel, i)).ToDictionary(p => p.Channel, p => p.i, StringComparer.Ordinal);
        var rows = new List<(ShareConstraint Rule, Google.OrTools.LinearSolver.Constraint Row, double Rhs)>();
        foreach (var rule in constraints)
        {
            var rhs = rule.Share * budget;
            var row = rule.Bound == ShareBound.AtLeast
                ? solver.MakeConstraint(rhs, double.PositiveInfinity, rule.Name)
                : solver.MakeConstraint(double.NegativeInfinity, rhs, rule.Name);
            foreach (var channel in rule.Channels)
            {
                row.SetCoefficient(x[index[channel]], 1);
            }

            rows.Add((rule, row, rhs));
        }

        var objective = solver.Objective();
        PiecewiseCurve[]? pieces = null;
        if (curves.Mode == ResponseMode.Linear)
        {
            for (var i = 0; i < x.Length; i++)
            {
                objective.SetCoefficient(x[i], response.Channels[i].Coefficient);
            }
        }
        else
        {
            // x_c = min_c + Σ_k s_ck with decreasing slopes: a maximisation fills the segments in
            // order by itself, so no integer variable is needed and the duals keep their meaning.
            pieces = response.Channels
                .Select(c => SaturatingCurve.For(c, curves.KappaFor(c.Channel)).Segment(c.MinSpend, c.MaxSpend, curves.Segments))
                .ToArray();
            for (var i = 0; i < x.Length; i++)
            {
                var link = solver.MakeConstraint(response.Channels[i].MinSpend, response.Channels[i].MinSpend, $"link_{i}");
                link.SetCoefficient(x[i], 1);
                for (var k = 0; k < pieces[i].Slopes.Count; k++)
                {
                    var segment = solver.MakeNumVar(0, Math.Min(pieces[i].Lengths[k], reach), $"s_{i}_{k}");
                    link.SetCoefficient(segment, -1);
                    objective.SetCoefficient(segment, pieces[i].Slopes[k]);
                }
            }
        }

        objective.SetMaximization();
        var limit = timeLimit ?? RunLimits.SolveTimeLimit;
        solver.SetTimeLimit((long)Math.Ceiling(limit.TotalMilliseconds));
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            // GLOP says NOT_SOLVED or ABNORMAL when its clock runs out; the wall time tells a limit hit from numerical trouble.
            var timedOut = status != Solver.ResultStatus.INFEASIBLE && solver.WallTime() >= limit.TotalMilliseconds;
            return new BudgetResult(
                budget, response.Alpha, timedOut ? SolveStatus.TimeLimit : SolveStatusText.From(status),
                [status == Solver.ResultStatus.INFEASIBLE
                    ? "no allocation satisfies every spend bound and share rule together at this budget"
                    : timedOut
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the solver stopped at its time limit of {limit.TotalSeconds:0.###} s without an optimum, which proves nothing about this budget: ask for fewer segments")
                    : $"the solver stopped with status {status} (numerical trouble), which proves nothing about this budget: check the inputs for extreme values"],
                null, predictedCurrent, null, null, null, [], []);
        }

        var channels = response.Channels.Select((c, i) =>
        {
            var spend = x[i].SolutionValue();
            return new ChannelAllocation(
                c.Channel,
                spend,
                c.CurrentSpend,
                c.CurrentSpend == 0 ? null : (spend / c.CurrentSpend) - 1,
                pieces is null ? c.Coefficient * spend : pieces[i].Curve.ValueAt(spend),
                pieces is null ? c.Coefficient : pieces[i].MarginalValueAt(spend),
                IsAt(spend, c.MinSpend),
                IsAt(spend, c.MaxSpend));
        }).ToArray();

        // GLOP reports duals as ∂objective/∂rhs for a maximisation, the sign MODEL.md asks for.
        var reports = rows.Select(r =>
        {
            var lhs = r.Rule.Channels.Sum(channel => x[index[channel]].SolutionValue());
            return new ConstraintReport(
                r.Rule.Name,
                r.Rule.Bound.Text(),
                r.Rule.Share,
                lhs,
                r.Rhs,
                IsAt(lhs, r.Rhs),
                r.Row.DualValue());
        }).ToArray();

        var predicted = channels.Sum(c => c.PredictedConversions);
        var budgetDual = total.DualValue();
        var marginal = budgetDual + rows.Zip(reports, (r, report) => r.Rule.Share * report.Dual).Sum();
        return new BudgetResult(
            budget,
            response.Alpha,
            SolveStatus.Optimal,
            [],
            predicted,
            predictedCurrent,
            predictedCurrent > 0 ? (predicted / predictedCurrent) - 1 : null,
            budgetDual,
            marginal,
            channels,
            reports,
            pieces?.Max(p => p.MaxError));
    }

    private static BudgetResult Infeasible(double budget, double alpha, double predictedCurrent, IReadOnlyList<string> reasons) =>
        new(budget, alpha, SolveStatus.Infeasible, reasons, null, predictedCurrent, null, null, null, [], []);

    private static bool IsAt(double value, double bound) => Math.Abs(value - bound) <= BindingTolerance * Math.Max(1, Math.Abs(bound));
}
