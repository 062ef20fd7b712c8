using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests.Goals;

/// <summary>v_c, the value per conversion by channel (docs/MODEL.md section 5.1).</summary>
public sealed class ConversionValueTests
{
    [Fact]
    public void From_ThreeJourneys_MeanValueOfConvertedPathsContainingEachChannel()
    {
        // c1: Facebook > Email > Search, worth 100; c2 did not convert; c3: Email > Search, worth 50.
        var values = ConversionValues.From(CaseData.Load("a_three_journeys").Counts());
        Assert.Equal(100, values.For("Facebook"));
        Assert.Equal(75, values.For("Email"));
        Assert.Equal(75, values.For("Search"));
        Assert.Equal(75, values.RunMean);
        Assert.Equal(75, values.For("Instagram"));
    }

    [Fact]
    public void Counter_ChannelRepeatedInAJourney_CountsTheJourneyOnce()
    {
        var registry = new ChannelRegistry();
        var counter = new JourneyCounter(registry);
        var email = registry.GetOrAdd("Email");
        var search = registry.GetOrAdd("Search");
        counter.AddJourney(new[] { new Touch(1, 0, email, false, 0), new Touch(2, 1, email, false, 0), new Touch(3, 2, search, true, 40) });
        counter.AddJourney(new[] { new Touch(1, 0, search, true, 20) });
        counter.AddJourney(new[] { new Touch(1, 0, email, false, 0) });

        var paths = counter.ToCounts().ConvertedPaths;
        Assert.Equal([new ConvertedPathValue("Email", 1, 40), new ConvertedPathValue("Search", 2, 60)], paths);
    }

    [Fact]
    public void Sum_PartitionsOfCustomers_AddUpToTheWhole()
    {
        var data = CaseData.Load("a_three_journeys");
        var rows = data.JourneyRows();
        var whole = data.Counts();
        var parts = rows.GroupBy(r => r[0] == "c1").Select(g => data.Counts(rows: g)).ToArray();
        Assert.Equal(whole.ConvertedPaths, JourneyCounts.Sum(parts).ConvertedPaths);
    }
}
