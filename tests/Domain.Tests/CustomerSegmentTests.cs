using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>MODEL.md section 8: customer segments counted in the same pass, each exactly as its journeys alone.</summary>
public sealed class CustomerSegmentTests
{
    private static readonly string[] Segments = ["New", "Returning", "Loyal"];

    [Theory]
    [InlineData("New", "New")]
    [InlineData("  Loyal \t", "Loyal")]
    [InlineData("", CustomerSegment.None)]
    [InlineData("   ", CustomerSegment.None)]
    [InlineData(null, CustomerSegment.None)]
    [InlineData("returning", "returning")]
    public void Normalize_TrimsAndMapsEmptyToNone(string? raw, string expected) =>
        Assert.Equal(expected, CustomerSegment.Normalize(raw));

    [Fact]
    public void Require_TooLongOrNotUtf8_IsRefusedNamingTheColumn()
    {
        var tooLong = Assert.Throws<InputValidationException>(() => CustomerSegment.Require(new string('x', CustomerSegment.MaxLength + 1), "line 2"));
        Assert.Equal((Tables.Journeys, Tables.JourneyColumns.CustomerSegment), (tooLong.Table, tooLong.Column!));
        Assert.Contains("longer than 200 characters", tooLong.Message);
        var latin1 = Assert.Throws<InputValidationException>(() => CustomerSegment.Require("Fid\uFFFDle", "line 3"));
        Assert.Contains("not valid UTF-8", latin1.Message);
        Assert.Equal(new string('x', CustomerSegment.MaxLength), CustomerSegment.Require(new string('x', CustomerSegment.MaxLength), "line 4"));
    }

    [Fact]
    public void Registry_MoreThanFiftySegments_IsRefused()
    {
        var registry = new CustomerSegmentRegistry();
        for (var i = 1; i <= CustomerSegment.MaxDistinct; i++)
        {
            registry.IdOf($"s{i}", "row");
        }

        var error = Assert.Throws<InputValidationException>(() => registry.IdOf("one too many", "line 9"));
        Assert.Equal(Tables.JourneyColumns.CustomerSegment, error.Column);
        Assert.Contains("more than 50 distinct customer segments", error.Message);
    }

