using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>docs/MODEL.md section 14: the Shapley game on the chain.</summary>
public sealed class ShapleyCreditTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Exact_RandomJourneys_ValuesAddUpToTheConversionProbability(int order)
    {
        var journeys = OrderKAttributionTests.Generated(800, channels: 6, seed: 5);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(order));
        var chain = order == 1 ? ChannelChain.FromOrderOne(counts) : ChannelChain.FromHistories(counts.Histories!, order, counts.Channels);

        var shapley = ShapleyCredit.Exact(chain);

        var p = journeys.Count(j => j.Converted) / (double)journeys.Length;
        Assert.True(Math.Abs(shapley.Values.Sum() - p) <= 1e-12, $"Σφ = {shapley.Values.Sum():R}, p = {p:R}");
        Assert.Equal(ShapleyResult.ExactMethod, shapley.Method);
    }

    [Fact]
    public void Exact_TwoChannelsWithIdenticalRoles_GetEqualCredit()
    {
        // Every journey through Search has its mirror through Social.
        (string[], bool)[] journeys =
        [
            (["Search", "Email"], true), (["Social", "Email"], true),
            (["Search"], false), (["Social"], false),
            (["Email", "Search"], true), (["Email", "Social"], true),
            (["Display", "Search", "Email"], false), (["Display", "Social", "Email"], false),
            (["Display"], true), (["Email"], false),
        ];
        var shapley = ShapleyCredit.Exact(ChannelChain.FromOrderOne(SimpleJourneys.Count(journeys)));
        var channels = SimpleJourneys.Count(journeys).Channels.ToList();

        Assert.Equal(shapley.Values[channels.IndexOf("Search")], shapley.Values[channels.IndexOf("Social")], 1e-14);
        Assert.True(shapley.Values[channels.IndexOf("Search")] > 0);
    }

    [Fact]
    public void Exact_ChannelOnNoConvertingPath_GetsZero()
    {
        // Affiliate only ends journeys that did not convert: from it, nothing converts.
        (string[], bool)[] journeys =
        [
            (["Search", "Email"], true), (["Search", "Affiliate"], false), (["Email", "Affiliate"], false),
            (["Display", "Search"], true), (["Affiliate"], false), (["Email"], true), (["Display"], false),
        ];
        var counts = SimpleJourneys.Count(journeys);
        var shapley = ShapleyCredit.Exact(ChannelChain.FromOrderOne(counts));

        Assert.Equal(0, shapley.Values[counts.Channels.ToList().IndexOf("Affiliate")], 15);
        Assert.Equal(3 / 7d, shapley.Values.Sum(), 12);
    }

    [Fact]
    public void Sampled_TwelveChannels_AgreesWithExactWithinThreeStandardErrors()
    {
        var journeys = OrderKAttributionTests.Generated(4000, channels: 12, seed: 12);
        var chain = ChannelChain.FromOrderOne(SimpleJourneys.Count(journeys));

        var exact = ShapleyCredit.Exact(chain);
        var sampled = ShapleyCredit.Compute(chain, exactChannelLimit: 11);

        Assert.Equal(ShapleyResult.SampledMethod, sampled.Method);
        Assert.Equal(ShapleyCredit.Permutations, sampled.Permutations);
        Assert.Equal(exact.Values.Sum(), sampled.Values.Sum(), 12);
        for (var c = 0; c < 12; c++)
        {
            var error = sampled.StandardErrors![c];
            Assert.True(error > 0, $"channel {c}: standard error {error}");
            Assert.True(Math.Abs(sampled.Values[c] - exact.Values[c]) <= 3 * error, $"channel {c}: sampled {sampled.Values[c]:R} ± {error:g3}, exact {exact.Values[c]:R}");
        }
    }

    [Fact]
    public void Run_ThreeJourneyCase_CreditsMatchTheHandComputedGame()
    {
        // v(S) = [Email, Search in S] (1/3 + 1/3 [Facebook in S]): two unanimity games, so
        // φ_Email = φ_Search = 1/6 + 1/9, φ_Facebook = 1/9, the rest 0; credits are φ / (2/3) × 2 conversions.
        var summary = RunSummary.From(CaseData.Load("a_three_journeys").Run());
        var shapley = summary.Channels.ToDictionary(c => c.Channel, c => c.Shapley);

        Assert.Equal(2.5 / 3, shapley["Email"], 12);
        Assert.Equal(2.5 / 3, shapley["Search"], 12);
        Assert.Equal(1 / 3d, shapley["Facebook"], 12);
        Assert.Equal(0, shapley["Instagram"], 12);
        Assert.Equal(0, shapley["Direct"], 12);
        Assert.Equal(ShapleyResult.ExactMethod, summary.ShapleyMethod);
    }

    [Fact]
    public void WithShapley_Attribution_CreditsAddUpToTheConvertedJourneys()
    {
        var journeys = OrderKAttributionTests.Generated(800, channels: 6, seed: 9);
        var counts = SimpleJourneys.Count(journeys);
        var attribution = MarkovAttribution.WithShapley(MarkovAttribution.Compute(counts), counts);

        Assert.Equal(counts.ConvertedJourneys, attribution.Channels.Sum(c => c.Shapley), 9);
        Assert.Equal(ShapleyResult.ExactMethod, attribution.ShapleyMethod);
        Assert.All(attribution.Channels, c => Assert.Null(c.ShapleyStandardError));
    }

    [Fact]
    public void Compute_ExactOverTheWorkLimit_SamplesAsManyPermutationsAsFit()
    {
        var journeys = OrderKAttributionTests.Generated(2000, channels: 12, seed: 8);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(2));
        var chain = ChannelChain.FromHistories(counts.Histories!, 2, counts.Channels);
        var size = ShapleyCredit.ChainSize(chain);

        // 2^12 solves do not fit; 150 permutations of 12 solves do.
        var shapley = ShapleyCredit.Compute(chain, maxWork: 150 * 12 * size);

        Assert.Equal(ShapleyResult.SampledMethod, shapley.Method);
        Assert.Equal(150, shapley.Permutations);
        var p = journeys.Count(j => j.Converted) / (double)journeys.Length;
        Assert.True(Math.Abs(shapley.Values.Sum() - p) <= 1e-12, $"Σφ = {shapley.Values.Sum():R}, p = {p:R}");
    }

    [Fact]
    public void Compute_UnderTheWorkLimit_IsExactAsBefore()
    {
        var journeys = OrderKAttributionTests.Generated(800, channels: 6, seed: 8);
        var chain = ChannelChain.FromOrderOne(SimpleJourneys.Count(journeys));

        Assert.Equal(ShapleyCredit.Exact(chain).Values, ShapleyCredit.Compute(chain).Values);
        Assert.Equal(ShapleyResult.ExactMethod, ShapleyCredit.Compute(chain).Method);
    }

    [Fact]
    public void WithShapley_OrderThreeOverManyChannelsBeyondTheLimit_IsSkippedAndSaysWhy()
    {
        // 30 channels at order 3: thousands of states, so even 100 permutations of 30 solves pass MaxWork.
        var journeys = OrderKAttributionTests.Generated(20_000, channels: 30, seed: 9);
        var counts = SimpleJourneys.Count(journeys, MarkovOrder.Of(3));
        var chain = ChannelChain.FromHistories(counts.Histories!, 3, counts.Channels);
        Assert.True((long)ShapleyCredit.MinPermutations * 30 * ShapleyCredit.ChainSize(chain) > ShapleyCredit.MaxWork);

        var warnings = new List<string>();
        var attribution = MarkovEngine.Steps.Attribute(
            counts, Inputs.ChannelPerformanceTable.Create(counts.Channels.Select(c => new Inputs.ChannelPerformance(c, 1000, 10, 100, 500, 2000, 5))), warnings, order: 3);

        Assert.Equal(ShapleyResult.SkippedMethod, attribution.ShapleyMethod);
        Assert.All(attribution.Channels, c => Assert.Equal(0, c.Shapley));
        Assert.All(attribution.Channels, c => Assert.True(c.RemovalWeight >= 0));
        Assert.Equal(1, attribution.Channels.Sum(c => c.RemovalWeight), 12);
        var warning = Assert.Single(warnings, w => w.StartsWith("shapley credit skipped", StringComparison.Ordinal));
        Assert.Contains("30 channels over an order-3 chain of " + chain.States.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " states", warning, StringComparison.Ordinal);
    }
}
