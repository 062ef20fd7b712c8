using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <param name="Counts">
/// The summed counts without their per-segment split (<see cref="CustomerSegments"/> carries what is needed of it)
/// and without their transitions (they grow with the square of the channels; the publish reads them from the run's work area).
/// </param>
public sealed record AttributeResponse(
    JourneyCounts Counts,
    AttributionResult Attribution,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<DataCheck> DataChecks)
{
    /// <summary>Each customer segment's attribution (MODEL.md section 8); empty when the data has one segment.</summary>
    public IReadOnlyList<CustomerSegmentAttribution> CustomerSegments { get; init; } = [];

    /// <summary>The name of the campaign attribution (MODEL.md section 10) in the run's work area; null without a campaign column.</summary>
    public string? Campaigns { get; init; }

    /// <summary>Every order's held-out score when the order was chosen on the data; null when it was fixed.</summary>
    public OrderSelection? OrderSelection { get; init; }
}
