namespace MarkovFunctions.Domain.Optimisation;

/// <summary>What a plan predicts under a run's model, which rules it breaks, and how far it is from the optimum.</summary>
public sealed record PlanEvaluation(
    double TotalSpend,
    double PredictedConversions,
    double PredictedCurrent,
    double Alpha,
    string ResponseMode,
    IReadOnlyList<PlanChannel> Channels,
    IReadOnlyList<PlanViolation> Violations,
    PlanOptimum Optimum)
{
    /// <summary>The plan's predicted conversions under each bootstrap replicate's model, as a 95 % interval; absent when the run has no intervals.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedConversionsLow { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedConversionsHigh { get; init; }
}
