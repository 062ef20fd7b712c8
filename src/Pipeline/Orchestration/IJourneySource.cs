using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Where journeys and channel performance come from (PostgreSQL in production).</summary>
public interface IJourneySource
{
    /// <summary>Counts one customer-hash partition; the partitions of one request add up to the whole.</summary>
    Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default);

    Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default);

    /// <summary>The weekly spend history (MODEL.md section 11); null when the source has no such table.</summary>
    Task<Domain.ResponseFitting.SpendHistory?> ReadSpendHistoryAsync(CancellationToken ct = default) => Task.FromResult<Domain.ResponseFitting.SpendHistory?>(null);
}
