using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The bootstrap's input: the names of the partitions' counts (whose group counts, a few hundred numbers
/// per transition, it reads from the run's work area) and the point results it evaluates; the response curves by
/// name in the work area too (<see cref="CurvesWork"/>, their κ draws are 200 per channel), or whole in <c>Curves</c>.
/// </summary>
public sealed record IntervalsRequest(
    string RunId,
    IReadOnlyList<string> Partitions,
    IReadOnlyList<ChannelPerformance> Performance,
    RunParameters Parameters,
    AttributionResult Attribution,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<BudgetResult> Budgets,
    ConversionValues? Values = null,
    Domain.ResponseFitting.ResponseCurves? Curves = null)
{
    /// <summary>The name of the whole response curves in the run's work area (<see cref="FitCurvesResponse.Work"/>); null when <c>Curves</c> carries them.</summary>
    public string? CurvesWork { get; init; }
}
