using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Api;

/// <summary>
/// What a published run needs to answer for a budget it did not include: the channels' weights
/// (no customer data), the performance table, the resolved share rules, alpha* and the response mode.
/// Written to each run folder as <c>recommendation_model.json</c>.
/// </summary>
public sealed record RecommendationModel(
    string RunId,
    double AlphaBest,
    AttributionResult Attribution,
    IReadOnlyList<ChannelPerformance> Performance,
    IReadOnlyList<ShareConstraint> Constraints,
    ResponseSettings Response)
{
    public const string FileName = "recommendation_model.json";

    public BudgetResult Solve(double budget)
    {
        var response = AlphaCalibration.ResponseAt(AlphaBest, Attribution, ChannelPerformanceTable.Create(Performance));
        return BudgetOptimizer.Solve(response, Constraints, budget, Response);
    }
}
