namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>The orchestration's custom status: the step it has reached and, once it failed, why.</summary>
public sealed record RunProgress(string Step, string? Error = null);
