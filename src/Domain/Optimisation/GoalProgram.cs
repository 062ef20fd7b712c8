using Google.OrTools.LinearSolver;
using MarkovFunctions.Domain.Calibration;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>
/// The LP every goal shares (docs/MODEL.md sections 5 and 5.1): spend variables within their bounds, each
/// channel's response as a linear expression (its coefficient, or its curve's chords from the minimum), the
/// budget row and the share rules. A goal adds its own row and objective through <see cref="AddResponse"/>
/// and <see cref="AddSpend"/>. Variables and rows are created in the order the conversions LP always used,
/// so that goal solves exactly as before.
/// </summary>
internal sealed class GoalProgram : IDisposable
{
    private readonly LinearResponse _response;
    private readonly Variable[][] _segments;

    private GoalProgram(
        LinearResponse response, Solver solver, Variable[] spend, Variable[][] segments, PiecewiseCurve[]? pieces, Constraint budgetRow,
        IReadOnlyList<(ShareConstraint Rule, Constraint Row, double Rhs)> rules, double budget, bool capsSpend)
    {
        _response = response;
        Solver = solver;
        Spend = spend;
        _segments = segments;
        Pieces = pieces;
        BudgetRow = budgetRow;
        Rules = rules;
        Budget = budget;
        CapsSpend = capsSpend;
    }

    public Solver Solver { get; }

    public Variable[] Spend { get; }

    /// <summary>Each channel's chords in saturating mode; null in linear mode.</summary>
    public PiecewiseCurve[]? Pieces { get; }

    public Constraint BudgetRow { get; }

    /// <summary>Each share rule's row and, for rules with a fixed right side (share · B), that side; 0 for shares of the spend used.</summary>
    public IReadOnlyList<(ShareConstraint Rule, Constraint Row, double Rhs)> Rules { get; }

    public double Budget { get; }

    /// <summary>Σx ≤ B with rules on the spend used, rather than Σx = B with rules on B.</summary>
    public bool CapsSpend { get; }

    public IReadOnlyList<ChannelResponse> Channels => _response.Channels;

    /// <param name="capsSpend">True: <c>Σx ≤ B</c> and each rule a share of <c>Σx</c>; false: <c>Σx = B</c> and each rule a share of B.</param>
    public static GoalProgram Build(LinearResponse response, IReadOnlyList<ShareConstraint> constraints, double budget, ResponseSettings curves, bool capsSpend)
    {
        var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP solver is not available");

        // No channel can take more than the budget, so a cap beyond it (1e308 for "no cap") is replaced
        // by one that can never bind either: GLOP loses its footing on bounds near double.MaxValue.
        var reach = Reach(budget);
        var channels = response.Channels;
        var x = channels.Select(c => solver.MakeNumVar(c.MinSpend, Math.Min(c.MaxSpend, Math.Max(c.MinSpend, reach)), c.Channel)).ToArray();
        var total = capsSpend ? solver.MakeConstraint(double.NegativeInfinity, budget, "budget") : solver.MakeConstraint(budget, budget, "budget");
        foreach (var v in x)
        {
            total.SetCoefficient(v, 1);
        }

        var index = channels.Select((c, i) => (c.Channel, i)).ToDictionary(p => p.Channel, p => p.i, StringComparer.Ordinal);
        var rules = new List<(ShareConstraint, Constraint, double)>();
        foreach (var rule in constraints)
        {
            var rhs = capsSpend ? 0 : rule.Share * budget;
            var row = rule.Bound == ShareBound.AtLeast
                ? solver.MakeConstraint(rhs, double.PositiveInfinity, rule.Name)
                : solver.MakeConstraint(double.NegativeInfinity, rhs, rule.Name);
            if (capsSpend)
            {
                // Σ_group x − share · Σ x: a share of the spend actually used.
                foreach (var v in x)
                {
                    row.SetCoefficient(v, -rule.Share);
                }
            }

            foreach (var channel in rule.Channels)
            {
                var v = x[index[channel]];
                row.SetCoefficient(v, row.GetCoefficient(v) + 1);
            }

            rules.Add((rule, row, rhs));
        }

        PiecewiseCurve[]? pieces = null;
        var segments = new Variable[channels.Count][];
        if (curves.Mode == ResponseMode.Linear)
        {
            Array.Fill(segments, []);
        }
        else
        {
            // x_c = min_c + Σ_k s_ck with decreasing slopes: every goal prefers the steeper chords, so the
            // segments fill in order by themselves, no integer variable is needed and the duals keep their meaning.
            pieces = channels.Select(curves.PiecesFor).ToArray();
            var most = RunLimits.PiecesPerChannel(curves);
            if (pieces.FirstOrDefault(p => p.Slopes.Count > most) is { } over)
            {
                // The run limits sized the work on this bound: an LP beyond it is a bug, not an input.
                throw new InvalidOperationException($"{over.Curve.Channel} has {over.Slopes.Count} pieces, above the {most} RunLimits.PiecesPerChannel counts");
            }

            for (var i = 0; i < x.Length; i++)
            {
                var link = solver.MakeConstraint(channels[i].MinSpend, channels[i].MinSpend, $"link_{i}");
                link.SetCoefficient(x[i], 1);
                segments[i] = new Variable[pieces[i].Slopes.Count];
                for (var k = 0; k < pieces[i].Slopes.Count; k++)
                {
                    segments[i][k] = solver.MakeNumVar(0, Math.Min(pieces[i].Lengths[k], reach), $"s_{i}_{k}");
                    link.SetCoefficient(segments[i][k], -1);
                }
            }
        }

        return new GoalProgram(response, solver, x, segments, pieces, total, rules, budget, capsSpend);
    }

