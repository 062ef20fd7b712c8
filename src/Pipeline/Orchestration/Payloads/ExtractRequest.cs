namespace MarkovFunctions.Pipeline.Orchestration;

/// <param name="BootstrapGroups">Customer-hash groups to count apart for the intervals; 0 when they are off.</param>
/// <param name="Order">The chain's order (docs/MODEL.md section 12); above 1 the (history, next) pairs are counted too.</param>
public sealed record ExtractRequest(string RunId, int Partition, int PartitionCount, double HalfLifeDays, ExtractWindow? Window, int BootstrapGroups = 0, Domain.Counting.MarkovOrder Order = default);
