namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>The orchestration's custom status: the step it has reached and, once it failed, why.</summary>
public sealed record RunProgress(string Step, string? Error = null)
{
    /// <summary>What went wrong on a run that is published all the same (a notification refused).</summary>
    public string? Warning { get; init; }
}
