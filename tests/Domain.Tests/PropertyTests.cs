using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Invariants of MODEL.md that hold for any data, checked on several random data sets.</summary>
public sealed class PropertyTests
{
    public static IEnumerable<object[]> Seeds => [[1], [2], [3], [17], [2026]];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Attribution_RandomJourneys_CreditsSumToConvertedJourneys(int seed)
    {
        var counts = RandomJourneys.Count(RandomJourneys.Generate(400, seed));
        var attribution = MarkovAttribution.Compute(counts);

        var converted = (double)counts.ConvertedJourneys;
        Assert.True(converted > 0);
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.AttributedConversions), 1e-12, "Markov");
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.FirstTouch), 1e-12, "first touch");
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.LastTouch), 1e-12, "last touch");
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.Linear), 1e-12, "linear");
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.PositionBased), 1e-12, "position based");
        Tolerance.Close(converted, attribution.Channels.Sum(c => c.TimeDecay), 1e-12, "time decay");
        Tolerance.Close(counts.ConvertedValue, attribution.Channels.Sum(c => c.AttributedValue), 1e-12, "value");
        Tolerance.Close(1, attribution.Channels.Sum(c => c.RemovalWeight), 1e-12, "weights");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Baseline_RandomJourneys_EqualsShareOfConvertedJourneys(int seed)
    {
        var counts = RandomJourneys.Count(RandomJourneys.Generate(300, seed));
        var attribution = MarkovAttribution.Compute(counts);
        Tolerance.Close(counts.ConvertedJourneys / (double)counts.Journeys, attribution.BaselineConversion, 1e-12, "baseline");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TransitionMatrix_RandomJourneys_EveryRowSumsToOne(int seed)
    {
        var matrix = TransitionMatrix.FromCounts(RandomJourneys.Count(RandomJourneys.Generate(200, seed)));
        for (var i = 0; i < matrix.States.Count; i++)
        {
            var sum = Enumerable.Range(0, matrix.States.Count).Sum(j => matrix.Probabilities[i, j]);
            Assert.InRange(sum, 1 - 1e-12, 1 + 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Calibration_AnyAlpha_PredictionAtCurrentSpendEqualsAttributedTotal(int seed)
    {
        var attribution = MarkovAttribution.Compute(RandomJourneys.Count(RandomJourneys.Generate(300, seed)));
        var performance = RandomJourneys.Performance(seed);
        var total = performance.Rows.Sum(r => r.ConversionsAttributed);
        foreach (var alpha in new AlphaSettings().Grid())
        {
            var response = AlphaCalibration.ResponseAt(alpha, attribution, performance);
            Tolerance.Close(total, response.PredictedAt(response.Channels.Select(c => c.CurrentSpend).ToArray()), 1e-12, $"alpha {alpha}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Counts_TwoHalvesOfCustomers_AddUpToTheWhole(int seed)
    {
        var rows = RandomJourneys.Generate(500, seed);
        var whole = RandomJourneys.Count(rows);
        var half = rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000250") < 0).ToList();
        var rest = rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000250") >= 0).ToList();
        var sum = JourneyCounts.Sum([RandomJourneys.Count(half), RandomJourneys.Count(rest)]);

        Assert.Equal(whole.Channels, sum.Channels);
        Assert.Equal(whole.Transitions, sum.Transitions);
        Assert.Equal((whole.Rows, whole.Journeys, whole.ConvertedJourneys), (sum.Rows, sum.Journeys, sum.ConvertedJourneys));
        Tolerance.Close(whole.ConvertedValue, sum.ConvertedValue, 1e-12, "value");
        foreach (var (w, s) in whole.Heuristics.Zip(sum.Heuristics))
        {
            Assert.Equal(w.Channel, s.Channel);
            Tolerance.Close(w.Linear, s.Linear, 1e-12, $"{w.Channel} linear");
            Tolerance.Close(w.TimeDecay, s.TimeDecay, 1e-12, $"{w.Channel} time decay");
            Tolerance.Close(w.PositionBased, s.PositionBased, 1e-12, $"{w.Channel} position");
            Assert.Equal(w.FirstTouch, s.FirstTouch);
            Assert.Equal(w.LastTouch, s.LastTouch);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Run_ShuffledRows_GivesIdenticalSummary(int seed)
    {
        var rows = RandomJourneys.Generate(300, seed);
        var shuffled = rows.OrderBy(_ => Random.Shared.Next()).ToList();
        var performance = RandomJourneys.Performance(seed);
        var settings = RunSettings.Create([30000, 60000, 90000]);

        var original = RunSummary.From(MarkovEngine.Run(RandomJourneys.Count(rows), performance, settings)).ToJsonBytes();
        var reordered = RunSummary.From(MarkovEngine.Run(RandomJourneys.Count(shuffled), performance, settings)).ToJsonBytes();
        Assert.Equal(original, reordered);
    }

    [Fact]
    public void Run_ShuffledCaseRows_GivesIdenticalSummary()
    {
        var data = CaseData.Load("c_messy_names");
        var rows = data.JourneyRows();
        var reversed = rows.Reverse().ToArray();
        var settings = RunSettings.Create(data.Budgets());
        var original = RunSummary.From(MarkovEngine.Run(data.Counts(rows: rows), data.Performance(), settings)).ToJsonBytes();
        var reordered = RunSummary.From(MarkovEngine.Run(data.Counts(rows: reversed), data.Performance(), settings)).ToJsonBytes();
        Assert.Equal(original, reordered);
    }
}
