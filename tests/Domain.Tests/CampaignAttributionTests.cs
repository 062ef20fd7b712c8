using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.Tests;

/// <summary>docs/MODEL.md section 10: the campaign chain, its states the (channel, campaign) pairs.</summary>
public sealed class CampaignAttributionTests
{
    [Theory]
    [InlineData("Spring Sale", "Spring Sale")]
    [InlineData("  spring   SALE \t", "Spring Sale")]
    [InlineData("", Campaign.None)]
    [InlineData("   ", Campaign.None)]
    [InlineData(null, Campaign.None)]
    public void Normalize_AsChannelsAreAndBlankIsNone(string? raw, string expected) =>
        Assert.Equal(expected, Campaign.Normalize(raw));

    [Fact]
    public void Key_SplitsBackIntoChannelAndCampaign_AndSortsByChannelFirst()
    {
        Assert.Equal(("Paid Search", "Brand / Exact"), Campaign.Split(Campaign.Key("Paid Search", "Brand / Exact")));
        // "Tv" sorts before "Tv2" as channels do, whatever the campaigns.
        Assert.True(string.CompareOrdinal(Campaign.Key("Tv", "Zz"), Campaign.Key("Tv2", "Aa")) < 0);
        Assert.Equal("Email / Spring", Campaign.Shown(Campaign.Key("Email", "Spring")));
    }

    [Fact]
    public void Registry_MoreThanMaxDistinctPairs_IsRefusedNamingTheNumberAndTheColumn()
    {
        var registry = new CampaignRegistry();
        for (var i = 0; i < Campaign.MaxDistinct; i++)
        {
            registry.IdOf("Email", $"C{i}");
        }

        // A pair seen before is no new state.
        Assert.Equal(7, registry.IdOf("Email", "C7"));
        var error = Assert.Throws<InputValidationException>(() => registry.IdOf("Display", "C7"));
        Assert.Equal((Tables.Journeys, Tables.JourneyColumns.Campaign), (error.Table, error.Column!));
        Assert.Contains("more than 5,000 distinct (channel, campaign) pairs", error.Message);
        Assert.Contains("'Display'", error.Message);
    }

    [Fact]
    public void Require_TooLongOrNotUtf8_IsRefusedNamingTheColumn()
    {
        var tooLong = Assert.Throws<InputValidationException>(() => Campaign.Require(new string('x', Campaign.MaxLength + 1), "line 2"));
        Assert.Equal(Tables.JourneyColumns.Campaign, tooLong.Column);
        Assert.Contains("longer than 200 characters", tooLong.Message);
        var latin1 = Assert.Throws<InputValidationException>(() => Campaign.Require("Fid\uFFFDle", "line 3"));
        Assert.Contains("not valid UTF-8", latin1.Message);
    }

    [Theory]
    [MemberData(nameof(PropertyTests.Seeds), MemberType = typeof(PropertyTests))]
    public void Compute_OneCampaignPerChannel_EqualsTheChannelTableTo1e12(int seed)
    {
        var rows = RandomJourneys.Generate(800, seed);
        var counts = Count(rows, r => r.Channel + " Always On");
        var channels = MarkovAttribution.Compute(counts);
        var campaigns = CampaignAttribution.Compute(counts.Campaigns!);

        Assert.Equal(channels.BaselineConversion, campaigns.BaselineConversion, 1e-12);
        Assert.Equal(channels.Channels.Select(c => c.Channel), campaigns.Campaigns.Select(c => c.Channel));
        Assert.All(campaigns.Campaigns, c => Assert.Equal(c.Channel + " Always On", c.Campaign));
        foreach (var (channel, campaign) in channels.Channels.Zip(campaigns.Campaigns))
        {
            Assert.Equal(channel.RemovalEffect, campaign.RemovalEffect, 1e-12);
            Assert.Equal(channel.RemovalWeight, campaign.RemovalWeight, 1e-12);
            Assert.Equal(channel.AttributedConversions, campaign.AttributedConversions, 1e-9);
            Assert.Equal(channel.AttributedValue, campaign.AttributedValue, 1e-9);
            Assert.Equal((channel.FirstTouch, channel.LastTouch, channel.Linear), (campaign.FirstTouch, campaign.LastTouch, campaign.Linear));
            Assert.Equal(channel.TimeDecay, campaign.TimeDecay, 1e-12);
        }
    }

