using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Sampling;

/// <summary>
/// Synthetic journeys simulated from a known order-1 chain over realistic channels, with a channel
/// performance table consistent with them and the chain's true removal effects, so that attribution
/// can be checked against the truth. Each customer belongs to one of <see cref="CustomerSegments"/>, whose
/// chain differs from the others' where a marketing team would expect it (Paid Social and Display find
/// and convert New customers, Email brings Returning ones back, Loyal ones come Direct), so attribution
/// per segment has something to show. Deterministic for a seed; rows of one customer are contiguous.
/// </summary>
public sealed class SampleDataGenerator
{
    public static readonly IReadOnlyList<string> ChannelNames =
        ["Affiliate", "Direct", "Display", "Email", "Organic Search", "Paid Search", "Paid Social", "Referral"];

    // Where journeys start, in the order of ChannelNames.
    private static readonly double[] StartWeights = [0.06, 0.10, 0.12, 0.10, 0.20, 0.22, 0.16, 0.04];

    // Per channel: probability of converting and of dropping out after a touch; the rest moves on
    // to the next channel in proportion to NextWeights.
    private static readonly double[] ConvertAfter = [0.10, 0.14, 0.02, 0.08, 0.07, 0.09, 0.03, 0.05];
    private static readonly double[] DropAfter = [0.30, 0.35, 0.45, 0.25, 0.30, 0.25, 0.45, 0.40];
    private static readonly double[] NextWeights = [0.06, 0.16, 0.08, 0.18, 0.16, 0.20, 0.10, 0.06];

    // Monthly spend per channel for 20,000 customers (88,000 in all; it scales with the customer count);
    // organic and direct carry the content and brand budgets behind them. Chosen so the true cost per
    // conversion runs from about 15 (Email) to 35 (Display, Paid Social): a budget someone has already
    // tuned, which the LP improves by a believable margin rather than by half.
    private static readonly double[] CurrentSpend = [7_400, 11_200, 9_000, 8_700, 11_300, 24_900, 12_000, 3_500];

    private static readonly (int Numerator, int Denominator)[] BudgetFractions = [(10, 11), (1, 1), (25, 22)];

    // Bounds around current spend, as a guardrail a marketing team would set.
    private const double MinSpendFactor = 0.5;
    private const double MaxSpendFactor = 2.0;

    // Platforms over- or under-credit themselves by up to 20 %; their conversion rates carry up to 10 % noise.
    private const double PlatformBias = 0.2;
    private const double RateNoise = 0.1;

    public static readonly IReadOnlyList<string> CustomerSegments = ["New", "Returning", "Loyal"];

    // Per segment (in the order of CustomerSegments), factors on StartWeights and on ConvertAfter per
    // channel (in the order of ChannelNames). Each channel's conversion factors average 1 over the
    // segments, so the pooled chain stays close to the one-segment chain the spends were tuned for.
    private static readonly double[][] SegmentStart =
    [
        [1.2, 0.5, 1.4, 0.3, 1.0, 1.1, 1.7, 1.2],
        [0.9, 1.0, 0.9, 1.8, 1.0, 1.0, 0.8, 0.9],
        [0.9, 1.5, 0.7, 0.9, 1.0, 0.9, 0.5, 0.9],
    ];

    private static readonly double[][] SegmentConvert =
    [
        [1.0, 0.7, 1.3, 0.4, 1.0, 1.1, 2.0, 1.0],
        [1.0, 1.0, 0.9, 1.8, 1.0, 1.0, 0.6, 1.0],
        [1.0, 1.3, 0.8, 0.8, 1.0, 0.9, 0.4, 1.0],
    ];

