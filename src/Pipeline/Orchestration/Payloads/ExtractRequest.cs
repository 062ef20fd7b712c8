namespace MarkovFunctions.Pipeline.Orchestration;

/// <param name="BootstrapGroups">Customer-hash groups to count apart for the intervals; 0 when they are off.</param>
public sealed record ExtractRequest(string RunId, int Partition, int PartitionCount, double HalfLifeDays, ExtractWindow? Window, int BootstrapGroups = 0);
