namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>What the orchestration returns: the run it published.</summary>
public sealed record PipelineResult(PipelineStatus Status, string RunId, PublishedRun Published)
{
    /// <summary>"published, notification refused by Slack: ...": the run is good, but not everyone was told.</summary>
    public string? Warning { get; init; }
}
