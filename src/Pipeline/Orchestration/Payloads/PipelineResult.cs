namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>What the orchestration returns: the published run, or why it failed.</summary>
public sealed record PipelineResult(string Status, string? RunId, PublishedRun? Published, string? FailedStep, string? Error);
