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

    /// <summary>The run's goal (MODEL.md section 5.1); absent under the default conversions goal, so that run's file is unchanged.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public GoalSettings? Goal { get; init; }

    /// <summary>v_c of the run (MODEL.md section 5.1); kept only by a run with a goal other than conversions, likewise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ConversionValues? Values { get; init; }

    /// <summary>The goal a request that names none gets: the run's own.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public GoalSettings RunGoal => Goal ?? GoalSettings.Conversions;

    /// <summary>
    /// The budget solved under <paramref name="goal"/> (the run's when null), with why each channel got its
    /// money and the top moves (MODEL.md section 5.2), whatever the goal: an answer, not an artifact.
    /// </summary>
    /// <exception cref="ConfigurationException">A value goal on a run that kept no v_c.</exception>
    /// <exception cref="InputValidationException">A value goal on a run whose conversions are worth nothing.</exception>
    public BudgetResult Solve(double budget, GoalSettings? goal = null)
    {
        goal ??= RunGoal;
        var values = ValuesFor(goal);
        var response = LinearResponse();
        return Unvalued(AllocationReasons.ExplainWithValues(BudgetOptimizer.Solve(response, Constraints, budget, Response, goal, values), response, Constraints, Response, goal, values));
    }

    /// <summary>The intervals of a budget solved on demand: each replicate's model solves it as the run's own budgets were, under the same goal.</summary>
    public BudgetInterval? IntervalsFor(BudgetResult point, GoalSettings? goal = null) =>
        Intervals is { } intervals
            ? BootstrapIntervals.OnModels(intervals, ChannelPerformanceTable.Create(Performance), point, Constraints, Response, goal ?? RunGoal, ValuesFor(goal ?? RunGoal))
            : null;

    /// <summary>The plan on this run's response, bounds and rules (saturating runs on their curves), with its interval when the run has them; its optimum under <paramref name="goal"/> (the run's when null).</summary>
    public PlanEvaluation Evaluate(IReadOnlyDictionary<string, double> spend, GoalSettings? goal = null)
    {
        goal ??= RunGoal;
        var evaluation = PlanEvaluator.Evaluate(LinearResponse(), Constraints, Response, spend, goal, ValuesFor(goal));
        evaluation = evaluation with { Optimum = evaluation.Optimum with { Goal = Unvalued(evaluation.Optimum.Goal) } };
        var interval = Intervals?.Of(
            ChannelPerformanceTable.Create(Performance),
            Response,
            (replicate, curves) => replicate.Channels.Zip(evaluation.Channels, (c, p) => PlanEvaluator.Predict(c, p.Spend, curves)).Sum());
        return evaluation with { PredictedConversionsLow = interval?.Low, PredictedConversionsHigh = interval?.High };
    }

    /// <summary>v_c for the goal: null where it counts no value; refused, naming the goal, where the run kept none.</summary>
    private ConversionValues? ValuesFor(GoalSettings goal)
    {
        if (!goal.Goal.UsesValue())
        {
            return Values;
        }

        if (Values is null)
        {
            throw new ConfigurationException(
                $"goal {goal.Goal.Text()} needs each channel's value per conversion (docs/MODEL.md section 5.1), which run {RunId} did not keep: only a run with a goal other than conversions keeps them (Run__Goal, --goal)");
        }

        Values.CheckUsableFor(goal.Goal);
        return Values;
    }

    /// <summary>Without v_c (a run under the conversions goal) the goals that count no value are solved with every channel worth 1: no value number is claimed.</summary>
    private BudgetResult Unvalued(BudgetResult result) =>
        Values is not null ? result : result with { Goal = Unvalued(result.Goal), Moves = result.Moves?.Select(m => m with { ValueGain = null }).ToArray() };

    private GoalOutcome? Unvalued(GoalOutcome? goal) => Values is not null || goal is null ? goal : goal with { PredictedValue = null, Roas = null };

    private LinearResponse LinearResponse() => AlphaCalibration.ResponseAt(AlphaBest, Attribution, ChannelPerformanceTable.Create(Performance));
}
