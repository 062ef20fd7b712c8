using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Bad input and configuration fail with a message that names what is wrong and where.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void ModeSpellings_ReadBackAsWritten_AnyCaseAndBlankMeansTheDefault()
    {
        foreach (var mode in Enum.GetValues<AlphaMode>())
        {
            Assert.Equal(mode, AlphaModeText.Parse($" {mode.Text().ToUpperInvariant()} ", "alpha_mode"));
        }

        foreach (var mode in Enum.GetValues<ResponseMode>())
        {
            Assert.Equal(mode, ResponseModeText.Parse(mode.Text(), "response_mode"));
        }

        Assert.Equal(["search", "fixed", "linear", "saturating"], [AlphaMode.Search.Text(), AlphaMode.Fixed.Text(), ResponseMode.Linear.Text(), ResponseMode.Saturating.Text()]);
        Assert.Equal(AlphaMode.Search, AlphaModeText.Parse("  ", "alpha_mode"));
        Assert.Equal(ResponseMode.Linear, ResponseModeText.Parse("", "response_mode"));
        Assert.Equal("response_mode must be 'linear' or 'saturating' or 'fitted', found 'curvy'", Assert.Throws<ConfigurationException>(() => ResponseModeText.Parse("curvy", "response_mode")).Message);
        Assert.Equal(["min_share", "max_share"], [ShareBound.AtLeast.Text(), ShareBound.AtMost.Text()]);
        Assert.Equal("[\"min_share\",\"max_share\"]", System.Text.Json.JsonSerializer.Serialize(new[] { ShareBound.AtLeast, ShareBound.AtMost }));
        // Files written before the bound had a name hold 0 and 1; they still read.
        Assert.Equal([ShareBound.AtLeast, ShareBound.AtMost], System.Text.Json.JsonSerializer.Deserialize<ShareBound[]>("[\"min_share\", 1]"));
    }

    [Theory]
    [InlineData("paid  search ", "Paid Search")]
    [InlineData("EMAIL", "Email")]
    [InlineData("e-mail", "E-mail")]
    [InlineData("\tOrganic   Search\t", "Organic Search")]
    [InlineData("   ", "")]
    public void Normalize_MessyName_GivesCanonicalName(string raw, string expected) =>
        Assert.Equal(expected, ChannelName.Normalize(raw));

    [Theory]
    [InlineData("2026-01-01 00:00:00+00", "2026-01-01T00:00:00.0000000Z")]
    [InlineData("2026-01-01 00:00:00.123456+01", "2025-12-31T23:00:00.1234560Z")]
    [InlineData("2026-01-01T00:00:00-0530", "2026-01-01T05:30:00.0000000Z")]
    [InlineData("2026-01-01 00:00:00+05:30", "2025-12-31T18:30:00.0000000Z")]
    [InlineData("2026-01-01 00:00+02", "2025-12-31T22:00:00.0000000Z")]
    [InlineData("2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00:00.1234567Z")]
    [InlineData("2026-01-01 00:00:00", "2026-01-01T00:00:00.0000000Z")]
    public void ParseTimestamp_IsoAndPostgresSpellings_GiveTheInstant(string text, string utc) =>
        Assert.Equal(
            DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal).Ticks,
            FieldParser.ParseTimestampUtcTicks(text, "customer_journeys", "timestamp", "line 2"));

    [Fact]
    public void Create_EmptyCostPerConversion_IsAccepted() =>
        Assert.Null(ChannelPerformanceTable.Create([new ChannelPerformance("Email", 1, 0, null, 0, 2, 1)]).Rows[0].CostPerConversion);

    [Fact]
    public void Create_CurrentSpendOutsideBounds_Warns()
    {
        var table = ChannelPerformanceTable.Create([new ChannelPerformance("Email", 5, 1, 1, 0, 2, 1), new ChannelPerformance("Search", 1, 1, 1, 3, 9, 1)]);

        Assert.Equal(
            ["channel_performance.current_monthly_spend: channel 'Email' spends 5 now, above its max_monthly_spend 2", "channel_performance.current_monthly_spend: channel 'Search' spends 1 now, below its min_monthly_spend 3"],
            table.Warnings);
    }

    [Fact]
    public void RequireColumns_ColumnNamedTwice_Fails()
    {
        var error = Assert.Throws<InputValidationException>(() => Tables.RequireColumns("channel_performance", ["channel", "CHANNEL"], ["channel"]));

        Assert.Equal("channel_performance.CHANNEL: the header names this column twice (example: header: 'channel,CHANNEL')", error.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("T", true)]
    [InlineData("1", true)]
    [InlineData("YES", true)]
    [InlineData("False", false)]
    [InlineData("f", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    public void ParseBoolean_AcceptedSpellings_Parse(string text, bool expected) =>
        Assert.Equal(expected, FieldParser.ParseBoolean(text, "customer_journeys", "converted", "line 2"));

    [Fact]
    public void ParseBoolean_Garbage_NamesTableColumnAndRow()
    {
        var error = Assert.Throws<InputValidationException>(() => FieldParser.ParseBoolean("maybe", "customer_journeys", "converted", "line 7: customer_id=c1"));
        Assert.Equal("customer_journeys.converted: 'maybe' is not a boolean (true/false, t/f, 1/0, yes/no) (example: line 7: customer_id=c1)", error.Message);
    }

    [Fact]
    public void ParseTimestamp_NoOffset_IsUtc()
    {
        var ticks = FieldParser.ParseTimestampUtcTicks("2024-01-01 06:30:00", "t", "timestamp", "r");
        Assert.Equal(new DateTime(2024, 1, 1, 6, 30, 0, DateTimeKind.Utc).Ticks, ticks);
        var withOffset = FieldParser.ParseTimestampUtcTicks("2024-01-01T08:30:00+02:00", "t", "timestamp", "r");
        Assert.Equal(ticks, withOffset);
    }

    [Fact]
    public void ParseTimestamp_Garbage_Fails() =>
        Assert.Contains("is not a timestamp", Assert.Throws<InputValidationException>(() => FieldParser.ParseTimestampUtcTicks("yesterday", "customer_journeys", "timestamp", "line 3")).Message);

    [Theory]
    [InlineData("0", "journey_step must be 1 or more, found 0")]
    [InlineData("-2", "journey_step must be 1 or more, found -2")]
    [InlineData("1.5", "'1.5' is not an integer")]
    public void ParseJourneyStep_BelowOneOrFractional_Fails(string text, string message) =>
        Assert.Contains(message, Assert.Throws<InputValidationException>(() => FieldParser.ParseJourneyStep(text, "customer_journeys", "journey_step", "line 4")).Message);

    [Theory]
    [InlineData("-5", "negative value -5")]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("NaN", "is not a finite number")]
    public void ParseNonNegative_Bad_Fails(string text, string message) =>
        Assert.Contains(message, Assert.Throws<InputValidationException>(() => FieldParser.ParseNonNegative(text, "channel_performance", "current_monthly_spend", "row 1")).Message);

    [Fact]
    public void Performance_DuplicateAfterNormalising_Fails()
    {
        var error = Assert.Throws<InputValidationException>(() => ChannelPerformanceTable.Create(
        [
            new ChannelPerformance("Email", 1, 1, 1, 0, 2, 1),
            new ChannelPerformance(" EMAIL ", 1, 1, 1, 0, 2, 1),
        ]));
        Assert.Equal("channel_performance", error.Table);
        Assert.Equal("channel", error.Column);
        Assert.Contains("'Email' is listed twice", error.Message);
    }

    [Fact]
    public void Performance_MinAboveMax_Fails()
    {
        var error = Assert.Throws<InputValidationException>(() => ChannelPerformanceTable.Create([new ChannelPerformance("Email", 1, 1, 1, 5000, 2000, 1)]));
        Assert.Contains("min_monthly_spend 5,000 is above max_monthly_spend 2,000", error.Message);
        Assert.Contains("channel='Email'", error.Message);
    }

    [Fact]
    public void Performance_NegativeSpend_Fails() =>
        Assert.Equal("current_monthly_spend", Assert.Throws<InputValidationException>(() => ChannelPerformanceTable.Create([new ChannelPerformance("Email", -1, 1, 1, 0, 2, 1)])).Column);

    [Fact]
    public void Performance_Empty_Fails() =>
        Assert.Contains("no rows", Assert.Throws<InputValidationException>(() => ChannelPerformanceTable.Create([])).Message);

    [Fact]
    public void RequireColumns_Missing_NamesTheColumn()
    {
        var error = Assert.Throws<InputValidationException>(() => Tables.RequireColumns("customer_journeys", ["customer_id", "channel"], Tables.JourneyColumns.Required));
        Assert.Equal("journey_step", error.Column);
    }

    [Fact]
    public void Attribution_NoConvertedJourney_FailsWithThatMessage()
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry);
        counter.AddJourney(new[] { new Touch(1, 0, registry.GetOrAdd("Email"), false, 0) });
        Assert.Contains("no converted journey", Assert.Throws<ModelException>(() => MarkovAttribution.Compute(counter.ToCounts())).Message);
    }

    [Fact]
    public void Constraints_ConfiguredGroupMatchingNoChannel_IsConfigurationError()
    {
        var configuration = ConstraintConfiguration.Parse("""{"constraints": [{"name": "Video", "channels": ["YouTube"], "min_share": 0.1}]}""");
        var error = Assert.Throws<ConfigurationException>(() => configuration.Resolve(["Email", "Paid Search"], new List<string>()));
        Assert.Contains("'Video' matches no channel", error.Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"constraints": [{"name": "X", "channels": ["Email"]}]}""", "needs min_share or max_share")]
    [InlineData("""{"constraints": [{"name": "X", "channels": ["Email"], "min_share": 1.5}]}""", "must be a number between 0 and 1")]
    [InlineData("""{"SOCIAL": ["Email"]}""", "unknown key 'SOCIAL'")]
    [InlineData("""{"PAID": []}""", "at least one channel")]
    public void Constraints_Malformed_SaysWhatIsWrong(string json, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigurationException>(() => ConstraintConfiguration.Parse(json)).Message);

    [Fact]
    public void Constraints_DefaultRuleMatchingNothing_IsDroppedWithWarning()
    {
        var warnings = new List<string>();
        var resolved = ConstraintConfiguration.Default.Resolve(["Email", "Display", "Search"], warnings);
        var rule = Assert.Single(resolved);
        Assert.Equal("Social+Display", rule.Name);
        Assert.Equal(["Display"], rule.Channels);
        Assert.Contains(warnings, w => w.Contains("default constraint Paid dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Constraints_ShortFormWithOneKey_KeepsTheOtherDefault()
    {
        var resolved = ConstraintConfiguration.Parse("""{"PAID": ["search"]}""").Resolve(["Search", "Paid Social", "Email"], new List<string>());
        Assert.Equal(["Search"], resolved.Single(c => c.Name == "Paid").Channels);
        Assert.Equal(0.30, resolved.Single(c => c.Name == "Paid").Share);
        Assert.Equal(["Paid Social"], resolved.Single(c => c.Name == "Social+Display").Channels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(double.NaN)]
    public void Settings_NonPositiveBudget_IsConfigurationError(double budget) =>
        Assert.Throws<ConfigurationException>(() => RunSettings.Create([budget]).Validate());
}
