using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>The curve fit's input: the history is read by the activity itself, so only the small table and settings travel.</summary>
public sealed record FitCurvesRequest(string RunId, IReadOnlyList<ChannelPerformance> Performance, RunParameters Parameters);
