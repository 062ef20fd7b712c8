namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Keeps storage and durable history from growing without end.</summary>
public interface IHousekeeper
{
    Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default);
}
