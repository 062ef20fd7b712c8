using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>One budget's line in the notification.</summary>
public sealed record BudgetHeadline(double Budget, SolveStatus Status, double? PredictedConversions, double? Uplift, IReadOnlyList<string> BindingConstraints, IReadOnlyList<string> Reasons)
{
    /// <summary>The 95 % interval of the uplift; null without intervals.</summary>
    public double? UpliftLow { get; init; }

    public double? UpliftHigh { get; init; }

    /// <summary>Under a goal other than conversions: what the plan reaches ("target_cpa 60: CPA 58.2, ..."); null otherwise.</summary>
    public string? GoalReached { get; init; }

    /// <summary>Under a goal other than conversions: the move against today's spend that matters most; null otherwise.</summary>
    public string? TopMove { get; init; }
}
