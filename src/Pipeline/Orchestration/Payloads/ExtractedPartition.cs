namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>What an extract partition hands on: the name of its counts in the run's work area (<see cref="IRunWorkStore"/>), not the counts.</summary>
public sealed record ExtractedPartition(string Counts);
