using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests.Goals;

/// <summary>
/// Each goal's program of docs/MODEL.md section 5.1 written again from the text, on another solver (COIN-OR
/// CLP): the product's objective must agree with it. Only the curves' chords are shared (they are the model).
/// </summary>
public static class ReferenceLp
{
    /// <summary>The optimum in the goal's units (for target_conversions the least spend); null when infeasible.</summary>
    public static double? Objective(
        Goal goal, double? target, LinearResponse response, IReadOnlyList<ShareConstraint> rules, double budget, ResponseSettings curves, ConversionValues values)
    {
        using var solver = Solver.CreateSolver("CLP") ?? throw new InvalidOperationException("CLP is not available");
        var n = response.Channels.Count;
        var x = new Variable[n];
        var y = new List<(Variable Var, double Slope)>[n];
        var y0 = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = response.Channels[i];
            x[i] = solver.MakeNumVar(c.MinSpend, Math.Min(c.MaxSpend, 10 * budget), c.Channel);
            y[i] = [];
            if (curves.Mode == ResponseMode.Linear)
            {
                y[i].Add((x[i], c.Coefficient));
                continue;
            }

            var piecewise = curves.CurveFor(c).Segment(c.MinSpend, c.MaxSpend, curves.Segments);
            y0[i] = piecewise.Curve.ValueAt(c.MinSpend);
            var link = solver.MakeConstraint(c.MinSpend, c.MinSpend);
            link.SetCoefficient(x[i], 1);
            for (var k = 0; k < piecewise.Slopes.Count; k++)
            {
                var s = solver.MakeNumVar(0, piecewise.Lengths[k], $"s{i}_{k}");
                link.SetCoefficient(s, -1);
                y[i].Add((s, piecewise.Slopes[k]));
            }
        }

        var equality = goal is Goal.Conversions or Goal.Value;
        var total = solver.MakeConstraint(equality ? budget : double.NegativeInfinity, budget);
        foreach (var v in x)
        {
            total.SetCoefficient(v, 1);
        }

        var index = response.Channels.Select((c, i) => (c.Channel, i)).ToDictionary(p => p.Channel, p => p.i);
        foreach (var rule in rules)
        {
            var lo = rule.Bound == ShareBound.AtLeast ? 0 : double.NegativeInfinity;
            var hi = rule.Bound == ShareBound.AtLeast ? double.PositiveInfinity : 0;
            var row = solver.MakeConstraint(lo, hi);
            // Σ_group x − share · (equality ? B : Σ x), the B moved to the bounds for the equality goals.
            for (var i = 0; i < n; i++)
            {
                var member = rule.Channels.Contains(response.Channels[i].Channel) ? 1 : 0;
                row.SetCoefficient(x[i], member - (equality ? 0 : rule.Share));
            }

            if (equality)
            {
                row.SetBounds(lo == 0 ? rule.Share * budget : lo, hi == 0 ? rule.Share * budget : hi);
            }
        }

        double V(int i) => values.For(response.Channels[i].Channel);
        var objective = solver.Objective();
        double constant = 0;

        // Adds weight · Σ y_c to a row or the objective; returns the constant part.
        double AddY(Action<Variable, double> add, Func<int, double> weight)
        {
            var k0 = 0d;
            for (var i = 0; i < n; i++)
            {
                k0 += weight(i) * y0[i];
                foreach (var (v, slope) in y[i])
                {
                    add(v, weight(i) * slope);
                }
            }

            return k0;
        }

        void Obj(Variable v, double a) => objective.SetCoefficient(v, objective.GetCoefficient(v) + a);
        switch (goal)
        {
            case Goal.Conversions:
                constant = AddY(Obj, _ => 1);
                break;
            case Goal.Value:
                constant = AddY(Obj, V);
                break;
            case Goal.Profit:
                constant = AddY(Obj, V);
                foreach (var v in x)
                {
                    Obj(v, -1);
                }

                break;
            case Goal.TargetCpa:
            {
                var row = solver.MakeConstraint(double.NegativeInfinity, 0);
                var k0 = AddY((v, a) => row.SetCoefficient(v, row.GetCoefficient(v) + a), _ => -target!.Value);
                foreach (var v in x)
                {
                    row.SetCoefficient(v, row.GetCoefficient(v) + 1);
                }

                row.SetBounds(double.NegativeInfinity, -k0);
                constant = AddY(Obj, _ => 1);
                break;
            }

            case Goal.TargetRoas:
            {
                var row = solver.MakeConstraint(0, double.PositiveInfinity);
                var k0 = AddY((v, a) => row.SetCoefficient(v, row.GetCoefficient(v) + a), V);
                foreach (var v in x)
                {
                    row.SetCoefficient(v, row.GetCoefficient(v) - target!.Value);
                }

                row.SetBounds(-k0, double.PositiveInfinity);
                constant = AddY(Obj, V);
                break;
            }

            case Goal.TargetConversions:
            {
                var row = solver.MakeConstraint(0, double.PositiveInfinity);
                var k0 = AddY((v, a) => row.SetCoefficient(v, row.GetCoefficient(v) + a), _ => 1);
                row.SetBounds(target!.Value - k0, double.PositiveInfinity);
                foreach (var v in x)
                {
                    Obj(v, 1);
                }

                objective.SetMinimization();
                return solver.Solve() == Solver.ResultStatus.OPTIMAL ? objective.Value() : null;
            }
        }

        objective.SetMaximization();
        return solver.Solve() == Solver.ResultStatus.OPTIMAL ? objective.Value() + constant : null;
    }
}
