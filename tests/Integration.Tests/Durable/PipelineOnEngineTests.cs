using System.Globalization;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// The product's own orchestrator and activities (<see cref="PipelineTasks.Catalog"/>) on the Durable
/// Task SDK's in-process test host (its gRPC sidecar, worker and client), with the I/O ports faked:
/// every payload crosses the durable history as JSON, the budget fan-out runs, and the run ends in
/// publish and notify, or, when a step fails, in the failure notice and a failed instance. The data is
/// tests/Cases/a_three_journeys. The app's wrappers on the real Functions host are tested in Functions.Tests.
/// </summary>
public sealed class PipelineOnEngineTests
{
    [Fact]
    public async Task WeeklyBudgetPipeline_TestHost_PublishesEveryBudgetAndNotifies()
    {
        var published = new List<PublishRequest>();
        var notified = new List<PublishedRun>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys")))
            .AddSingleton<IRunPublisher>(new RecordingPublisher(published))
            .AddSingleton<IRunNotifier>(new RecordingNotifier(notified, []))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        var input = new PipelineInput("test", new RunParameters([30000, 35000, 45000], ExtractPartitions: 3));

        var done = await RunAsync(host, input);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var result = done.ReadOutputAs<PipelineResult>()!;
        Assert.Equal(PipelineStatus.Succeeded, result.Status);
        var request = Assert.Single(published);
        Assert.Equal([30000.0, 35000.0, 45000.0], request.Budgets.Select(b => b.Result.Budget).Order());
        // Three partitions of three journeys, summed by the attribution activity.
        Assert.Equal(3, request.Attribution.Counts.Journeys);

        // Each customer segment's attribution crosses the history, not its counts; it is the CSV path's.
        Assert.Empty(request.Attribution.Counts.CustomerSegments);
        var directory = Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys");
        var csv = Domain.MarkovEngine.Run(
            Pipeline.Csv.JourneyCsvReader.Count(Path.Combine(directory, "journeys.csv")),
            Pipeline.Csv.PerformanceCsvReader.Read(Path.Combine(directory, "channel_performance.csv")),
            input.Parameters.ToSettings());
        Assert.Equal(["New", "Returning"], request.Attribution.CustomerSegments.Select(s => s.CustomerSegment));
        foreach (var (expected, actual) in csv.CustomerSegments.Zip(request.Attribution.CustomerSegments, (e, a) => (e, a)))
        {
            Assert.Equal((expected.CustomerSegment, expected.Rows), (actual.CustomerSegment, actual.Rows));
            Assert.Equal(expected.Attribution.BaselineConversion, actual.Attribution.BaselineConversion, 12);
            Assert.Equal(expected.Attribution.Channels.Select(c => (c.Channel, c.RemovalWeight)), actual.Attribution.Channels.Select(c => (c.Channel, c.RemovalWeight)));
        }

        Assert.Contains(request.Attribution.Warnings, w => w.Contains("customer segment 'Returning' has no converted journey", StringComparison.Ordinal));
        Assert.Equal(result.RunId, Assert.Single(notified).RunId);
        Assert.Equal(new RunProgress("notify"), done.ReadCustomStatusAs<RunProgress>());
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_Intervals_OneBootstrapActivityGivesTheCsvPathsNumbers()
    {
        var directory = SampleCase(customers: 3_000);
        var published = new List<PublishRequest>();
        var source = new CaseJourneySource(directory);
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(source)
            .AddSingleton<IRunPublisher>(new RecordingPublisher(published))
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], []))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));
        var parameters = new RunParameters([12000, 13200], ExtractPartitions: 3, IntervalReplicates: 60, IntervalSeed: 3);

        var done = await RunAsync(host, new PipelineInput("test", parameters));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var request = Assert.Single(published);
        var intervals = request.Intervals!;
        Assert.Null(request.Attribution.Counts.Groups);
        Assert.Equal(60, intervals.Replicates);
        Assert.Equal(3, intervals.Seed);
        Assert.Contains(request.Timings, t => t.Step == "intervals");

        // The same data counted in one piece and run through MarkovEngine (the CSV path) gives the same intervals.
        var parts = Enumerable.Range(0, 3).Select(p => source.CountPartitionAsync(new ExtractRequest("x", p, 3, 7, null, IntervalSettingsGroups)).Result).ToArray();
        var table = ChannelPerformanceTable.Create(await source.ReadPerformanceAsync());
        var expected = Domain.MarkovEngine.Run(JourneyCounts.Sum(parts), table, parameters.ToSettings()).Intervals!;
        Assert.Equal(expected.AlphaBest, intervals.AlphaBest);
        Assert.Equal(expected.Channels, intervals.Channels);
        foreach (var (e, a) in expected.Budgets.Zip(intervals.Budgets))
        {
            Assert.Equal(e.PredictedConversions, a.PredictedConversions);
            Assert.Equal(e.Uplift, a.Uplift);
            Assert.Equal(e.BeatsCurrentShare, a.BeatsCurrentShare);
            Assert.Equal(e.Channels, a.Channels);
        }
    }

    private const int IntervalSettingsGroups = Domain.Uncertainty.IntervalSettings.DefaultGroups;

    /// <summary>Sample data written as a case folder (the columns CaseJourneySource reads).</summary>
    internal static string SampleCase(int customers)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"markov-sample-case-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var generator = new Domain.Sampling.SampleDataGenerator(42);
        File.WriteAllLines(
            Path.Combine(directory, "journeys.csv"),
            ["customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment",
             .. generator.Journeys(customers).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.CustomerId},{r.JourneyStep},{r.Channel},{r.TimestampUtc:yyyy-MM-ddTHH:mm:ssZ},{(r.Converted ? 1 : 0)},{r.ConversionValue},{r.CustomerSegment}"))]);
        File.WriteAllLines(
            Path.Combine(directory, "channel_performance.csv"),
            ["channel,current_monthly_spend,conversions_attributed,cost_per_conversion,min_monthly_spend,max_monthly_spend,conversion_rate_per_1000",
             .. generator.Performance(customers).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Channel},{p.CurrentMonthlySpend},{p.ConversionsAttributed},{p.CostPerConversion},{p.MinMonthlySpend},{p.MaxMonthlySpend},{p.ConversionRatePer1000}"))]);
        return directory;
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_ExtractFails_NotifiesTheFailureAndEndsFailedWithoutPublishing()
    {
        var published = new List<PublishRequest>();
        var failures = new List<FailureNotice>();
        var source = new FailingJourneySource();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(source)
            .AddSingleton<IRunPublisher>(new RecordingPublisher(published))
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], failures))
            .AddSingleton<IHousekeeper>(new NoHousekeeping()));

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        // Bad data cannot heal: one attempt, not the four of a transient failure.
        Assert.Equal(1, source.Attempts);
        Assert.Empty(published);
        var notice = Assert.Single(failures);
        Assert.Equal("extract", notice.Step);
        Assert.Contains(FailingJourneySource.Message, notice.Message, StringComparison.Ordinal);
        var progress = done.ReadCustomStatusAs<RunProgress>()!;
        Assert.Equal("extract", progress.Step);
        Assert.Contains(FailingJourneySource.Message, progress.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_HousekeepingFails_SucceedsWithTheWarningInTheNotification()
    {
        var notified = new List<PublishedRun>();
        var failures = new List<FailureNotice>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new CaseJourneySource(Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys")))
            .AddSingleton<IRunPublisher>(new RecordingPublisher([]))
            .AddSingleton<IRunNotifier>(new RecordingNotifier(notified, failures))
            .AddSingleton<IHousekeeper>(new FailingHousekeeping()));

        var done = await RunAsync(host, new PipelineInput("test", new RunParameters([30000], ExtractPartitions: 1)));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var result = done.ReadOutputAs<PipelineResult>()!;
        Assert.Equal(PipelineStatus.Succeeded, result.Status);
        Assert.Empty(failures);
        var warning = "housekeeping failed (the run is published; old run folders or history were not cleaned up): " + FailingHousekeeping.Message;
        Assert.Equal([warning], Assert.Single(notified).Alerts);
        Assert.Equal([warning], result.Published!.Alerts);
    }

    /// <summary>The catalog registered by name, as the Functions app's wrappers are, with the activities' services.</summary>
    /// <param name="activities">Activities to run in place of the catalog's, by name (an earlier version's, say).</param>
    internal static Task<DurableTaskTestHost> StartAsync(Action<IServiceCollection> services, IReadOnlyDictionary<string, Type>? activities = null) =>
        DurableTaskTestHost.StartAsync(
            registry =>
            {
                foreach (var task in PipelineTasks.Catalog.All)
                {
                    if (task.Kind == DurableTaskKind.Orchestrator)
                    {
                        registry.AddOrchestrator(task.Name, task.Implementation);
                    }
                    else
                    {
                        registry.AddActivity(task.Name, activities?.GetValueOrDefault(task.Name) ?? task.Implementation);
                    }
                }
            },
            // A port the kernel says is free: the test host's own pick (random in 30000-40000) can meet a port in use.
            new DurableTaskTestHostOptions
            {
                ConfigureServices = all =>
                {
                    services(all);
                    // The partitions' counts go through a work area, as in the app (a test may bring its own).
                    all.TryAddSingleton<IRunWorkStore>(new Pipeline.Artifacts.ArtifactRunWorkStore(
                        new Pipeline.Artifacts.LocalDirectoryArtifactStore(Path.Combine(AppContext.BaseDirectory, "engine-work", Guid.NewGuid().ToString("N")))));
                },
                Port = TestSupport.RecordingWebhook.FreePort(),
            });

    /// <param name="instanceId">The instance id, which (with the start second) makes the run id; null for a new one.</param>
    internal static async Task<OrchestrationMetadata> RunAsync(DurableTaskTestHost host, PipelineInput input, TimeSpan? limit = null, string? instanceId = null)
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(PipelineNames.Orchestrator, input, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);
            if (metadata?.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed)
            {
                return metadata;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    internal sealed class FailingJourneySource : IJourneySource
    {
        public const string Message = "the column is missing";

        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default)
        {
            Interlocked.Increment(ref _attempts);
            throw new InputValidationException("customer_journeys", "journey_step", Message);
        }

        public Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<ChannelPerformance>>([]);
    }

    /// <summary>Reads a case's CSV files; partition p holds the customers whose index is p modulo the count.</summary>
    internal sealed class CaseJourneySource(string directory) : IJourneySource
    {
        /// <summary>The case read by the next activity: a test may switch data between two runs on one host.</summary>
        public string Directory { get; set; } = directory;

        public Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default)
        {
            var channels = new ChannelRegistry();
            var segments = new CustomerSegmentRegistry();
            var counter = new JourneyCounter(channels, request.HalfLifeDays, segments, request.BootstrapGroups);
            var customers = File.ReadAllLines(Path.Combine(Directory, "journeys.csv")).Skip(1)
                .Select(line => line.Split(','))
                .GroupBy(f => f[0])
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Where((_, index) => index % request.PartitionCount == request.Partition);
            foreach (var customer in customers)
            {
                var touches = customer.Select(f => new Touch(
                    int.Parse(f[1], CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(f[3], CultureInfo.InvariantCulture).UtcTicks,
                    channels.GetOrAdd(f[2]),
                    f[4] == "1",
                    double.Parse(f[5], CultureInfo.InvariantCulture),
                    segments.GetOrAdd(CustomerSegment.Normalize(f.ElementAtOrDefault(6))))).ToArray();
                counter.AddJourney(touches, StableHash(customer.Key));
            }

            return Task.FromResult(counter.ToCounts());
        }

        /// <summary>FNV-1a of the id, as the spill hashes it: the same groups in every process.</summary>
        private static ulong StableHash(string id)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(id))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            return hash;
        }

        public Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default)
        {
            IReadOnlyList<ChannelPerformance> rows = File.ReadAllLines(Path.Combine(Directory, "channel_performance.csv")).Skip(1)
                .Select(line => line.Split(','))
                .Select(f => new ChannelPerformance(f[0], D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6])))
                .ToList();
            return Task.FromResult(rows);

            static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        }
    }

    internal sealed class RecordingPublisher(List<PublishRequest> published) : IRunPublisher
    {
        public Task<PublishedRun> PublishAsync(PublishRequest request, CancellationToken ct = default)
        {
            lock (published)
            {
                published.Add(request);
            }

            return Task.FromResult(new PublishedRun(request.RunId, $"memory://{request.RunId}", null, request.Calibration.AlphaBest, 0, [], [], 0));
        }
    }

    internal sealed class RecordingNotifier(List<PublishedRun> notified, List<FailureNotice> failures) : IRunNotifier
    {
        public Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default)
        {
            lock (notified)
            {
                notified.Add(run);
            }

            return Task.CompletedTask;
        }

        public Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default)
        {
            lock (failures)
            {
                failures.Add(failure);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class FailingHousekeeping : IHousekeeper
    {
        public const string Message = "the container is gone";

        public Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default) => throw new IOException(Message);
    }

    internal sealed class NoHousekeeping : IHousekeeper
    {
        public Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default) => Task.CompletedTask;
    }
}
