using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain;

/// <summary>What one run computes from, besides the data.</summary>
public sealed record RunSettings(
    IReadOnlyList<double> Budgets,
    AlphaSettings Alpha,
    ConstraintConfiguration Constraints)
{
    /// <summary>Linear (MODEL.md) unless saturating response curves are asked for.</summary>
    public ResponseSettings Response { get; init; } = ResponseSettings.Linear;

    /// <summary>Bootstrap intervals (docs/MODEL.md section 9); off unless asked for, so point-only callers pay nothing.</summary>
    public IntervalSettings Intervals { get; init; } = IntervalSettings.Off;

    /// <summary>What each budget's LP pursues (docs/MODEL.md section 5.1); the most conversions unless asked.</summary>
    public GoalSettings Goal { get; init; } = GoalSettings.Conversions;
    /// <summary>The order of the chain (docs/MODEL.md sections 12 and 13); order 1, section 2's chain, unless asked for.</summary>
    public MarkovOrder Order { get; init; } = MarkovOrder.One;

    public static RunSettings Create(
        IReadOnlyList<double> budgets, AlphaSettings? alpha = null, ConstraintConfiguration? constraints = null, ResponseSettings? response = null) =>
        new(budgets, alpha ?? new AlphaSettings(), constraints ?? ConstraintConfiguration.Default) { Response = response ?? ResponseSettings.Linear };

    public void Validate()
    {
        // Limits first: nothing sized by a field (the alpha grid) is built before its limit is checked.
        RunLimits.Check(this);
        BudgetRule.Check(Budgets);
        Alpha.Validate();
        Response.Validate();
        Intervals.Validate();
        Goal.Validate();
    }
}
