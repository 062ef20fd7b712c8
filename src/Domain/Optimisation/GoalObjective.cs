using Google.OrTools.LinearSolver;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>Each goal's objective and target row on the shared program (docs/MODEL.md section 5.1).</summary>
internal static class GoalObjective
{
    /// <summary>
    /// Sets the goal's objective (always maximised, so duals are ∂objective/∂rhs; <c>target_conversions</c>
    /// maximises <c>−Σx</c>) and its target row. Returns the objective's constant, which the solver's
    /// objective value leaves out (the curves' values at the minimum spends).
    /// </summary>
    public static double Apply(GoalProgram program, GoalSettings goal, ConversionValues values)
    {
        var objective = program.Solver.Objective();
        double Value(int i) => values.For(program.Channels[i].Channel);
        var constant = 0d;
        switch (goal.Goal)
        {
            case Goal.Conversions:
                constant = program.AddResponse(objective, _ => 1);
                break;
            case Goal.Value:
                constant = program.AddResponse(objective, Value);
                break;
            case Goal.Profit:
                constant = program.AddResponse(objective, Value);
                program.AddSpend(objective, -1);
                break;
            case Goal.TargetCpa:
            {
                // Σx − T · Σy ≤ 0, the curves' constants moved to the right side.
                var target = goal.RequiredTarget;
                var row = Row(program, "target_cpa");
                program.AddSpend(row, 1);
                var moved = program.AddResponse(row, _ => -target);
                row.SetBounds(double.NegativeInfinity, -moved);
                constant = program.AddResponse(objective, _ => 1);
                break;
            }

            case Goal.TargetRoas:
            {
                // Σ v·y − R · Σx ≥ 0.
                var row = Row(program, "target_roas");
                var moved = program.AddResponse(row, Value);
                program.AddSpend(row, -goal.RequiredTarget);
                row.SetBounds(-moved, double.PositiveInfinity);
                constant = program.AddResponse(objective, Value);
                break;
            }

            case Goal.TargetConversions:
            {
                // Σy ≥ N, the least spend.
                var row = Row(program, "target_conversions");
                var moved = program.AddResponse(row, _ => 1);
                row.SetBounds(goal.RequiredTarget - moved, double.PositiveInfinity);
                program.AddSpend(objective, -1);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(goal), goal.Goal, "unknown goal");
        }

        objective.SetMaximization();
        return constant;
    }

    private static Constraint Row(GoalProgram program, string name) =>
        program.Solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity, name);
}
