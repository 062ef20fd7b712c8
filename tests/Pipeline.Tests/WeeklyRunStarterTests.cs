using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>What an hourly tick of the weekly timer starts, at the times a late or repeated tick arrives.</summary>
public sealed class WeeklyRunStarterTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("weeks-");

    private LocalDirectoryArtifactStore Store => new(_root.FullName);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task OnTick_LateMondayTick_StartsTheWeeksRunOnceAndLaterTicksJoinIt()
    {
        var gateway = new RecordingGateway();
        var late = Starter(new DateTimeOffset(2026, 11, 23, 11, 40, 0, TimeSpan.Zero)); // Monday 06:40 New York

        Assert.Equal("weekly-2026-W48", await late.OnTickAsync(gateway, pastDue: false));
        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: true));

        var start = Assert.Single(gateway.Started);
        Assert.Equal("weekly-2026-W48", start.InstanceId);
        Assert.Equal("weekly", start.Input.Trigger);
        Assert.Equal([30000.0, 60000.0], start.Input.Parameters.Budgets);
    }

    [Fact]
    public async Task OnTick_PastDueTickFromLastWeek_StartsThisWeeksRun()
    {
        var gateway = new RecordingGateway();
        gateway.Existing.Add("weekly-2026-W47");

        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: true));
        Assert.Equal("weekly-2026-W48", Assert.Single(gateway.Started).InstanceId);
    }

    [Fact]
    public async Task OnTick_BeforeTheWeeklyTime_StartsNothing()
    {
        var gateway = new RecordingGateway();

        Assert.Null(await Starter(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false)); // Monday 05:00
        Assert.Empty(gateway.Started);
    }

    [Fact]
    public async Task OnTick_WeeksRunFailed_IsNotRestartedByTheNextTick()
    {
        var gateway = new RecordingGateway();
        gateway.Existing.Add("weekly-2026-W48");

        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        Assert.Empty(gateway.Started);
    }

    [Fact]
    public async Task OnTick_WeeksInstancePurgedThenATickInTheSameWeek_StartsNothing()
    {
        var gateway = new RecordingGateway();
        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        var marker = WeekMarker.Parse((await Store.ReadAsync("weeks/2026-W48.json"))!)!;
        Assert.Equal(new WeekMarker("2026-W48", "weekly-2026-W48", new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero)), marker);

        gateway.Existing.Remove("weekly-2026-W48"); // the finished instance's history purged
        Assert.Equal("weekly-2026-W48", await Starter(new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));

        Assert.Single(gateway.Started);
        // The next week is a new week.
        Assert.Equal("weekly-2026-W49", await Starter(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false));
        Assert.Equal(["weekly-2026-W48", "weekly-2026-W49"], gateway.Started.Select(s => s.InstanceId));
        Assert.Equal(["weeks/2026-W48.json", "weeks/2026-W49.json"], await Store.ListAsync("weeks/"));
    }

    [Fact]
    public async Task OnTick_StartFails_MarkerRemovedAndTheNextTickStartsTheWeek()
    {
        var gateway = new RecordingGateway { FailStarts = 1 };
        var tick = Starter(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero));

        await Assert.ThrowsAsync<InvalidOperationException>(() => tick.OnTickAsync(gateway, pastDue: false));
        Assert.Empty(await Store.ListAsync("weeks/"));
        Assert.Equal("weekly-2026-W48", await tick.OnTickAsync(gateway, pastDue: false));

        Assert.Equal("weekly-2026-W48", Assert.Single(gateway.Started).InstanceId);
        Assert.Equal(["weeks/2026-W48.json"], await Store.ListAsync("weeks/"));
    }

    [Fact]
    public async Task OnTick_InstanceExistsWithoutMarker_MarksTheWeekWithTheInstancesStart()
    {
        var gateway = new RecordingGateway();
        gateway.Existing.Add("weekly-2026-W48"); // started before markers were written

        await Starter(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false);

        Assert.Equal(DateTimeOffset.UnixEpoch, WeekMarker.Parse((await Store.ReadAsync("weeks/2026-W48.json"))!)!.StartedUtc);
        gateway.Existing.Clear();
        await Starter(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero)).OnTickAsync(gateway, pastDue: false);
        Assert.Empty(gateway.Started);
    }

    private WeeklyRunStarter Starter(DateTimeOffset now) => new(
        Options.Create(new ScheduleOptions()),
        Options.Create(new RunOptions { ["Budgets"] = "30000,60000" }),
        Store,
        new FixedClock(now),
        NullLogger<WeeklyRunStarter>.Instance);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The orchestration client's contract, in memory: instances by id, and what was started.</summary>
    private sealed class RecordingGateway : IOrchestrationGateway
    {
        public HashSet<string> Existing { get; } = [];

        public List<(string InstanceId, PipelineInput Input)> Started { get; } = [];

        /// <summary>How many starts fail before one succeeds, as a storage outage would make them.</summary>
        public int FailStarts { get; set; }

        public Task<string> StartAsync(PipelineInput input, string? instanceId = null, CancellationToken ct = default)
        {
            if (FailStarts-- > 0)
            {
                throw new InvalidOperationException("the task hub is unavailable");
            }

            var id = instanceId ?? Guid.NewGuid().ToString("N");
            if (Existing.Add(id))
            {
                Started.Add((id, input));
            }

            return Task.FromResult(id);
        }

        public Task<RunStatus?> GetAsync(string instanceId, CancellationToken ct = default) =>
            Task.FromResult(Existing.Contains(instanceId)
                ? new RunStatus(instanceId, "Failed", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, "failed")
                : null);
    }
}
