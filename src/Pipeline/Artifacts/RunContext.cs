using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>Who ran what, when: the parts of a run folder that are not model numbers.</summary>
public sealed record RunContext(
    string RunId,
    string InstanceId,
    string Trigger,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    IReadOnlyList<StepTiming> Timings,
    RunParameters Parameters);
