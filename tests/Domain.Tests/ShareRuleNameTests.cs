using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests;

public sealed class ShareRuleNameTests
{
    [Theory]
    [InlineData(Goal.Conversions, "Paid ≥ 30 % of the budget")]
    [InlineData(Goal.Value, "Paid ≥ 30 % of the budget")]
    [InlineData(Goal.Profit, "Paid ≥ 30 % of the spend used")]
    [InlineData(Goal.TargetCpa, "Paid ≥ 30 % of the spend used")]
    [InlineData(Goal.TargetRoas, "Paid ≥ 30 % of the spend used")]
    [InlineData(Goal.TargetConversions, "Paid ≥ 30 % of the spend used")]
    public void Describe_UnderEachGoal_SaysWhatTheShareIsOf(Goal goal, string expected) =>
        Assert.Equal(expected, new ShareConstraint("Paid", ["Paid Search"], ShareBound.AtLeast, 0.30).Describe(goal));

    [Fact]
    public void Parse_PrintableMarkupName_IsKeptAsWritten()
    {
        // Markup is printable: the notification escapes it, the parser does not refuse it.
        var rules = ConstraintConfiguration.Parse("""{"constraints": [{"name": "<!channel> <https://evil.example|x>", "channels": ["Paid Search"], "min_share": 0.2}]}""");

        Assert.Equal("<!channel> <https://evil.example|x>", Assert.Single(rules.Rules).Name);
    }

    [Fact]
    public void Parse_NameOfOneHundredAndOneCharacters_IsRefusedNamingTheLimit()
    {
        var name = new string('n', ConstraintConfiguration.MaxNameLength + 1);

        var error = Assert.Throws<ConfigurationException>(() => ConstraintConfiguration.Parse($$"""{"constraints": [{"name": "{{name}}", "channels": ["Paid Search"], "min_share": 0.2}]}"""));

        Assert.StartsWith("constraints[0].name: 'nnnn", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("is longer than 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal("n", ConstraintConfiguration.Parse("""{"constraints": [{"name": "n", "channels": ["Paid Search"], "min_share": 0.2}]}""").Rules[0].Name);
    }

    [Theory]
    [InlineData("Paid\\nSearch", "U+000A at position 5")]
    [InlineData("Paid\\u202Eevil", "U+202E at position 5")]
    public void Parse_NameWithACharacterThatDoesNotPrint_IsRefusedNamingIt(string jsonName, string where)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConstraintConfiguration.Parse($$"""{"constraints": [{"name": "{{jsonName}}", "channels": ["Paid Search"], "min_share": 0.2}]}"""));

        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("constraints[0].name:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameWithALoneSurrogate_IsAConfigurationErrorNotACrash()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConstraintConfiguration.Parse("""{"constraints": [{"name": "Paid\ud800x", "channels": ["Paid Search"], "min_share": 0.2}]}"""));

        Assert.Equal("constraints[0].name: \"Paid\\ud800x\" is not valid text (half of a UTF-16 surrogate pair)", error.Message);
    }
}
