namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>When each step started and finished, in orchestration time (replay-safe).</summary>
public sealed record StepTiming(string Step, DateTime StartedUtc, DateTime FinishedUtc)
{
    public double Seconds => (FinishedUtc - StartedUtc).TotalSeconds;
}
