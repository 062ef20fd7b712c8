using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Tests;

/// <summary>
/// Removal effects from one factorisation (MODEL.md section 2) against the reference: one dense
/// solve per removed channel, <see cref="MarkovAttribution.ConversionProbability"/>.
/// </summary>
public sealed class RemovalEffectsTests
{
    private const double Agreement = 1e-12;

    public static IEnumerable<object[]> Cases => CaseData.All();

    public static IEnumerable<object[]> Chains =>
    [
        // states, followers per state (0: any state follows any), seed
        [3, 0, 1], [12, 0, 2], [40, 0, 3], [60, 4, 4], [150, 6, 5], [300, 20, 6], [120, 0, 7],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConversionProbabilities_Case_EqualsPerChannelSolve(string name) =>
        AssertAgrees(CaseData.Load(name).Counts());

    [Theory]
    [MemberData(nameof(Chains))]
    public void ConversionProbabilities_RandomChain_EqualsPerChannelSolve(int states, int followers, int seed) =>
        AssertAgrees(Journeys(states, followers, journeys: 20 * states, seed));

    [Fact]
    public void ConversionProbabilities_SparseFollowers_FactorisesInNarrowBand()
    {
        // Each of 400 campaigns followed by at most 5 of its neighbours, named so that their sorted order scatters them.
        var chain = AbsorbingChain.FromCounts(Journeys(400, 5, journeys: 8_000, seed: 11));
        var ordering = BandOrdering.Of(chain);
        Assert.InRange(ordering.HalfBandwidth, 1, 60);
        Assert.Equal(Enumerable.Range(1, chain.StateCount - 1), ordering.OldOfNew.Order());
        Assert.All(Enumerable.Range(1, chain.StateCount - 1), i => Assert.Equal(i, ordering.OldOfNew[ordering.NewOfOld[i]]));
    }

    [Fact]
    public void ConversionProbabilities_StateThatCannotEnd_IsRefusedByName()
    {
        // a <-> b forever with no way out is not a chain the counting can produce; the solver still says what is wrong.
        var chain = AbsorbingChain.FromTransitions(
            [States.Start, "a", "b"],
            [new(0, 1, 1), new(0, StateTransition.Conversion, 1), new(1, 2, 1), new(2, 1, 1)]);
        var error = Assert.Throws<Inputs.ModelException>(() => RemovalEffects.ConversionProbabilities(chain));
        Assert.Contains("never reaches", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConversionProbabilities_BandAboveLimit_IsRefusedNamingTheStates()
    {
        // 1,001 states that all follow each other need 1,001 × 2,001 band cells, just above the 2,000,000 supported.
        const int states = 1_001;
        var transitions = new List<StateTransition> { new(0, StateTransition.Conversion, 1) };
        for (var i = 1; i <= states; i++)
        {
            transitions.Add(new(0, i, 1));
            transitions.Add(new(i, StateTransition.Null, 1));
            for (var j = 1; j <= states; j++)
            {
                transitions.Add(new(i, j, 1));
            }
        }

        var chain = AbsorbingChain.FromTransitions([States.Start, .. Enumerable.Range(1, states).Select(i => $"c{i}")], transitions);
        var error = Assert.Throws<Inputs.ModelException>(() => RemovalEffects.ConversionProbabilities(chain));
        Assert.Contains("customer_journeys.channel: the transitions between the 1,001 channels (states) need a band of 2,001 per state (2,003,001 cells), above the 2,000,000 supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdOf_MoreThanMaxDistinctChannels_IsRefusedNamingTheColumn()
    {
        var registry = new ChannelRegistry();
        for (var i = 0; i < Inputs.ChannelName.MaxDistinct; i++)
        {
            Assert.Equal(i, registry.IdOf($"Campaign {i}"));
        }

        Assert.Equal(7, registry.IdOf("Campaign 7"));
        var error = Assert.Throws<Inputs.InputValidationException>(() => registry.IdOf("One Too Many"));
        Assert.Equal("customer_journeys.channel: more than 5,000 distinct channels: the largest number of channels (or campaigns) one run attributes (example: One Too Many)", error.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("auto")]
    public void IdOf_MoreThan4095ChannelsAboveOrderOne_IsRefusedNamingTheColumnTheNumberAndTheLimit(string order)
    {
        var registry = new ChannelRegistry(MarkovOrder.Parse(order, "order"));
        for (var i = 0; i < 4_095; i++)
        {
            Assert.Equal(i, registry.IdOf($"Channel {i}"));
        }

        var error = Assert.Throws<Inputs.InputValidationException>(() => registry.IdOf("One Too Many"));
        Assert.Equal("channel", error.Column);
        Assert.Equal($"customer_journeys.channel: 4,096 distinct channels at order {order}, above the 4,095 that orders above 1 count (run at order 1, or merge channels) (example: One Too Many)", error.Message);
        var orderOne = new ChannelRegistry(MarkovOrder.One);
        Assert.Equal(Enumerable.Range(0, 4_096), Enumerable.Range(0, 4_096).Select(i => orderOne.IdOf($"Channel {i}")).ToArray());
    }

    private static void AssertAgrees(JourneyCounts counts)
    {
        var chain = AbsorbingChain.FromCounts(counts);
        var (baseline, without) = RemovalEffects.ConversionProbabilities(chain);
        var reference = TransitionMatrix.FromCounts(counts);
        var referenceBaseline = MarkovAttribution.ConversionProbability(reference, removed: null);
        Tolerance.Close(referenceBaseline, baseline, Agreement, "baseline");
        for (var c = 0; c < counts.Channels.Count; c++)
        {
            var expected = MarkovAttribution.ConversionProbability(reference, removed: c + 1);
            Tolerance.Close(expected, without[c + 1], Agreement, $"{counts.Channels[c]} without");
            Tolerance.Close(1 - (expected / referenceBaseline), 1 - (without[c + 1] / baseline), Agreement, $"{counts.Channels[c]} removal effect");
        }
    }

    /// <summary>Random journeys over <paramref name="states"/> states; each followed by at most <paramref name="followers"/> nearby states (0: by any).</summary>
    internal static JourneyCounts Journeys(int states, int followers, int journeys, int seed)
    {
        var random = new Random(seed);

        // Names whose ordinal order is not the neighbourhood order, so the band comes from the ordering, not the names.
        var registry = new ChannelRegistry();
        var ids = Enumerable.Range(0, states).Select(i => registry.GetOrAdd($"c{(i * 7919) % 100_003:D6}")).ToArray();
        var counter = new JourneyCounter(registry);
        var touches = new List<Touch>();
        for (var j = 0; j < journeys; j++)
        {
            touches.Clear();
            var state = random.Next(states);
            var length = 1 + random.Next(6);
            for (var step = 1; step <= length; step++)
            {
                touches.Add(new Touch(step, step * TimeSpan.TicksPerHour, ids[state], step == length && random.NextDouble() < 0.3, 0));
                state = followers == 0 ? random.Next(states) : Math.Clamp(state + random.Next(followers) - (followers / 2), 0, states - 1);
            }

            counter.AddJourney(touches.ToArray());
        }

        return counter.ToCounts();
    }
}
