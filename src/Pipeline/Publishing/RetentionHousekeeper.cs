using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Keeps the newest run folders (never the one latest.json names) and purges old durable history.</summary>
public sealed partial class RetentionHousekeeper(
    IArtifactStore store,
    IRunWorkStore work,
    IOptions<ArtifactsOptions> artifacts,
    IOptions<DurableOptions> durable,
    TimeProvider clock,
    ILogger<RetentionHousekeeper> logger,
    IHistoryPurger? purger = null) : IHousekeeper
{
    public async Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default)
    {
        var deleted = await new RunFolderWriter(store).ApplyRetentionAsync(artifacts.Value.KeepRuns, ct);
        var purged = purger is null ? 0 : await purger.PurgeFinishedBeforeAsync(clock.GetUtcNow().AddDays(-durable.Value.HistoryRetentionDays), ct);
        // This run's data in flight, and that of runs that failed or were abandoned a day ago or more (none runs that long).
        var worked = await work.DeleteAsync(request.RunId, clock.GetUtcNow().UtcDateTime - StaleWork, ct);
        LogRetention(logger, deleted.Count, purged, worked);
    }

    /// <summary>How old a run's work area must be before another run's housekeeping deletes it.</summary>
    public static readonly TimeSpan StaleWork = TimeSpan.FromDays(1);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Retention: deleted {Runs} old run folders, purged {Instances} finished instances, deleted the work of {WorkRuns} runs")]
    private static partial void LogRetention(ILogger logger, int runs, int instances, int workRuns);
}
