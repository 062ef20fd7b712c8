using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>One budget's line in the notification.</summary>
public sealed record BudgetHeadline(double Budget, SolveStatus Status, double? PredictedConversions, double? Uplift, IReadOnlyList<string> BindingConstraints, IReadOnlyList<string> Reasons)
{
    /// <summary>The 95 % interval of the uplift; null without intervals.</summary>
    public double? UpliftLow { get; init; }

    public double? UpliftHigh { get; init; }
}
