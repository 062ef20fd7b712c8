using MarkovFunctions.Domain.Inputs;
using Google.OrTools.LinearSolver;
using System.Reflection;
using System.Text.Json.Serialization;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// A solver outcome. Written as the artifacts have always named it: <c>Optimal</c>, <c>Infeasible</c>,
/// or GLOP's own name for a numerical stop (<c>ABNORMAL</c>, ...), in JSON and in every text.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SolveStatus>))]
public enum SolveStatus
{
    Optimal,
    Infeasible,

    /// <summary>An alpha of the sweep whose scale is undefined (MODEL.md section 4): nothing was solved.</summary>
    Undefined,
    [JsonStringEnumMemberName("FEASIBLE")] Feasible,
    [JsonStringEnumMemberName("UNBOUNDED")] Unbounded,
    [JsonStringEnumMemberName("ABNORMAL")] Abnormal,
    [JsonStringEnumMemberName("MODEL_INVALID")] ModelInvalid,
    [JsonStringEnumMemberName("NOT_SOLVED")] NotSolved,
}

public static class SolveStatusText
{
    // The JSON names above are the one spelling table; text is read from them once.
    private static readonly Dictionary<SolveStatus, string> Spelling = Enum.GetValues<SolveStatus>().ToDictionary(
        status => status,
        status => typeof(SolveStatus).GetField(status.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? status.ToString());

    /// <summary>The status as artifacts, reports and messages write it (the same text as its JSON).</summary>
    public static string Text(this SolveStatus status) => Spelling[status];

    /// <summary>GLOP's result as a status; OPTIMAL and INFEASIBLE have their own members.</summary>
    public static SolveStatus From(Solver.ResultStatus status) => status switch
    {
        Solver.ResultStatus.OPTIMAL => SolveStatus.Optimal,
        Solver.ResultStatus.INFEASIBLE => SolveStatus.Infeasible,
        Solver.ResultStatus.FEASIBLE => SolveStatus.Feasible,
        Solver.ResultStatus.UNBOUNDED => SolveStatus.Unbounded,
        Solver.ResultStatus.ABNORMAL => SolveStatus.Abnormal,
        Solver.ResultStatus.MODEL_INVALID => SolveStatus.ModelInvalid,
        _ => SolveStatus.NotSolved,
    };
}

/// <summary>One channel of an optimal allocation.</summary>
public sealed record ChannelAllocation(
    string Channel,
    double OptimalSpend,
    double CurrentSpend,
    double? SpendChangePct,
    double PredictedConversions,
    double MarginalValue,
    bool AtMin,
    bool AtMax)
{
    /// <summary>The bootstrap interval of the spend (summary.json only; absent when intervals are off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OptimalSpendLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OptimalSpendHigh { get; init; }
}

/// <summary>A strategic constraint at the optimum: <c>dual = ∂objective/∂rhs</c>.</summary>
public sealed record ConstraintReport(string Name, string Bound, double Share, double Lhs, double Rhs, bool Binding, double Dual);

/// <summary>The LP of MODEL.md section 5 for one budget. Numbers that do not exist (infeasible) are null.</summary>
public sealed record BudgetResult(
    double Budget,
    double Alpha,
    SolveStatus Status,
    IReadOnlyList<string> Reasons,
    double? PredictedConversions,
    double PredictedCurrent,
    double? Uplift,
    double? BudgetDual,
    double? BudgetMarginalValue,
    IReadOnlyList<ChannelAllocation> Channels,
    IReadOnlyList<ConstraintReport> Constraints,
    double? ApproximationError = null)
{
    public bool IsOptimal => Status == SolveStatus.Optimal;
}

/// <summary>Solves one linear program per budget with OR-Tools GLOP, which returns exact duals.</summary>
public static class BudgetOptimizer
{
    private const double BindingTolerance = 1e-6;

    /// <param name="budget">Usable by <see cref="BudgetRule"/>: checked once, where it enters (RunSettings.Validate,
    /// the recommendation query, a plan's total), not here.</param>
    public static BudgetResult Solve(LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings? curves = null)
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
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
        {
            var infeasible = status == Solver.ResultStatus.INFEASIBLE;
            return new BudgetResult(
                budget, response.Alpha, SolveStatusText.From(status),
                [infeasible
                    ? "no allocation satisfies every spend bound and share rule together at this budget"
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
