using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Scheduling;

/// <summary>
/// What an hourly timer tick does: once the week's start has passed, start the week's run under its
/// ISO-week instance id unless that week was started already. A failed weekly run is not restarted by
/// the next tick (that would send a failure notice every hour); an operator re-runs it with POST /api/runs.
/// "Started already" is the instance, or - once housekeeping or an operator purged its history - the
/// week's marker <c>weeks/2026-W48.json</c>, written before the start.
/// </summary>
public sealed partial class WeeklyRunStarter(
    IOptions<ScheduleOptions> schedule, IOptions<RunOptions> defaults, IArtifactStore store, TimeProvider clock, ILogger<WeeklyRunStarter> logger)
{
    private const string JsonContent = "application/json; charset=utf-8";

    /// <summary>The week's instance id when the run was started or already exists; null when the week's start is still ahead.</summary>
    public async Task<string?> OnTickAsync(IOrchestrationGateway gateway, bool pastDue, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var options = schedule.Value;
        var weekly = new WeeklySchedule(options.TimeZone, options.Day, options.Hour);
        var now = clock.GetUtcNow();
        if (!weekly.IsDue(now))
        {
            LogNotDue(logger, weekly.NextAfter(now));
            return null;
        }

        var week = weekly.IsoWeekOf(now);
        var id = weekly.InstanceIdFor(now);
        var path = ArtifactPaths.WeekMarker(week);
        if (await gateway.GetAsync(id, ct).ConfigureAwait(false) is { } existing)
        {
            LogAlreadyStarted(logger, id, existing.RuntimeStatus);
            // A week started before markers existed, or whose mark was lost, is marked while its history still says so.
            await MarkAsync(path, new WeekMarker(week, id, existing.CreatedAt), ct).ConfigureAwait(false);
            return id;
        }

        if (!await MarkAsync(path, new WeekMarker(week, id, now), ct).ConfigureAwait(false))
        {
            var marked = await store.ReadAsync(path, ct).ConfigureAwait(false) is { } bytes ? WeekMarker.Parse(bytes) : null;
            LogMarkedWithoutInstance(logger, id, path, marked?.StartedUtc);
            return id;
        }

        try
        {
            await gateway.StartAsync(new PipelineInput(PipelineInput.WeeklyTrigger, defaults.Value.ToParameters(now)), id, ct).ConfigureAwait(false);
        }
        catch
        {
            // Not started: the next tick must be free to try again.
            await store.DeleteAsync(path, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LogStarted(logger, id, pastDue);
        return id;
    }

    /// <summary>Writes the week's marker unless one exists (compare-and-swap, so of two ticks racing one wins); true when this call wrote it.</summary>
    private async Task<bool> MarkAsync(string path, WeekMarker marker, CancellationToken ct)
    {
        var wrote = false;
        await store.UpdateAsync(
            path,
            current =>
            {
                wrote = current is null;
                return wrote ? marker.ToJsonBytes() : null;
            },
            JsonContent,
            ct).ConfigureAwait(false);
        return wrote;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Weekly run not due; next start {NextUtc:u}")]
    private static partial void LogNotDue(ILogger logger, DateTimeOffset nextUtc);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Weekly run {InstanceId} already exists ({Status}); nothing started")]
    private static partial void LogAlreadyStarted(ILogger logger, string instanceId, string status);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Weekly run {InstanceId} started (past-due tick: {PastDue})")]
    private static partial void LogStarted(ILogger logger, string instanceId, bool pastDue);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Weekly run {InstanceId} was started at {StartedUtc:u} ({Marker}) but its instance is gone (history purged, or another tick is starting it); nothing started. Re-run the week with POST /api/runs if it needs one")]
    private static partial void LogMarkedWithoutInstance(ILogger logger, string instanceId, string marker, DateTimeOffset? startedUtc);
}
