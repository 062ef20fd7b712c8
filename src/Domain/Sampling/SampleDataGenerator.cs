using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Sampling;

/// <summary>One generated row of <c>customer_journeys</c>.</summary>
public readonly record struct SampleJourneyRow(
    string CustomerId, int JourneyStep, string Channel, DateTime TimestampUtc, bool Converted, double ConversionValue, string CustomerSegment);

/// <summary>
/// Synthetic journeys simulated from a known order-1 chain over realistic channels, with a channel
/// performance table consistent with them and the chain's true removal effects, so that attribution
/// can be checked against the truth. Deterministic for a seed; rows of one customer are contiguous.
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

    // Bounds around current spend, as a guardrail a marketing team would set.
    private const double MinSpendFactor = 0.5;
    private const double MaxSpendFactor = 2.0;

    // Platforms over- or under-credit themselves by up to 20 %; their conversion rates carry up to 10 % noise.
    private const double PlatformBias = 0.2;
    private const double RateNoise = 0.1;

    private static readonly string[] Segments = ["New", "Returning", "Loyal"];
    private static readonly DateTime Origin = new(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int MaxJourneyLength = 60;

    private readonly double[][] _transitions;

    public SampleDataGenerator(int seed) => (Seed, _transitions) = (seed, BuildTransitions());

    public int Seed { get; }

    /// <summary>The chain the journeys are drawn from: rows (start) and each channel; columns the channels, then (conversion), (null).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Transitions => _transitions;

    /// <summary>Journeys of <paramref name="customers"/> customers, generated lazily.</summary>
    public IEnumerable<SampleJourneyRow> Journeys(int customers)
    {
        var random = new Random(Seed);
        var channels = ChannelNames.Count;
        for (var customer = 0; customer < customers; customer++)
        {
            var id = $"C{customer:D8}";
            var segment = Segments[random.Next(Segments.Length)];
            var time = Origin.AddSeconds(random.Next(0, 90 * 86_400));
            var state = Draw(_transitions[0], random);
            for (var step = 1; ; step++)
            {
                var next = step == MaxJourneyLength ? channels + 1 : Draw(_transitions[state + 1], random);
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
            var spend = Math.Max(1, Math.Round(CurrentSpend[i] * customers / 20_000.0));
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

    /// <summary>The exact Markov attribution of the chain itself: what a large sample converges to.</summary>
    public AttributionResult TrueAttribution()
    {
        // Counts proportional to the probabilities give the chain's own transition matrix.
        const double scale = 1e12;
        var transitions = new List<TransitionCount>();
        var channels = ChannelNames.Count;
        for (var from = 0; from <= channels; from++)
        {
            var fromName = from == 0 ? States.Start : ChannelNames[from - 1];
            for (var to = 0; to < channels + 2; to++)
            {
                var count = (long)Math.Round(_transitions[from][to] * scale);
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

    private static double[][] BuildTransitions()
    {
        var channels = ChannelNames.Count;
        var rows = new double[channels + 1][];
        rows[0] = [.. Normalise(StartWeights), 0, 0];
        for (var c = 0; c < channels; c++)
        {
            var move = 1 - ConvertAfter[c] - DropAfter[c];
            var next = Normalise(NextWeights);
            rows[c + 1] = [.. next.Select(w => w * move), ConvertAfter[c], DropAfter[c]];
        }

        return rows;
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
