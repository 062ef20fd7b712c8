using System.Globalization;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Hosting.Tests.Durable;

/// <summary>
/// The product's own orchestrator and activities (<see cref="PipelineTasks.Catalog"/>) on the local
/// engine, with the I/O ports faked: every payload crosses the durable history as JSON, the budget
/// fan-out runs, and the run ends in publish and notify. The data is tests/Cases/a_three_journeys.
/// </summary>
public sealed class PipelineOnEngineTests
{
    [Fact]
    public async Task WeeklyBudgetPipeline_InMemoryEngine_PublishesEveryBudgetAndNotifies()
    {
        var published = new List<PublishRequest>();
        var notified = new List<PublishedRun>();
        await using var services = new ServiceCollection()
            .AddSingleton<IJourneySource>(new CaseJourneySource(Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys")))
            .AddSingleton<IRunPublisher>(new RecordingPublisher(published))
            .AddSingleton<IRunNotifier>(new RecordingNotifier(notified))
            .AddSingleton<IHousekeeper>(new NoHousekeeping())
            .BuildServiceProvider();
        await using var engine = await DurableEngine.StartNewAsync(new DurableEngineOptions { HubName = "pipeline" }, PipelineTasks.Catalog, services);
        var input = new PipelineInput("test", new RunParameters([30000, 35000, 45000], ExtractPartitions: 3));

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(PipelineNames.Orchestrator, input);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var result = done.ReadOutputAs<PipelineResult>()!;
        Assert.Equal("Succeeded", result.Status);
        var request = Assert.Single(published);
        Assert.Equal([30000.0, 35000.0, 45000.0], request.Budgets.Select(b => b.Result.Budget).Order());
        // Three partitions of three journeys, summed by the attribution activity.
        Assert.Equal(3, request.Attribution.Counts.Journeys);
        Assert.Equal(result.RunId, Assert.Single(notified).RunId);
    }

    /// <summary>Reads a case's CSV files; partition p holds the customers whose index is p modulo the count.</summary>
    private sealed class CaseJourneySource(string directory) : IJourneySource
    {
        public Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default)
        {
            var channels = new ChannelRegistry();
            var counter = new JourneyCounter(channels, request.HalfLifeDays);
            var customers = File.ReadAllLines(Path.Combine(directory, "journeys.csv")).Skip(1)
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
                    double.Parse(f[5], CultureInfo.InvariantCulture))).ToArray();
                counter.AddJourney(touches);
            }

            return Task.FromResult(counter.ToCounts());
        }

        public Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default)
        {
            IReadOnlyList<ChannelPerformance> rows = File.ReadAllLines(Path.Combine(directory, "channel_performance.csv")).Skip(1)
                .Select(line => line.Split(','))
                .Select(f => new ChannelPerformance(f[0], D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6])))
                .ToList();
            return Task.FromResult(rows);

            static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        }
    }

    private sealed class RecordingPublisher(List<PublishRequest> published) : IRunPublisher
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

    private sealed class RecordingNotifier(List<PublishedRun> notified) : IRunNotifier
    {
        public Task NotifySucceededAsync(PublishedRun run, CancellationToken ct = default)
        {
            lock (notified)
            {
                notified.Add(run);
            }

            return Task.CompletedTask;
        }

        public Task NotifyFailedAsync(FailureNotice failure, CancellationToken ct = default) =>
            throw new InvalidOperationException($"run failed at {failure.Step}: {failure.Message}");
    }

    private sealed class NoHousekeeping : IHousekeeper
    {
        public Task ApplyRetentionAsync(HousekeepingRequest request, CancellationToken ct = default) => Task.CompletedTask;
    }
}
