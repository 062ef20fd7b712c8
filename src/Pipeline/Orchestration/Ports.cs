using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Where journeys and channel performance come from (PostgreSQL in production).</summary>
public interface IJourneySource
{
    /// <summary>Counts one customer-hash partition; the partitions of one request add up to the whole.</summary>
    Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default);

    Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default);
}

/// <summary>Writes a run folder and then <c>latest.json</c>; a failure leaves <c>latest.json</c> as it was.</summary>
public interface IRunPublisher
{
    Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default);
}

/// <summary>Tells people how a run went (Slack, Teams).</summary>
public interface IRunNotifier
{
    Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default);

    Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default);
}

/// <summary>Keeps storage and durable history from growing without end.</summary>
public interface IHousekeeper
{
    Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default);
}
