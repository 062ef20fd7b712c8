using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Channel names that are states of the chain, and messages cut without breaking a character.</summary>
public sealed class InputRuleTests
{
    [Theory]
    [InlineData("(null)", "(null)")]
    [InlineData(" (NULL) ", "(null)")]
    [InlineData("(Start)", "(start)")]
    [InlineData("(conversion)", "(conversion)")]
    public void RequireChannel_StateName_RefusedNamingTableColumnAndRow(string raw, string state)
    {
        var refused = Assert.Throws<InputValidationException>(() => FieldParser.RequireChannel(raw, "customer_journeys", "channel", "line 3: channel='x'"));

        Assert.Equal(
            $"customer_journeys.channel: channel '{state}' is the name of a state of the chain ((start), (conversion), (null)); rename it in the data (example: line 3: channel='x')",
            refused.Message);
    }

    [Theory]
    [InlineData("(not set)", "(not Set)")]
    [InlineData("(none)", "(none)")]
    [InlineData("null", "Null")]
    public void RequireChannel_GaPlaceholders_StayChannels(string raw, string channel) =>
        Assert.Equal(channel, FieldParser.RequireChannel(raw, "customer_journeys", "channel", "line 2"));

    [Fact]
    public void Truncate_CutAtASurrogatePair_KeepsThePairWhole()
    {
        // 1,959 ASCII characters then emoji: the cut at 1,960 falls between an emoji's two halves.
        var message = new string('a', 1_959) + string.Concat(Enumerable.Repeat("😀", 100));

        var cut = InputValidationException.Truncate(message);

        Assert.True(cut.Length <= InputValidationException.MaxMessageLength);
        Assert.Equal(new string('a', 1_959) + "… (2,159 characters in all)", cut);
        AssertWholeCharacters(cut);
    }

    [Fact]
    public void Shown_CutAtASurrogatePair_KeepsThePairWhole()
    {
        var shown = FieldParser.Shown(new string('b', 99) + string.Concat(Enumerable.Repeat("𝄞", 10)));

        Assert.Equal($"'{new string('b', 99)}…' (119 characters)", shown);
        AssertWholeCharacters(shown);
    }

    [Fact]
    public void Shown_EveryCutPosition_NeverLeavesHalfACharacter()
    {
        for (var ascii = 90; ascii <= 101; ascii++)
        {
            AssertWholeCharacters(FieldParser.Shown(new string('c', ascii) + string.Concat(Enumerable.Repeat("😀", 30))));
        }
    }

    private static void AssertWholeCharacters(string text)
    {
        // Strict UTF-8 encoding throws on a lone surrogate.
        _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
    }
}
