using System.Text.Json;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Publishing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.Integration.Tests.Durable;

/// <summary>
/// The bootstrap's replicate models through the run's work area on the durable engine: the intervals activity writes its
/// result whole to <c>work/RUN/intervals.json</c> and answers its summary and that name; the publish reads it back, and
/// publishes what a request carrying the result inline (a history written before the change) publishes, byte for byte.
/// </summary>
public sealed class IntervalsWorkOnEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "markov-intervals-work-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WeeklyBudgetPipeline_FittedWithIntervals_PublishReadsTheCsvPathsModelsByNameAndPublishesWhatAnInlineRequestDoes()
    {
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(Path.Combine(_root, "work-store")));
        var (request, outcome) = await CurvesWorkOnEngineTests.RunFittedWithIntervalsAsync(work);

        var name = $"work/{request.RunId}/{ArtifactRunWorkStore.IntervalsFile}";
        Assert.Equal(name, request.IntervalsWork);

        // The publish got the whole result, replicate models and their κ draws included: the CSV path's, to the bit.
        Assert.Equal(30, request.Intervals!.Models.Count);
        Assert.All(request.Intervals.Models, m => Assert.NotNull(m.Kappas));
        Assert.Equal(JsonSerializer.Serialize(outcome.Intervals), JsonSerializer.Serialize(request.Intervals));

        // The orchestrator's request, as it was sent (no result, its name), and one from a history written before the change
        // (the result inline, no name) publish the same bytes: every file, recommendation_model.json, summary.json, Parquet.
        var byName = await PublishAsync("by-name", request with { Intervals = null }, work);
        var inline = await PublishAsync("inline", request with { IntervalsWork = null }, work);
        Assert.Equal(byName.Keys.Order(), inline.Keys.Order());
        Assert.Contains(byName.Keys, f => f.EndsWith("recommendation_model.json", StringComparison.Ordinal));
        Assert.Contains(byName.Keys, f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.All(byName, file => Assert.True(file.Value.SequenceEqual(inline[file.Key]), file.Key));
        var model = File.ReadAllText(Path.Combine(_root, "by-name", byName.Keys.Single(f => f.EndsWith("recommendation_model.json", StringComparison.Ordinal))));
        Assert.Equal(30, JsonDocument.Parse(model).RootElement.GetProperty("intervals").GetProperty("models").GetArrayLength());

        // Housekeeping deletes the file with the rest of the run's work.
        Assert.True(File.Exists(Path.Combine(_root, "work-store", name)));
        Assert.Equal(1, await work.DeleteAsync(request.RunId, DateTime.MinValue));
        Assert.False(File.Exists(Path.Combine(_root, "work-store", name)));
    }

    /// <summary>
    /// Replay of a history written before the change: the intervals activity's output recorded there is the result itself,
    /// replicate models inline, no name. The orchestrator reads that output and hands the result on inline, and the publish
    /// uses it as carried: the CSV path's result, to the bit, with no work-area file to read.
    /// </summary>
    [Fact]
    public async Task WeeklyBudgetPipeline_IntervalsOutputOfTheOldShape_PublishesTheResultCarriedInline()
    {
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(Path.Combine(_root, "work-store")));
        var (request, outcome) = await CurvesWorkOnEngineTests.RunFittedWithIntervalsAsync(
            work, new Dictionary<string, Type> { [PipelineNames.Intervals] = typeof(OldShapeIntervalsActivity) });

        Assert.Null(request.IntervalsWork);
        Assert.False(File.Exists(Path.Combine(_root, "work-store", "work", request.RunId, ArtifactRunWorkStore.IntervalsFile)));
        Assert.Equal(30, request.Intervals!.Models.Count);
        Assert.Equal(JsonSerializer.Serialize(outcome.Intervals), JsonSerializer.Serialize(request.Intervals));
    }

    /// <summary>The intervals activity as it was before the work area held its result (a15cf95^): it answers the result itself, models and all.</summary>
    private sealed class OldShapeIntervalsActivity(IRunWorkStore work) : TaskActivity<IntervalsRequest, Domain.Uncertainty.IntervalResult?>
    {
        public override async Task<Domain.Uncertainty.IntervalResult?> RunAsync(TaskActivityContext context, IntervalsRequest input)
        {
            var partitions = await Task.WhenAll(input.Partitions.Select(async name => await work.GetPartitionAsync(name) with { Campaigns = null }));
            var counts = Domain.Counting.JourneyCounts.Sum(partitions);
            return counts.Groups is { } groups
                ? IntervalsActivity.Run(input with { Curves = await work.CurvesAsync(input.CurvesWork, input.Curves) }, groups, counts.Histories)
                : null;
        }
    }

    /// <summary>Publishes <paramref name="request"/> through the activity and the app's publisher into a folder of its own; returns every file written, by path.</summary>
    private async Task<Dictionary<string, byte[]>> PublishAsync(string folder, PublishRequest request, IRunWorkStore work)
    {
        var root = Path.Combine(_root, folder);
        var publisher = new ArtifactRunPublisher(new LocalDirectoryArtifactStore(root), Options.Create(new ArtifactsOptions()), Options.Create(new AlertOptions()), NullLogger<ArtifactRunPublisher>.Instance);
        await new PublishActivity(publisher, work).RunAsync(new NoContext(), request);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
    }

    private sealed class NoContext : TaskActivityContext
    {
        public override TaskName Name => new(PipelineNames.Publish);

        public override string InstanceId => "test";
    }
}