    private static readonly DateTime Origin = new(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int MaxJourneyLength = 60;

    // One chain per customer segment.
    private readonly double[][][] _transitions;

    public SampleDataGenerator(int seed) =>
        (Seed, _transitions) = (seed, Enumerable.Range(0, CustomerSegments.Count).Select(BuildTransitions).ToArray());

    public int Seed { get; }

    /// <summary>The chain a segment's journeys are drawn from: rows (start) and each channel; columns the channels, then (conversion), (null).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Transitions(string customerSegment) => _transitions[SegmentIndex(customerSegment)];

    /// <summary>Journeys of <paramref name="customers"/> customers, generated lazily.</summary>
    public IEnumerable<SampleJourneyRow> Journeys(int customers)
    {
        var random = new Random(Seed);
        var channels = ChannelNames.Count;
        for (var customer = 0; customer < customers; customer++)
        {
            var id = $"C{customer:D8}";
            var segmentIndex = random.Next(CustomerSegments.Count);
            var segment = CustomerSegments[segmentIndex];
            var chain = _transitions[segmentIndex];
            var time = Origin.AddSeconds(random.Next(0, 90 * 86_400));
            var state = Draw(chain[0], random);
            for (var step = 1; ; step++)
            {
                var next = step == MaxJourneyLength ? channels + 1 : Draw(chain[state + 1], random);
                var converted = next == channels;
                var value = converted ? Math.Round(20 + (random.NextDouble() * 280), 2) : 0;
                yield return new SampleJourneyRow(id, step, ChannelNames[state], time, converted, value, segment);
                if (next >= channels)
                {
                    break;
                }

                state = next;
                time = time.AddSeconds(random.Next(600, 5 * 86_400));
            }
        }
    }

    /// <summary>
    /// A performance table consistent with the chain. Conversions attributed: the true removal weight's
    /// share of the expected conversions of <paramref name="customers"/> customers, with a platform bias
    /// per channel (platforms over-credit themselves). <c>conversion_rate_per_1000</c>: set so that
    /// <c>rate · removal_weight · spend / 1000</c> gives back those conversions within the rate noise, so the
    /// calibration of MODEL.md section 4 fits the platforms' numbers as a real week's roughly do (its
    /// SMAPE stays well under the alert threshold), and the linear LP's coefficient of a channel is close
    /// to its conversions per unit of spend. Bounds around current spend.
    /// </summary>
    public IReadOnlyList<ChannelPerformance> Performance(int customers)
    {
        var truth = TrueAttribution();
        var expectedConversions = customers * truth.BaselineConversion;
        var random = new Random(Seed ^ 0x5EED);
        return ChannelNames.Select((name, i) =>
        {
            var weight = truth.Channels.Single(c => c.Channel == name).RemovalWeight;
            var bias = 1 + (PlatformBias * ((2 * random.NextDouble()) - 1));
            var noise = 1 + (RateNoise * ((2 * random.NextDouble()) - 1));
            var conversions = Math.Max(1, Math.Round(expectedConversions * weight * bias, 1));
            var spend = SpendOf(i, customers);
            return new ChannelPerformance(
                name,
                spend,
                conversions,
                Math.Round(spend / conversions, 4),
                Math.Round(spend * MinSpendFactor),
                Math.Round(spend * MaxSpendFactor),
                Math.Round(conversions * noise / (weight * spend / 1000), 6));
        }).ToArray();
    }

    /// <summary>
    /// Budgets for a sample of <paramref name="customers"/>: fractions of its own current spend (10/11, 1
    /// and 25/22 of it; 80,000, 88,000 and 100,000 at 20,000 customers), so a sample of any size gets
    /// budgets its spend bounds can meet.
    /// </summary>
    public static IReadOnlyList<double> Budgets(int customers)
    {
        var spend = Enumerable.Range(0, CurrentSpend.Length).Sum(i => SpendOf(i, customers));
        return BudgetFractions.Select(f => Math.Round(spend * f.Numerator / f.Denominator)).ToArray();
    }

    private static double SpendOf(int channel, int customers) => Math.Max(1, Math.Round(CurrentSpend[channel] * customers / 20_000.0));

    /// <summary>
    /// The exact Markov attribution of the journeys' chain: what a large sample converges to. Over all
    /// customers (segments drawn with equal odds) when <paramref name="customerSegment"/> is null, else
    /// of that segment's chain.
    /// </summary>
    public AttributionResult TrueAttribution(string? customerSegment = null)
    {
        // Expected transitions per customer: expected visits to a state times its probabilities. Their
        // ratios give back a chain's own matrix, and summed over segments the pooled one a sample estimates.
        var segments = customerSegment is null ? Enumerable.Range(0, CustomerSegments.Count).ToArray() : [SegmentIndex(customerSegment)];
        var channels = ChannelNames.Count;
        var expected = new double[channels + 1, channels + 2];
        foreach (var s in segments)
        {
            var chain = _transitions[s];
            var visits = ExpectedVisits(chain);
            for (var from = 0; from <= channels; from++)
            {
                for (var to = 0; to < channels + 2; to++)
                {
                    expected[from, to] += visits[from] * chain[from][to] / segments.Length;
                }
            }
        }

        const double scale = 1e12;
        var transitions = new List<TransitionCount>();
        for (var from = 0; from <= channels; from++)
        {
            var fromName = from == 0 ? States.Start : ChannelNames[from - 1];
            for (var to = 0; to < channels + 2; to++)
            {
                var count = (long)Math.Round(expected[from, to] * scale);
                if (count > 0)
                {
                    var toName = to < channels ? ChannelNames[to] : to == channels ? States.Conversion : States.Null;
                    transitions.Add(new TransitionCount(fromName, toName, count));
                }
            }
        }

        var counts = new JourneyCounts(ChannelNames.ToArray(), transitions, [], 0, 1, 1, 0, 7);
        return MarkovAttribution.Compute(counts);
    }

    private static int SegmentIndex(string customerSegment)
    {
        var index = CustomerSegments.ToList().IndexOf(customerSegment);
        return index >= 0 ? index : throw new ArgumentException($"the sample has no customer segment '{customerSegment}'", nameof(customerSegment));
    }

    private static double[][] BuildTransitions(int segment)
    {
        var channels = ChannelNames.Count;
        var rows = new double[channels + 1][];
        rows[0] = [.. Normalise(StartWeights.Select((w, c) => w * SegmentStart[segment][c]).ToArray()), 0, 0];
        for (var c = 0; c < channels; c++)
        {
            var convert = ConvertAfter[c] * SegmentConvert[segment][c];
            var move = 1 - convert - DropAfter[c];
            var next = Normalise(NextWeights);
            rows[c + 1] = [.. next.Select(w => w * move), convert, DropAfter[c]];
        }

        return rows;
    }

    /// <summary>Expected visits per journey to (start) and each channel: the start row of (I - Q)^-1.</summary>
    private static double[] ExpectedVisits(double[][] chain)
    {
        var channels = ChannelNames.Count;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(channels + 1, channels + 1);
        for (var i = 0; i <= channels; i++)
        {
            for (var j = 0; j <= channels; j++)
            {
                // Transient state j is (start) for 0, else channel j - 1; nothing moves back into (start).
                var q = j == 0 ? 0 : chain[i][j - 1];
                a[i, j] = (i == j ? 1 : 0) - q;
            }
        }

        var start = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(channels + 1);
        start[0] = 1;
        return a.Transpose().LU().Solve(start).ToArray();
    }

    private static double[] Normalise(double[] weights)
    {
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    private static int Draw(double[] probabilities, Random random)
    {
        var u = random.NextDouble();
        var cumulative = 0d;
        for (var i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }
}
