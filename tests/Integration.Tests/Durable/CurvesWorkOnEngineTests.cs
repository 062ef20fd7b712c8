using System.Text.Json;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static MarkovFunctions.Integration.Tests.Durable.PipelineOnEngineTests;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// The response curves through the run's work area on the durable engine: the fit writes them whole (each replicate's
/// κ draws, each curve's weekly points) to <c>work/RUN/curves.json</c>, the intervals and the publish read them by that
/// name, and what they produce is the CSV path's, which never leaves the process.
/// </summary>
public sealed class CurvesWorkOnEngineTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "markov-curves-work-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_FittedWithIntervals_CurvesReadByNameGiveTheCsvPathsCurvesAndIntervals()
    {
        var (request, expected) = await RunFittedWithIntervalsAsync(new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_work)));
        var performance = request.Performance;

        Assert.Equal($"work/{request.RunId}/{ArtifactRunWorkStore.CurvesFile}", request.CurvesWork);
        Assert.True(File.Exists(Path.Combine(_work, "work", request.RunId, ArtifactRunWorkStore.CurvesFile)));

        // The publish got the curves whole: every number, the 30 draws and the weekly points the report draws.
        var curves = request.Curves!;
        Assert.Equal(JsonSerializer.Serialize(expected.Curves), JsonSerializer.Serialize(curves));
        Assert.Equal(30, curves.Draws.Count);
        Assert.All(curves.Channels.Where(c => c.IsFitted), c => Assert.Equal(c.Weeks, c.Chart!.Adstock.Count));
        Assert.Equal(performance.Count, curves.Channels.Count(c => c.IsFitted));

        // The intervals drew each replicate's κ from the posteriors, as the CSV path does.
        var intervals = request.Intervals!;
        foreach (var (e, a) in expected.Intervals!.Budgets.Zip(intervals.Budgets))
        {
            Assert.Equal(e.PredictedConversions, a.PredictedConversions);
            Assert.Equal(e.Channels, a.Channels);
        }
    }

    /// <summary>
    /// A fitted run with 30 bootstrap replicates on the engine, its work area in <paramref name="work"/>: the request the
    /// publish got (after reading the work area), and the CSV path's outcome on the same data, which never leaves the process.
    /// </summary>
    /// <param name="activities">Activities to run in place of the catalog's, by name.</param>
    internal static async Task<(PublishRequest Request, Domain.RunOutcome Expected)> RunFittedWithIntervalsAsync(IRunWorkStore work, IReadOnlyDictionary<string, Type>? activities = null)
    {
        var cases = new CaseJourneySource(SampleCase(customers: 3_000));
        var performance = await cases.ReadPerformanceAsync();
        var history = SpendHistory.Create(Domain.Sampling.SpendHistoryGenerator.SampleHistory(performance, seed: 5));
        var published = new List<PublishRequest>();
        await using var host = await StartAsync(services => services
            .AddSingleton<IJourneySource>(new WithHistory(cases, history))
            .AddSingleton<IRunPublisher>(new RecordingPublisher(published))
            .AddSingleton<IRunNotifier>(new RecordingNotifier([], []))
            .AddSingleton<IHousekeeper>(new NoHousekeeping())
            .AddSingleton<IRunWorkStore>(work), activities);
        var parameters = new RunParameters([12000, 13200], ExtractPartitions: 3, ResponseMode: ResponseMode.Fitted, IntervalReplicates: 30, IntervalSeed: 3);

        var done = await RunAsync(host, new PipelineInput("test", parameters));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        var parts = Enumerable.Range(0, 3).Select(p => cases.CountPartitionAsync(new ExtractRequest("x", p, 3, 7, null, Domain.Uncertainty.IntervalSettings.DefaultGroups)).Result).ToArray();
        return (Assert.Single(published), Domain.MarkovEngine.Run(JourneyCounts.Sum(parts), ChannelPerformanceTable.Create(performance), parameters.ToSettings(), history: history));
    }

    /// <summary>A case's journeys and performance with a weekly spend history.</summary>
    private sealed class WithHistory(CaseJourneySource cases, SpendHistory history) : IJourneySource
    {
        public Task<JourneyCounts> CountPartitionAsync(ExtractRequest request, CancellationToken ct = default) => cases.CountPartitionAsync(request, ct);

        public Task<IReadOnlyList<ChannelPerformance>> ReadPerformanceAsync(CancellationToken ct = default) => cases.ReadPerformanceAsync(ct);

        public Task<SpendHistory?> ReadSpendHistoryAsync(CancellationToken ct = default) => Task.FromResult<SpendHistory?>(history);
    }
}
