using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Configuration;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class RunRequestTests
{
    private static readonly RunOptions Defaults = new() { ["Budgets"] = "30000,60000" };
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_EmptyBody_KeepsConfiguredDefaults()
    {
        var parameters = RunRequest.Parse(null, Defaults, Now);
        Assert.Equal([30000.0, 60000.0], parameters.Budgets);
        Assert.Equal(AlphaMode.Search, parameters.AlphaMode);
        Assert.Null(parameters.Window);
        // Run__IntervalReplicates and Run__IntervalSeed default to 200 and 15.
        Assert.Equal(new Domain.Uncertainty.IntervalSettings(200, 15), parameters.Intervals);
    }

    [Fact]
    public void Parse_Intervals_OverrideTheConfiguredBootstrap()
    {
        var parameters = RunRequest.Parse("{\"intervals\": 0, \"interval_seed\": 99}", Defaults, Now);
        Assert.Equal(0, parameters.IntervalReplicates);
        Assert.Equal(99, parameters.IntervalSeed);
        Assert.False(parameters.ToSettings().Intervals.Enabled);
    }

    [Theory]
    [InlineData("{\"order\": 3}", "3")]
    [InlineData("{\"order\": \"2\"}", "2")]
    [InlineData("{\"order\": \"auto\"}", "auto")]
    public void Parse_Order_SetsTheChainsOrder(string body, string expected) =>
        Assert.Equal(expected, RunRequest.Parse(body, Defaults, Now).Order.ToString());

    [Theory]
    [InlineData("{\"order\": 5}")]
    [InlineData("{\"order\": \"five\"}")]
    public void Parse_OrderOutOfRange_IsRefusedNamingTheField(string body) =>
        Assert.Contains("order", Record.Exception(() => RunRequest.Parse(body, Defaults, Now))!.Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_FullBody_OverridesEachField()
    {
        const string body = """
            {"budgets": [45000], "alpha": 0.4, "constraints": {"PAID": ["Search"]}, "lookback_days": 90,
             "as_of": "2026-11-01T00:00:00Z", "response_mode": "saturating", "segments": 32}
            """;
        var parameters = RunRequest.Parse(body, Defaults, Now);
        Assert.Equal([45000.0], parameters.Budgets);
        Assert.Equal(AlphaMode.Fixed, parameters.AlphaMode);
        Assert.Equal(0.4, parameters.AlphaFixed);
        // Parsed once, here at the edge; the text as written is kept for the run manifest.
        Assert.Equal("""{"PAID": ["Search"]}""", parameters.Constraints!.Source);
        Assert.Equal(["Search"], parameters.Constraints.Rules.Single(r => r.Name == ConstraintConfiguration.PaidName).Channels);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), parameters.Window!.AsOf);
        Assert.Equal(new DateTimeOffset(2026, 8, 3, 0, 0, 0, TimeSpan.Zero), parameters.Window.From);
        Assert.Equal(ResponseMode.Saturating, parameters.ResponseMode);
        Assert.Equal(32, parameters.Segments);
    }

    [Theory]
    [InlineData("{\"budgets\": [\"lots\"]}", "budgets: \"lots\" is not a positive number")]
    [InlineData("{\"budgets\": []}", "budgets must be a non-empty list")]
    [InlineData("{\"budget\": 5}", "unknown field 'budget'")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"alpha_mode\": \"best\"}", "alpha_mode must be 'search' or 'fixed'")]
    [InlineData("{\"constraints\": {\"SOCIAL\": []}}", "unknown key 'SOCIAL'")]
    [InlineData("{\"as_of\": \"2026-01-01\"}", "as_of needs lookback_days")]
    [InlineData("{\"intervals\": 20000}", "intervals")]
    [InlineData("{\"intervals\": 1.5}", "intervals")]
    public void Parse_BadBody_SaysWhatIsWrong(string body, string message)
    {
        var error = Record.Exception(() => RunRequest.Parse(body, Defaults, Now));
        Assert.True(error is FormatException or ConfigurationException, error?.GetType().Name);
        Assert.Contains(message, error!.Message);
    }

    [Fact]
    public void Parse_MalformedJson_IsAJsonError() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => RunRequest.Parse("{budgets:", Defaults, Now));

    [Theory]
    [InlineData("{\"budgets\": [-5]}", "budgets: -5 is not a positive number")]
    [InlineData("{\"budgets\": [2e15]}", "budgets: 2000000000000000 is above 1E+15, the largest accepted")]
    [InlineData("{\"budgets\": [10, 10]}", "budgets: 10 is listed twice")]
    public void Validate_BudgetTheParserAccepted_IsCheckedOnceByTheDomainRule(string body, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => RunRequest.Parse(body, Defaults, Now).Validate()).Message);

    [Fact]
    public void Validate_FixedAlphaOutOfRange_IsConfigurationError() =>
        Assert.Contains("fixed alpha 1.5 must lie in [0, 1]", Assert.Throws<ConfigurationException>(() => RunRequest.Parse("{\"alpha\": 1.5}", Defaults, Now).Validate()).Message);

    [Fact]
    public void Validate_AlphaWithSearchMode_IsRefusedAsTheCliRefusesIt() =>
        Assert.Equal(
            "alpha 0.4 is used only with alpha mode fixed; alpha mode search picks alpha itself (leave out one of the two)",
            Assert.Throws<ConfigurationException>(() => RunRequest.Parse("{\"alpha\": 0.4, \"alpha_mode\": \"search\"}", Defaults, Now).Validate()).Message);

    [Fact]
    public void Parse_SearchModeOverConfiguredFixedAlpha_DropsTheConfiguredAlpha()
    {
        var fixedDefaults = new RunOptions { ["Budgets"] = "30000", ["AlphaMode"] = "fixed", ["AlphaFixed"] = "0.3" };
        var parameters = RunRequest.Parse("{\"alpha_mode\": \"search\"}", fixedDefaults, Now);
        parameters.Validate();
        Assert.Equal(AlphaMode.Search, parameters.AlphaMode);
        Assert.Null(parameters.AlphaFixed);
    }
}