    [Theory]
    [MemberData(nameof(PropertyTests.Seeds), MemberType = typeof(PropertyTests))]
    public void Counter_EachSegment_EqualsACounterGivenOnlyItsJourneys(int seed)
    {
        var rows = RandomJourneys.Generate(600, seed);
        var whole = CountWithSegments(rows);
        var plain = RandomJourneys.Count(rows);

        // The totals are what a counter without segments makes, to the bit.
        Assert.Equal(plain.Transitions, whole.Transitions);
        Assert.Equal(plain.Heuristics, whole.Heuristics);
        Assert.Equal(plain.ConvertedValue, whole.ConvertedValue);
        Assert.Equal(Segments.Order(StringComparer.Ordinal), whole.CustomerSegments.Select(s => s.CustomerSegment));
        foreach (var segment in whole.CustomerSegments)
        {
            var alone = RandomJourneys.Count(rows.Where(r => SegmentOf(r.CustomerId) == segment.CustomerSegment));
            Assert.Equal(alone.Channels, segment.Counts.Channels);
            Assert.Equal(alone.Transitions, segment.Counts.Transitions);
            Assert.Equal(alone.Heuristics, segment.Counts.Heuristics);
            Assert.Equal((alone.Rows, alone.Journeys, alone.ConvertedJourneys, alone.ConvertedValue), (segment.Counts.Rows, segment.Counts.Journeys, segment.Counts.ConvertedJourneys, segment.Counts.ConvertedValue));
            Assert.Equal(MarkovAttribution.Compute(alone), MarkovAttribution.Compute(segment.Counts), new AttributionComparer());
        }

        // Additive as the totals are: two halves of the customers sum to the whole, segment by segment.
        var half = CountWithSegments(rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000300") < 0));
        var rest = CountWithSegments(rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000300") >= 0));
        var sum = JourneyCounts.Sum([half, rest]);
        Assert.Equal(whole.CustomerSegments.Select(s => (s.CustomerSegment, s.Counts.Journeys)), sum.CustomerSegments.Select(s => (s.CustomerSegment, s.Counts.Journeys)));
        Assert.Equal(whole.CustomerSegments.Select(s => s.Counts.Transitions.Sum(t => t.Count)), sum.CustomerSegments.Select(s => s.Counts.Transitions.Sum(t => t.Count)));
    }

    [Fact]
    public void Run_OneSegment_HasNoSegmentsAndTheSameSummaryBytes()
    {
        var rows = RandomJourneys.Generate(300, 5);
        var performance = RandomJourneys.Performance(5);
        var settings = RunSettings.Create([50_000]);
        var plain = MarkovEngine.Run(RandomJourneys.Count(rows), performance, settings);
        var oneSegment = MarkovEngine.Run(CountWithSegments(rows, _ => "Everyone"), performance, settings);

        Assert.Empty(oneSegment.CustomerSegments);
        var json = RunSummary.From(oneSegment).ToJsonBytes();
        Assert.Equal(RunSummary.From(plain).ToJsonBytes(), json);
        Assert.DoesNotContain("\"segments\"", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SegmentWithoutConversion_HasBaselineAndWeightsZeroAndAWarning()
    {
        var rows = RandomJourneys.Generate(300, 8);
        var counts = CountWithSegments(rows, id => rows.Any(r => r.CustomerId == id && r.Converted) ? "Buyers" : "Browsers");
        var outcome = MarkovEngine.Run(counts, RandomJourneys.Performance(8), RunSettings.Create([50_000]));

        var browsers = outcome.CustomerSegments.Single(s => s.CustomerSegment == "Browsers").Attribution;
        Assert.Equal(0, browsers.BaselineConversion);
        Assert.All(browsers.Channels, c => Assert.Equal((0d, 0d), (c.RemovalWeight, c.AttributedConversions)));
        Assert.Contains(outcome.Warnings, w => w.Contains("customer segment 'Browsers' has no converted journey", StringComparison.Ordinal));
        var buyers = outcome.CustomerSegments.Single(s => s.CustomerSegment == "Buyers").Attribution;
        Assert.Equal(1, buyers.BaselineConversion, 12);

        var summary = RunSummary.FromJson(RunSummary.From(outcome).ToJsonBytes());
        Assert.Equal(["Browsers", "Buyers"], summary.CustomerSegments!.Select(s => s.CustomerSegment));
        Assert.Equal(counts.Journeys, summary.CustomerSegments!.Sum(s => s.Journeys));
    }

    [Fact]
    public void Counter_JourneyInTwoSegments_CountsInItsFirstTouchsSegmentAndIsReported()
    {
        var channels = new ChannelRegistry();
        var segments = new CustomerSegmentRegistry();
        var counter = new JourneyCounter(channels, customerSegments: segments);
        var email = channels.GetOrAdd("Email");
        Touch[] journey =
        [
            new(2, 20, email, true, 10, segments.GetOrAdd("Returning")),
            new(1, 10, email, false, 0, segments.GetOrAdd("New")),
        ];
        counter.AddJourney(journey);
        counter.AddJourney(new Touch[] { new(1, 5, email, false, 0, segments.GetOrAdd("Returning")) });

        var counts = counter.ToCounts();
        Assert.Equal(1, counts.MixedCustomerSegmentJourneys);
        Assert.Equal([("New", 1L, 1L), ("Returning", 1L, 0L)], counts.CustomerSegments.Select(s => (s.CustomerSegment, s.Counts.Journeys, s.Counts.ConvertedJourneys)));
        var warnings = new List<string>();
        MarkovEngine.Steps.AttributeCustomerSegments(counts, warnings);
        Assert.Contains(warnings, w => w.Contains("1 journeys have rows in more than one customer segment", StringComparison.Ordinal));
    }

    private static string SegmentOf(string customerId) => Segments[int.Parse(customerId.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) % Segments.Length];

    private static JourneyCounts CountWithSegments(IEnumerable<JourneyRow> rows, Func<string, string>? segmentOf = null)
    {
        segmentOf ??= SegmentOf;
        var registry = new ChannelRegistry();
        var segments = new CustomerSegmentRegistry();
        var counter = new JourneyCounter(registry, customerSegments: segments);
        foreach (var journey in rows.GroupBy(r => r.CustomerId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var segment = segments.GetOrAdd(segmentOf(journey.Key));
            counter.AddJourney(journey.Select(r => new Touch(r.Step, r.TimestampTicks, registry.GetOrAdd(ChannelName.Normalize(r.Channel)), r.Converted, r.Value, segment)).ToArray());
        }

        return counter.ToCounts();
    }

    /// <summary>Attribution results compared by value (their lists are compared item by item).</summary>
    private sealed class AttributionComparer : IEqualityComparer<AttributionResult>
    {
        public bool Equals(AttributionResult? x, AttributionResult? y) =>
            x is not null && y is not null
            && (x.BaselineConversion, x.Journeys, x.ConvertedJourneys, x.ConvertedValue) == (y.BaselineConversion, y.Journeys, y.ConvertedJourneys, y.ConvertedValue)
            && x.Channels.SequenceEqual(y.Channels);

        public int GetHashCode(AttributionResult obj) => obj.Journeys.GetHashCode();
    }
}
