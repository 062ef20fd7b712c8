namespace MarkovFunctions.Pipeline.Orchestration;

public sealed record HousekeepingRequest(string RunId);
