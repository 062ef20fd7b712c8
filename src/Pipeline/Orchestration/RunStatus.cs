using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>A run as the API reports it; <see cref="Step"/> is the step a running orchestration has reached.</summary>
public sealed record RunStatus(
    string InstanceId,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    PipelineResult? Output,
    string? Failure,
    string? Step = null)
{
    /// <summary>"published, notification refused by Slack: ...": a completed run whose notification did not go out.</summary>
    public string? Warning { get; init; }
}
