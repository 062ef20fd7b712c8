using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The bootstrap's input: the names of the partitions' counts (whose group counts, a few hundred numbers
/// per transition, it reads from the run's work area) and the point results it evaluates.
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
    Domain.ResponseFitting.ResponseCurves? Curves = null);