    [Fact]
    public void Counter_WithCampaigns_LeavesTheChannelCountsAsTheyWere()
    {
        var rows = RandomJourneys.Generate(500, 7);
        var with = Count(rows, r => r.Step % 2 == 0 ? "Even" : "Odd");
        var without = RandomJourneys.Count(rows);
        Assert.Null(without.Campaigns);
        Assert.Equal(without.Transitions, with.Transitions);
        Assert.Equal(without.Heuristics, with.Heuristics);
        Assert.Equal(without.ConvertedPaths, with.ConvertedPaths);
        Assert.Equal((without.Rows, without.Journeys, without.ConvertedJourneys), (with.Campaigns!.Rows, with.Campaigns.Journeys, with.Campaigns.ConvertedJourneys));
    }

    [Fact]
    public void Sum_TwoHalvesOfTheCustomers_IsTheWholeCampaignCount()
    {
        var rows = RandomJourneys.Generate(600, 3);
        Func<JourneyRow, string> campaign = r => r.Step <= 2 ? "Launch" : "Retarget";
        var whole = Count(rows, campaign);
        var sum = JourneyCounts.Sum([
            Count(rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000300") < 0), campaign),
            Count(rows.Where(r => string.CompareOrdinal(r.CustomerId, "cust000300") >= 0), campaign)]);
        Assert.Equal(whole.Campaigns!.Channels, sum.Campaigns!.Channels);
        Assert.Equal(whole.Campaigns.Transitions, sum.Campaigns.Transitions);
        Assert.Equal(whole.Campaigns.Journeys, sum.Campaigns.Journeys);
    }

    /// <summary>
    /// A small case solved independently: the campaign chain written as state lists and solved densely by
    /// Math.NET (<see cref="SimpleJourneys.IndependentConversionProbability"/>), one removal at a time.
    /// Campaign "Spring" runs under Email and under Search: two states, as section 10 says.
    /// </summary>
    [Fact]
    public void Compute_KnownSmallCase_MatchesAnIndependentDenseSolveAndKeysMovingCampaignsByChannel()
    {
        (string Channel, string Campaign)[][] paths =
        [
            [("Email", "Spring"), ("Search", "Brand")],
            [("Email", "Spring"), ("Search", "Spring")],
            [("Email", "Winter"), ("Display", "Banner")],
            [("Search", "Spring")],
            [("Display", "Banner"), ("Email", "Spring"), ("Search", "Brand")],
            [("Search", "Brand"), ("Email", "Winter")],
            [("Display", "Banner")],
            [("Email", "Winter"), ("Search", "Spring"), ("Email", "Spring")],
        ];
        bool[] converted = [true, true, false, true, true, false, false, true];
        var counts = CountPaths(paths, converted);
        var result = CampaignAttribution.Compute(counts.Campaigns!);

        string[] keys = ["Display\tBanner", "Email\tSpring", "Email\tWinter", "Search\tBrand", "Search\tSpring"];
        Assert.Equal(keys, result.Campaigns.Select(c => Campaign.Key(c.Channel, c.Campaign)));
        var journeys = paths.Select((p, j) => (p.Select(t => Campaign.Key(t.Channel, t.Campaign)).ToArray(), converted[j])).ToArray();
        var baseline = SimpleJourneys.IndependentConversionProbability(journeys, 1);
        Assert.Equal(baseline, result.BaselineConversion, 1e-12);
        var effects = keys.Select(k => 1 - (SimpleJourneys.IndependentConversionProbability(journeys, 1, k) / baseline)).ToArray();
        var total = effects.Select(e => Math.Max(0, e)).Sum();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(effects[i], result.Campaigns[i].RemovalEffect, 1e-12);
            Assert.Equal(Math.Max(0, effects[i]) / total * 5, result.Campaigns[i].AttributedConversions, 1e-12);
        }

        var moved = Assert.Single(result.UnderSeveralChannels());
        Assert.Equal("Spring", moved.Campaign);
        Assert.Equal(["Email", "Search"], moved.Channels);
        var warnings = new List<string>();
        MarkovEngine.Steps.AttributeCampaigns(counts, warnings);
        Assert.Contains(warnings, w => w.Contains("'Spring' under Email, Search", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_ChainRefused_NamesTheCampaignColumnAndChain()
    {
        var counts = CountPaths([[("Email", "Spring")], [("Search", "Brand")]], [false, false]);
        var error = Assert.Throws<ModelException>(() => CampaignAttribution.Compute(counts.Campaigns!));
        Assert.StartsWith("customer_journeys.campaign: the campaign chain (2 (channel, campaign) states) cannot be attributed: no converted journey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_BandAboveLimitOnTheCampaignChain_NamesOnlyTheCampaignColumn()
    {
        var error = Assert.Throws<ModelException>(() => CampaignAttribution.Compute(DenseCounts(c => Campaign.Key("Email", $"C{c}"))));
        Assert.Equal(
            "customer_journeys.campaign: the transitions between the 1,001 (channel, campaign) states of the campaign chain need a band of 2,001 per state (2,003,001 cells), above the 2,000,000 supported: about 1,000 channels that all follow each other, or up to 5,000 campaigns each followed by a few others",
            error.Message);
        Assert.DoesNotContain("customer_journeys.channel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_BandAboveLimitOnTheChannelChain_NamesTheChannelColumn()
    {
        var error = Assert.Throws<ModelException>(() => MarkovAttribution.Compute(DenseCounts(c => $"Channel {c}")));
        Assert.StartsWith("customer_journeys.channel: the transitions between the 1,001 channels (states) need a band of 2,001 per state", error.Message, StringComparison.Ordinal);
    }

    /// <summary>1,001 states that all follow each other: 1,001 × 2,001 band cells, just above the 2,000,000 supported.</summary>
    private static JourneyCounts DenseCounts(Func<int, string> state)
    {
        const int states = 1_001;
        var names = Enumerable.Range(0, states).Select(state).Order(StringComparer.Ordinal).ToArray();
        var transitions = new List<TransitionCount>(states * (states + 2));
        foreach (var from in names)
        {
            transitions.Add(new(States.Start, from, 1));
            transitions.Add(new(from, States.Conversion, 1));
            transitions.AddRange(names.Select(to => new TransitionCount(from, to, 1)));
        }

        return new JourneyCounts(names, transitions, [], states, states, states, 0, 7);
    }

    [Fact]
    public void TopByChannel_KeepsTheMostCreditedCampaignsOfEachChannel()
    {
        CampaignCredit Credit(string channel, string campaign, double conversions) => new(channel, campaign, 0, 0, conversions, 0, 0, 0, 0, 0, 0);
        var attribution = new CampaignAttribution(0.5, 10, 5, [Credit("Email", "A", 1), Credit("Email", "B", 3), Credit("Email", "C", 2), Credit("Search", "D", 0)], []);
        var top = attribution.TopByChannel(2);
        Assert.Equal(["Email", "Search"], top.Select(t => t.Channel));
        Assert.Equal(3, top[0].Campaigns);
        Assert.Equal(["B", "C"], top[0].Top.Select(c => c.Campaign));
        Assert.Equal(["D"], top[1].Top.Select(c => c.Campaign));
    }

    private static JourneyCounts Count(IEnumerable<JourneyRow> rows, Func<JourneyRow, string> campaignOf)
    {
        var channels = new ChannelRegistry();
        var campaigns = new CampaignRegistry();
        var counter = new JourneyCounter(channels, campaigns: campaigns);
        foreach (var journey in rows.GroupBy(r => r.CustomerId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var touches = journey.Select(r =>
            {
                var channel = ChannelName.Normalize(r.Channel);
                return new Touch(r.Step, r.TimestampTicks, channels.GetOrAdd(channel), r.Converted, r.Value, CampaignId: (ushort)campaigns.IdOf(channel, Campaign.Normalize(campaignOf(r))));
            }).ToArray();
            counter.AddJourney(touches);
        }

        return counter.ToCounts();
    }

    private static JourneyCounts CountPaths((string Channel, string Campaign)[][] paths, bool[] converted)
    {
        var channels = new ChannelRegistry();
        var campaigns = new CampaignRegistry();
        var counter = new JourneyCounter(channels, campaigns: campaigns);
        for (var j = 0; j < paths.Length; j++)
        {
            var path = paths[j];
            var touches = path.Select((t, i) => new Touch(i + 1, i, channels.GetOrAdd(t.Channel), converted[j] && i == path.Length - 1, 0, CampaignId: (ushort)campaigns.IdOf(t.Channel, t.Campaign))).ToArray();
            counter.AddJourney(touches, SimpleJourneys.HashOf(j));
        }

        return counter.ToCounts();
    }
}
