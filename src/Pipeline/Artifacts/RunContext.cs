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
    RunParameters Parameters)
{
    /// <summary>Whether publishing moves <c>latest.json</c> (<see cref="PipelineInput.MovesLatest"/>; <c>markov run --out</c> always does).</summary>
    public bool MovesLatest { get; init; } = true;
}