    /// <summary>A spend no channel can reach within the budget.</summary>
    public static double Reach(double budget) => (2 * budget) + 1;

    /// <summary>
    /// Adds <c>Σ_c weight_c · y_c</c> (without its constant) to the objective; returns the constant
    /// <c>Σ_c weight_c · y_c(min_c)</c> (0 in linear mode).
    /// </summary>
    public double AddResponse(Objective objective, Func<int, double> weight) =>
        AddResponse((v, a) => objective.SetCoefficient(v, objective.GetCoefficient(v) + a), weight);

    /// <inheritdoc cref="AddResponse(Objective, Func{int, double})"/>
    public double AddResponse(Constraint row, Func<int, double> weight) =>
        AddResponse((v, a) => row.SetCoefficient(v, row.GetCoefficient(v) + a), weight);

    /// <summary>Adds <c>factor · Σ_c x_c</c>.</summary>
    public void AddSpend(Objective objective, double factor)
    {
        foreach (var v in Spend)
        {
            objective.SetCoefficient(v, objective.GetCoefficient(v) + factor);
        }
    }

    /// <inheritdoc cref="AddSpend(Objective, double)"/>
    public void AddSpend(Constraint row, double factor)
    {
        foreach (var v in Spend)
        {
            row.SetCoefficient(v, row.GetCoefficient(v) + factor);
        }
    }

    /// <summary>Channel i's response at the solution as the LP sees it (its chords, constant included).</summary>
    public double LpResponse(int i)
    {
        var channel = Channels[i];
        if (Pieces is null)
        {
            return channel.Coefficient * Spend[i].SolutionValue();
        }

        var y = Pieces[i].Curve.ValueAt(channel.MinSpend);
        for (var k = 0; k < _segments[i].Length; k++)
        {
            y += Pieces[i].Slopes[k] * _segments[i][k].SolutionValue();
        }

        return y;
    }

    /// <summary>Channel i's response at spend <paramref name="x"/> as reported (the curve itself, not its chords).</summary>
    public double Predict(int i, double x) => Pieces is null ? Channels[i].Coefficient * x : Pieces[i].Curve.ValueAt(x);

    /// <summary>Conversions per extra unit of spend on channel i at spend <paramref name="x"/>.</summary>
    public double MarginalValue(int i, double x) => Pieces is null ? Channels[i].Coefficient : Pieces[i].MarginalValueAt(x);

    public void Dispose() => Solver.Dispose();

    private double AddResponse(Action<Variable, double> add, Func<int, double> weight)
    {
        var constant = 0d;
        for (var i = 0; i < Spend.Length; i++)
        {
            var w = weight(i);
            if (Pieces is null)
            {
                add(Spend[i], w * Channels[i].Coefficient);
                continue;
            }

            constant += w * Pieces[i].Curve.ValueAt(Channels[i].MinSpend);
            for (var k = 0; k < _segments[i].Length; k++)
            {
                add(_segments[i][k], w * Pieces[i].Slopes[k]);
            }
        }

        return constant;
    }
}
