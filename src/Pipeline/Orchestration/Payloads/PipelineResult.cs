namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>What the orchestration returns: the run it published.</summary>
public sealed record PipelineResult(PipelineStatus Status, string RunId, PublishedRun Published);
