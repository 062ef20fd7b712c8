using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Optimisation;

/// <summary>MODEL.md section 6: every alpha of the grid × one budget, each alpha with its own scale.</summary>
public static class AlphaBudgetSweep
{
    public static IReadOnlyList<SweepPoint> ForBudget(
        double budget,
        IReadOnlyList<double> grid,
        AttributionResult attribution,
        ChannelPerformanceTable performance,
        IReadOnlyList<ShareConstraint> constraints,
        ResponseSettings? curves = null,
        GoalSettings? goal = null,
        ConversionValues? values = null)
    {
        var points = new List<SweepPoint>(grid.Count);
        foreach (var alpha in grid)
        {
            if (AlphaCalibration.TryResponseAt(alpha, attribution, performance) is not { } response)
            {
                points.Add(new SweepPoint(alpha, budget, SolveStatus.Undefined, null));
                continue;
            }

            var result = BudgetOptimizer.Solve(response, constraints, budget, curves, goal, values);
            points.Add(new SweepPoint(alpha, budget, result.Status, result.PredictedConversions));
        }

        return points;
    }
}
