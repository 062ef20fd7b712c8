using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Scheduling;

/// <summary>
/// What an hourly timer tick does: once the week's start has passed, start the week's run under its
/// ISO-week instance id unless that instance already exists. A failed weekly run is not restarted by
/// the next tick (that would send a failure notice every hour); an operator re-runs it with POST /api/runs.
/// </summary>
public sealed partial class WeeklyRunStarter(
    IOptions<ScheduleOptions> schedule, IOptions<RunOptions> defaults, TimeProvider clock, ILogger<WeeklyRunStarter> logger)
{
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

        var id = weekly.InstanceIdFor(now);
        if (await gateway.GetAsync(id, ct).ConfigureAwait(false) is { } existing)
        {
            LogAlreadyStarted(logger, id, existing.RuntimeStatus);
            return id;
        }

        await gateway.StartAsync(new PipelineInput(PipelineInput.WeeklyTrigger, defaults.Value.ToParameters(now)), id, ct).ConfigureAwait(false);
        LogStarted(logger, id, pastDue);
        return id;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Weekly run not due; next start {NextUtc:u}")]
    private static partial void LogNotDue(ILogger logger, DateTimeOffset nextUtc);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Weekly run {InstanceId} already exists ({Status}); nothing started")]
    private static partial void LogAlreadyStarted(ILogger logger, string instanceId, string status);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Weekly run {InstanceId} started (past-due tick: {PastDue})")]
    private static partial void LogStarted(ILogger logger, string instanceId, bool pastDue);
}
