namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>How the run was started.</summary>
public sealed record PipelineInput(string Trigger, RunParameters Parameters);
