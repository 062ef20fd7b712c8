namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record FailureNotice(string InstanceId, string Trigger, string Step, string Message, DateTime StartedUtc, DateTime FailedUtc);
