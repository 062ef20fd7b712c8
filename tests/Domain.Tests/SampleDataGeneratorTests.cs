using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.Sampling;

namespace MarkovFunctions.Domain.Tests;

public sealed class SampleDataGeneratorTests
{
    [Fact]
    public void RemovalEffects_MillionCustomers_ConvergeToTheChainsTrueOnes()
    {
        var generator = new SampleDataGenerator(seed: 7);
        var counts = Count(generator.Journeys(1_000_000));
        var estimated = MarkovAttribution.Compute(counts);
        var truth = generator.TrueAttribution();

        var worst = truth.Channels.Max(t => Math.Abs(t.RemovalEffect - estimated.Channels.Single(e => e.Channel == t.Channel).RemovalEffect));
        Assert.True(worst < 5e-3, $"largest removal-effect error {worst:g3}");
        Assert.Equal(truth.BaselineConversion, estimated.BaselineConversion, 2);
    }

    [Fact]
    public void Journeys_SameSeed_SameRows()
    {
        var first = new SampleDataGenerator(3).Journeys(500).ToArray();
        var second = new SampleDataGenerator(3).Journeys(500).ToArray();
        Assert.Equal(first, second);
        Assert.NotEqual(first, new SampleDataGenerator(4).Journeys(500).ToArray());
    }

    [Fact]
    public void Journeys_EachCustomer_ContiguousStepsFromOneAndAtMostOneConversion()
    {
        var rows = new SampleDataGenerator(11).Journeys(2_000).ToArray();
        foreach (var journey in rows.GroupBy(r => r.CustomerId))
        {
            Assert.Equal(Enumerable.Range(1, journey.Count()), journey.Select(r => r.JourneyStep));
            Assert.True(journey.Count(r => r.Converted) <= 1);
            Assert.True(journey.Zip(journey.Skip(1), (a, b) => a.TimestampUtc < b.TimestampUtc).All(x => x));
        }

        Assert.Equal(rows.Select(r => r.CustomerId).Distinct().Count(), rows.Select((r, i) => (r.CustomerId, i)).Count(t => t.i == 0 || rows[t.i - 1].CustomerId != t.CustomerId));
    }

    [Fact]
    public void Performance_IsValidAndMatchesPredictionAtCurrentSpend()
    {
        var generator = new SampleDataGenerator(5);
        var table = ChannelPerformanceTable.Create(generator.Performance(100_000));
        Assert.Equal(SampleDataGenerator.ChannelNames.Count, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.InRange(r.CurrentMonthlySpend, r.MinMonthlySpend, r.MaxMonthlySpend));
    }

    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(1)]
    public void Performance_TwentyThousandCustomers_AgreesWithTheJourneysAndPromisesABelievableUplift(int seed)
    {
        const int customers = 20_000;
        var generator = new SampleDataGenerator(seed);
        var table = ChannelPerformanceTable.Create(generator.Performance(customers));
        var today = table.Rows.Sum(r => r.CurrentMonthlySpend);

        var outcome = MarkovEngine.Run(Count(generator.Journeys(customers)), table, RunSettings.Create([today]));

        // The platforms' numbers fit the journeys: no SMAPE alert that only the sample would cause.
        Assert.True(outcome.Calibration.SmapeBest < AlertThresholds.Default.Smape / 3, $"SMAPE {outcome.Calibration.SmapeBest:0.000} at alpha {outcome.Calibration.AlphaBest}");
        Assert.DoesNotContain(outcome.Alerts, a => a.Contains("SMAPE", StringComparison.Ordinal));
        var budget = Assert.Single(outcome.Budgets);
        Assert.Equal(SolveStatus.Optimal, budget.Status);
        Assert.Equal(88_000, today, 1e-9);
        Assert.InRange(budget.Uplift!.Value, 0.05, 0.30);
    }

    [Fact]
    public void CustomerSegments_EachSegmentsWeights_ConvergeToItsChainAndDifferAsAMarketerWouldExpect()
    {
        var generator = new SampleDataGenerator(seed: 42);
        var counts = Count(generator.Journeys(300_000));
        Assert.Equal(SampleDataGenerator.CustomerSegments.Order(StringComparer.Ordinal), counts.CustomerSegments.Select(s => s.CustomerSegment));
        Assert.Equal(0, counts.MixedCustomerSegmentJourneys);

        var weights = new Dictionary<string, AttributionResult>();
        foreach (var segment in counts.CustomerSegments)
        {
            var estimated = MarkovAttribution.Compute(segment.Counts);
            var truth = generator.TrueAttribution(segment.CustomerSegment);
            var worst = truth.Channels.Max(t => Math.Abs(t.RemovalWeight - estimated.RemovalWeightOf(t.Channel)));
            Assert.True(worst < 0.01, $"{segment.CustomerSegment}: largest removal-weight error {worst:g3}");
            weights[segment.CustomerSegment] = estimated;
        }

        // Email brings Returning customers back; Paid Social finds New ones; Loyal ones come Direct.
        Assert.True(weights["Returning"].RemovalWeightOf("Email") > 1.5 * weights["New"].RemovalWeightOf("Email"));
        Assert.True(weights["New"].RemovalWeightOf("Paid Social") > 1.5 * weights["Returning"].RemovalWeightOf("Paid Social"));
        Assert.True(weights["New"].RemovalWeightOf("Paid Social") > 1.5 * weights["Loyal"].RemovalWeightOf("Paid Social"));
        Assert.True(weights["Loyal"].RemovalWeightOf("Direct") > 1.5 * weights["New"].RemovalWeightOf("Direct"));
    }

    [Fact]
    public void Performance_SameSeed_SameTable()
    {
        Assert.Equal(new SampleDataGenerator(9).Performance(20_000), new SampleDataGenerator(9).Performance(20_000));
        Assert.NotEqual(new SampleDataGenerator(9).Performance(20_000), new SampleDataGenerator(10).Performance(20_000));
    }

    private static JourneyCounts Count(IEnumerable<SampleJourneyRow> rows)
    {
        var registry = new ChannelRegistry();
        var segments = new CustomerSegmentRegistry();
        var counter = new JourneyCounter(registry, customerSegments: segments);
        var buffer = new List<Touch>();
        string? current = null;
        foreach (var row in rows)
        {
            if (row.CustomerId != current && buffer.Count > 0)
            {
                counter.AddJourney(buffer.ToArray());
                buffer.Clear();
            }

            current = row.CustomerId;
            buffer.Add(new Touch(row.JourneyStep, row.TimestampUtc.Ticks, registry.GetOrAdd(row.Channel), row.Converted, row.ConversionValue, segments.GetOrAdd(row.CustomerSegment)));
        }

        counter.AddJourney(buffer.ToArray());
        return counter.ToCounts();
    }

    [Theory]
    [InlineData(20_000, 80_000, 88_000, 100_000)]
    [InlineData(5_000, 20_000, 22_000, 25_000)]
    public void Budgets_AnySampleSize_FractionsOfItsOwnSpendThatItsBoundsCanMeet(int customers, double low, double today, double high)
    {
        var budgets = SampleDataGenerator.Budgets(customers);
        var performance = new SampleDataGenerator(42).Performance(customers);

        Assert.Equal([low, today, high], budgets);
        Assert.Equal(today, performance.Sum(c => c.CurrentMonthlySpend));
        Assert.All(budgets, b => Assert.InRange(b, performance.Sum(c => c.MinMonthlySpend), performance.Sum(c => c.MaxMonthlySpend)));
    }
}
