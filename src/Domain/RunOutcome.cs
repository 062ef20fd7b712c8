using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain;

/// <summary>Everything one run computed, step by step.</summary>
public sealed record RunOutcome(
    ResponseSettings Response,
    JourneyCounts Counts,
    AttributionResult Attribution,
    CalibrationResult Calibration,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<BudgetResult> Budgets,
    IReadOnlyList<SweepPoint> Sweep,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Alerts,
    IReadOnlyList<DataCheck> DataChecks)
{
    /// <summary>Each customer segment's own attribution (MODEL.md section 8); empty when the data has one segment.</summary>
    public IReadOnlyList<CustomerSegmentAttribution> CustomerSegments { get; init; } = [];
    /// <summary>The campaign chain's attribution (MODEL.md section 10); null when the journeys have no campaign column.</summary>
    public CampaignAttribution? Campaigns { get; init; }

    /// <summary>The bootstrap intervals; null when they are off. The point estimates above never depend on them.</summary>
    public IntervalResult? Intervals { get; init; }

    /// <summary>The order asked for (MODEL.md section 12); the order used is <see cref="AttributionResult.Order"/>.</summary>
    public MarkovOrder MarkovOrder { get; init; }

    /// <summary>Every order's held-out score when the order was chosen on the data (section 13); null when it was fixed.</summary>
    public OrderSelection? OrderSelection { get; init; }

    /// <summary>Each channel's response curve from the weekly spend history (MODEL.md section 11); null without history.</summary>
    public ResponseCurves? Curves { get; init; }

    /// <summary>v_c of docs/MODEL.md section 5.1 when a goal other than conversions was chosen; null otherwise, so the default's artifacts are unchanged.</summary>
    public ConversionValues? Values { get; init; }
}
