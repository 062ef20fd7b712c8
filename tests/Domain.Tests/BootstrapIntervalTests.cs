using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.Sampling;
using MarkovFunctions.Domain.Uncertainty;
using Xunit.Abstractions;

namespace MarkovFunctions.Domain.Tests;

public sealed class BootstrapIntervalTests(ITestOutputHelper output)
{
    private const int DataSets = 30;
    private const int Customers = 10_000;

    /// <summary>
    /// Known truth: the removal weights of the generator's own chain (exact probabilities). Over 30
    /// simulated data sets the 95 % intervals cover it in 90–99 % of (channel, data set) pairs, and
    /// 4x the customers make the intervals about half as wide (1/√4).
    /// </summary>
    [Fact]
    public void RemovalWeightIntervals_ThirtyDataSets_CoverTheTruthAndHalveWithFourTimesTheCustomers()
    {
        var truth = new SampleDataGenerator(0).TrueAttribution().Channels.ToDictionary(c => c.Channel, c => c.RemovalWeight);
        var settings = new IntervalSettings();
        var covered = 0;
        var pairs = 0;
        double width = 0, widthLarge = 0;
        for (var set = 0; set < DataSets; set++)
        {
            var small = Intervals(seed: 1000 + set, Customers, settings);
            var large = Intervals(seed: 5000 + set, 4 * Customers, settings);
            foreach (var (channel, weight) in truth)
            {
                var interval = small[channel];
                covered += interval.Low <= weight && weight <= interval.High ? 1 : 0;
                pairs++;
                width += interval.High - interval.Low;
                widthLarge += large[channel].High - large[channel].Low;
            }
        }

        var coverage = covered / (double)pairs;
        var ratio = widthLarge / width;
        output.WriteLine($"coverage {coverage:P1} of {pairs} pairs; width ratio at 4x customers {ratio:0.000}");
        Assert.InRange(coverage, 0.90, 0.99);
        Assert.InRange(ratio, 0.35, 0.65);
    }

    [Fact]
    public void Groups_AllWeightsOne_AddUpToTheCounts()
    {
        var counts = Count(new SampleDataGenerator(3).Journeys(2_000), groups: 50);
        var whole = BootstrapIntervals.Weighted(counts.Groups!, Enumerable.Repeat(1, 50).ToArray(), counts.HalfLifeDays);

        Assert.Equal(counts.Transitions, whole.Transitions);
        Assert.Equal(counts.Channels, whole.Channels);
        Assert.Equal(counts.Journeys, whole.Journeys);
        Assert.Equal(counts.ConvertedJourneys, whole.ConvertedJourneys);
    }

    /// <summary>The group counts cross the durable history (extract -> bootstrap activity): they stay small.</summary>
    [Fact]
    public void Groups_TwentyThousandCustomers_AreASmallPayload()
    {
        var counts = Count(new SampleDataGenerator(42).Journeys(20_000), IntervalSettings.DefaultGroups);
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(counts.Groups).Length;
        output.WriteLine($"{counts.Groups!.Transitions.Count} transitions x {counts.Groups.Groups} groups: {bytes:N0} bytes of JSON");
        Assert.InRange(bytes, 1, 120_000);
    }

    [Fact]
    public void Groups_SumOfPartitions_IsTheGroupsOfTheWhole()
    {
        var rows = new SampleDataGenerator(4).Journeys(3_000).ToArray();
        var whole = Count(rows, groups: 20);
        var parts = JourneyCounts.Sum([Count(rows.Where(r => r.CustomerId.CompareTo("C00001500") < 0), 20), Count(rows.Where(r => r.CustomerId.CompareTo("C00001500") >= 0), 20)]);

        Assert.Equal(Flatten(whole.Groups!), Flatten(parts.Groups!));
    }

