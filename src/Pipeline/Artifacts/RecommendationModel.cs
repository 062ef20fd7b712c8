using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

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

    /// <summary>The run's bootstrap, with each replicate's alpha* and removal weights; absent when the run has no intervals.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IntervalResult? Intervals { get; init; }

    public BudgetResult Solve(double budget) => BudgetOptimizer.Solve(LinearResponse(), Constraints, budget, Response);

    /// <summary>The intervals of a budget solved on demand: each replicate's model solves it as the run's own budgets were.</summary>
    public BudgetInterval? IntervalsFor(BudgetResult point) =>
        Intervals is { } intervals ? BootstrapIntervals.OnModels(intervals, ChannelPerformanceTable.Create(Performance), point, Constraints, Response) : null;

    /// <summary>The plan on this run's response, bounds and rules (saturating runs on their curves), with its interval when the run has them.</summary>
    public PlanEvaluation Evaluate(IReadOnlyDictionary<string, double> spend)
    {
        var evaluation = PlanEvaluator.Evaluate(LinearResponse(), Constraints, Response, spend);
        var interval = Intervals?.Of(
            ChannelPerformanceTable.Create(Performance),
            Response,
            (replicate, curves) => replicate.Channels.Zip(evaluation.Channels, (c, p) => PlanEvaluator.Predict(c, p.Spend, curves)).Sum());
        return evaluation with { PredictedConversionsLow = interval?.Low, PredictedConversionsHigh = interval?.High };
    }

    private LinearResponse LinearResponse() => AlphaCalibration.ResponseAt(AlphaBest, Attribution, ChannelPerformanceTable.Create(Performance));
}
