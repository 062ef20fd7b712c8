using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record OptimiseRequest(
    string RunId,
    double Budget,
    double Alpha,
    IReadOnlyList<double> Grid,
    AttributionResult Attribution,
    IReadOnlyList<ChannelPerformance> Performance,
    IReadOnlyList<ShareConstraint> Constraints,
    ResponseSettings Response,
    GoalSettings? Goal = null,
    ConversionValues? Values = null);