    [Theory]
    [InlineData(ResponseMode.Linear)]
    [InlineData(ResponseMode.Saturating)]
    public void Intervals_SameSeed_SameNumbers_PointEstimatesUnmoved(ResponseMode mode)
    {
        var generator = new SampleDataGenerator(42);
        var counts = Count(generator.Journeys(5_000), IntervalSettings.DefaultGroups);
        var performance = ChannelPerformanceTable.Create(generator.Performance(5_000));
        var budgets = new[] { 20_000.0, 22_000, 25_000 };
        var response = new ResponseSettings(mode);
        var off = MarkovEngine.Run(counts with { Groups = null }, performance, RunSettings.Create(budgets, response: response));
        var on = MarkovEngine.Run(counts, performance, RunSettings.Create(budgets, response: response) with { Intervals = new IntervalSettings(100) });
        var again = MarkovEngine.Run(counts, performance, RunSettings.Create(budgets, response: response) with { Intervals = new IntervalSettings(100) });

        Assert.Null(off.Intervals);
        Assert.Equal(RunSummary.From(off).ToJsonBytes(), RunSummary.From(on with { Intervals = null }).ToJsonBytes());
        Assert.Equal(RunSummary.From(on).ToJsonBytes(), RunSummary.From(again).ToJsonBytes());
        var intervals = on.Intervals!;
        Assert.Equal(100, intervals.Replicates);
        Assert.Equal(0, intervals.FailedReplicates);
        foreach (var channel in on.Attribution.Channels)
        {
            var interval = intervals.Channels.Single(c => c.Channel == channel.Channel);
            Assert.InRange(channel.RemovalWeight, interval.RemovalWeight.Low, interval.RemovalWeight.High);
            Assert.InRange(channel.AttributedConversions, interval.AttributedConversions.Low, interval.AttributedConversions.High);
        }

        Assert.InRange(on.Calibration.AlphaBest, intervals.AlphaBest.Low, intervals.AlphaBest.High);
        foreach (var (point, interval) in on.Budgets.Zip(intervals.Budgets))
        {
            Assert.Equal(point.Budget, interval.Budget);
            Assert.InRange(point.PredictedConversions!.Value, interval.PredictedConversions!.Low, interval.PredictedConversions.High);
            Assert.InRange(point.Uplift!.Value, interval.Uplift!.Low, interval.Uplift.High);
            Assert.InRange(interval.BeatsCurrentShare!.Value, 0, 1);
            Assert.Equal(point.Channels.Select(c => c.Channel), interval.Channels.Select(c => c.Channel));
        }
    }

    private static Dictionary<string, Interval> Intervals(int seed, int customers, IntervalSettings settings)
    {
        var counts = Count(new SampleDataGenerator(seed).Journeys(customers), settings.Groups);
        var weights = BootstrapIntervals.Replicates(counts.Groups!, settings.Replicates, settings.Seed, counts.HalfLifeDays)
            .Select(MarkovAttribution.Compute)
            .ToArray();
        return weights[0].Channels.Select(c => c.Channel)
            .ToDictionary(c => c, c => BootstrapIntervals.Percentile(weights.Select(w => w.RemovalWeightOf(c))));
    }

    private static IEnumerable<string> Flatten(GroupCounts groups) =>
        groups.Transitions.Select(t => $"{t.From}>{t.To}:{string.Join(',', t.Counts)}");

    /// <summary>Counts journeys with the customer's index as its hash (the spill uses a hash of the id's bytes).</summary>
    internal static JourneyCounts Count(IEnumerable<SampleJourneyRow> rows, int groups)
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry, bootstrapGroups: groups);
        var buffer = new List<Touch>();
        string? current = null;
        foreach (var row in rows)
        {
            if (row.CustomerId != current && buffer.Count > 0)
            {
                counter.AddJourney(buffer.ToArray(), ulong.Parse(current![1..]));
                buffer.Clear();
            }

            current = row.CustomerId;
            buffer.Add(new Touch(row.JourneyStep, row.TimestampUtc.Ticks, registry.GetOrAdd(row.Channel), row.Converted, row.ConversionValue));
        }

        counter.AddJourney(buffer.ToArray(), ulong.Parse(current![1..]));
        return counter.ToCounts();
    }
}
