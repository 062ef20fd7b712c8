using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Artifacts;

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

    public BudgetResult Solve(double budget) => BudgetOptimizer.Solve(LinearResponse(), Constraints, budget, Response);

    /// <summary>The plan on this run's response, bounds and rules (saturating runs on their curves).</summary>
    public PlanEvaluation Evaluate(IReadOnlyDictionary<string, double> spend) => PlanEvaluator.Evaluate(LinearResponse(), Constraints, Response, spend);

    private LinearResponse LinearResponse() => AlphaCalibration.ResponseAt(AlphaBest, Attribution, ChannelPerformanceTable.Create(Performance));
}
