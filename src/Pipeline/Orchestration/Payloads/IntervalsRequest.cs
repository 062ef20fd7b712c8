using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>The bootstrap's input: the group counts (a few hundred numbers per transition) and the point results it evaluates.</summary>
public sealed record IntervalsRequest(
    string RunId,
    GroupCounts Groups,
    IReadOnlyList<ChannelPerformance> Performance,
    RunParameters Parameters,
    AttributionResult Attribution,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<BudgetResult> Budgets,
    ConversionValues? Values = null,
    Domain.ResponseFitting.ResponseCurves? Curves = null)
{
    /// <summary>Above order 1, the (history, next) counts by the same groups (docs/MODEL.md section 12).</summary>
    public HistoryCounts? Histories { get; init; }
}
