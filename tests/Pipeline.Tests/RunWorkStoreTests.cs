using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>The run's work area (work/RUN/): the partitions' counts by name, and what housekeeping deletes.</summary>
public sealed class RunWorkStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "markov-work-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task PutThenGet_OrderTwoCountsWithGroups_ComeBackEqual()
    {
        var counts = JourneyCsvReader.Count(Path.Combine(AppContext.BaseDirectory, "Cases", "f_paid_share_binds", "journeys.csv"), bootstrapGroups: 200, order: MarkovOrder.Of(2));
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));

        var name = await work.PutPartitionAsync("20261206_120000_0000abcd", 3, counts);
        var back = await work.GetPartitionAsync(name);

        Assert.Equal("work/20261206_120000_0000abcd/partition-3.json", name);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(counts), System.Text.Json.JsonSerializer.Serialize(back));
        Assert.Equal(200, back.Groups!.Groups);
        Assert.NotEmpty(back.Histories!.Transitions);
    }

    [Theory]
    [InlineData(PartitionSkips.Groups)]
    [InlineData(PartitionSkips.Campaigns)]
    [InlineData(PartitionSkips.Groups | PartitionSkips.Histories | PartitionSkips.CustomerSegments | PartitionSkips.Campaigns)]
    public async Task GetPartition_SkippingParts_EqualsTheWholeWithThosePartsLeftOut(PartitionSkips skip)
    {
        var read = JourneyCsvReader.Count(Path.Combine(AppContext.BaseDirectory, "Cases", "f_paid_share_binds", "journeys.csv"), bootstrapGroups: 200, order: MarkovOrder.Of(2));
        var counts = read with
        {
            CustomerSegments = [new CustomerSegmentCounts("new", read with { Groups = null })],
            Campaigns = read with { Groups = null, Histories = null },
        };
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));
        var name = await work.PutPartitionAsync("20261206_120000_0000abcd", 0, counts);

        var back = await work.GetPartitionAsync(name, skip);

        var expected = counts with
        {
            Groups = skip.HasFlag(PartitionSkips.Groups) ? null : counts.Groups,
            Histories = skip.HasFlag(PartitionSkips.Histories) ? null : counts.Histories,
            CustomerSegments = skip.HasFlag(PartitionSkips.CustomerSegments) ? [] : counts.CustomerSegments,
            Campaigns = skip.HasFlag(PartitionSkips.Campaigns) ? null : counts.Campaigns,
        };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(back));
        Assert.Equal(skip.HasFlag(PartitionSkips.Groups), back.Groups is null);
        Assert.NotEmpty(back.Transitions);
    }

    [Fact]
    public async Task PutCurvesThenGet_FittedWithDrawsAndWeeklyPoints_ComeBackEqualAndHousekeepingDeletesThem()
    {
        var performance = PerformanceCsvReader.Read(Path.Combine(AppContext.BaseDirectory, "Cases", "f_paid_share_binds", "channel_performance.csv"));
        var history = Domain.ResponseFitting.SpendHistory.Create(Domain.Sampling.SpendHistoryGenerator.SampleHistory(performance.Rows, seed: 3));
        var curves = Domain.ResponseFitting.ResponseCurveFitter.Fit(history, performance, new Domain.Optimisation.ResponseSettings(Domain.Optimisation.ResponseMode.Fitted), draws: 40, seed: 9);
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));

        var name = await work.PutCurvesAsync("20261206_120000_0000abcd", curves);
        var back = await work.GetCurvesAsync(name);

        Assert.Equal("work/20261206_120000_0000abcd/curves.json", name);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(curves), System.Text.Json.JsonSerializer.Serialize(back));
        Assert.Equal(40, back.Draws.Count);
        Assert.Equal(104, back.Channels.First(c => c.IsFitted).Chart!.Conversions.Count);

        Assert.Equal(1, await work.DeleteAsync("20261206_120000_0000abcd", DateTime.MinValue));
        await Assert.ThrowsAsync<InvalidOperationException>(() => work.GetCurvesAsync(name));
    }

    [Fact]
    public async Task CurvesAsync_NameOrCarried_ReadsTheWorkAreaOnlyWhenNamed()
    {
        var performance = PerformanceCsvReader.Read(Path.Combine(AppContext.BaseDirectory, "Cases", "f_paid_share_binds", "channel_performance.csv"));
        var history = Domain.ResponseFitting.SpendHistory.Create(Domain.Sampling.SpendHistoryGenerator.SampleHistory(performance.Rows, seed: 3));
        var whole = Domain.ResponseFitting.ResponseCurveFitter.Fit(history, performance, new Domain.Optimisation.ResponseSettings(Domain.Optimisation.ResponseMode.Fitted), draws: 5, seed: 9);
        var summary = Orchestration.FitCurvesResponse.InWorkArea(whole, "unused", []).Curves;
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));
        var name = await work.PutCurvesAsync("20261206_120000_0000abcd", whole);

        // A request from a history written before the work area carries the curves whole and no name.
        Assert.Same(summary, await Orchestration.RunWorkCurves.CurvesAsync(work, null, summary));
        Assert.Null(await Orchestration.RunWorkCurves.CurvesAsync(work, null, null));
        Assert.Equal(5, (await Orchestration.RunWorkCurves.CurvesAsync(work, name, summary))!.Draws.Count);
    }

    [Fact]
    public async Task PutIntervalsThenGet_WithReplicateModels_ComeBackEqualAndHousekeepingDeletesThem()
    {
        var intervals = PayloadSerializationTests.SampleIntervals(replicates: 30);
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));

        var name = await work.PutIntervalsAsync("20261206_120000_0000abcd", intervals);
        var back = await work.GetIntervalsAsync(name);

        Assert.Equal("work/20261206_120000_0000abcd/intervals.json", name);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(intervals), System.Text.Json.JsonSerializer.Serialize(back));
        Assert.Equal(intervals.Models[29].RemovalWeights, back.Models[29].RemovalWeights);

        // Carried inline (a request from before the work area held it) is used as is; named, it is read.
        Assert.Same(intervals, await Orchestration.RunWorkIntervals.IntervalsAsync(work, null, intervals));
        Assert.Equal(30, (await Orchestration.RunWorkIntervals.IntervalsAsync(work, name, null))!.Models.Count);

        Assert.Equal(1, await work.DeleteAsync("20261206_120000_0000abcd", DateTime.MinValue));
        var gone = await Assert.ThrowsAsync<InvalidOperationException>(() => work.GetIntervalsAsync(name));
        Assert.Contains(name, gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ThisRunAndRunsADayOld_KeepsRunsInFlight()
    {
        var counts = JourneyCsvReader.Count(Path.Combine(AppContext.BaseDirectory, "Cases", "a_three_journeys", "journeys.csv"));
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));
        var now = new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
        string[] runs = ["20261206_115500_00000001", "20261205_115959_00000002", "20261205_120001_00000003", "20261206_100000_00000004"];
        foreach (var run in runs)
        {
            await work.PutPartitionAsync(run, 0, counts);
            await work.PutPartitionAsync(run, 1, counts);
        }

        var deleted = await work.DeleteAsync(runs[0], now.AddDays(-1));

        // This run, and the one that started more than a day before; a run 23:59:59 old may still be in flight.
        Assert.Equal(2, deleted);
        Assert.Equal(
            ["work/20261205_120001_00000003/partition-0.json", "work/20261205_120001_00000003/partition-1.json", "work/20261206_100000_00000004/partition-0.json", "work/20261206_100000_00000004/partition-1.json"],
            await new LocalDirectoryArtifactStore(_root).ListAsync("work/"));
        Assert.False(Directory.Exists(Path.Combine(_root, "work", runs[0])));
    }

    [Theory]
    [InlineData("history/x/part.parquet")]
    [InlineData("work/not-a-run/partition-0.json")]
    [InlineData("work/20261206_120000_0000abcd")]
    public async Task Get_NameOutsideAWorkArea_IsRefused(string name)
    {
        var work = new ArtifactRunWorkStore(new LocalDirectoryArtifactStore(_root));
        await Assert.ThrowsAsync<ArgumentException>(() => work.GetPartitionAsync(name));
    }
}
