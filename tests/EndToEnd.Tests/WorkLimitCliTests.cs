using static MarkovFunctions.EndToEnd.Tests.BadInputTests;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// The work limits, budget floor and state-name channels on the `markov` command line: exit 2 with a
/// message naming the option, or the table, column and row; never exit 1, no stack trace, no run folder.
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class WorkLimitCliTests : IDisposable
{
    private readonly string _work = MarkovCli.TempPath("limits");

    public WorkLimitCliTests() => Directory.CreateDirectory(_work);

    private string Output => Path.Combine(_work, "out");

    public void Dispose() => CsvRunTests.Delete(_work);

    public static TheoryData<string, string, string[], string> Refusals => new()
    {
        { "budget 1e-300", "1e-300", [], "budgets: 1E-300 is below 1E-06, the smallest accepted" },
        { "51 budgets", string.Join(",", Enumerable.Range(1, 51).Select(b => b * 100)), [], "budgets: 51 budgets is more than 50, the most one run solves" },
        { "201 segments", "3000", ["--response", "saturating", "--segments", "201"], "segments: 201 is outside 1 to 200, the pieces accepted per saturating curve" },
        { "10,001 intervals", "3000", ["--intervals", "10001"], "intervals: 10,001 is outside 0 (off) to 10,000, the replicates accepted" },
        {
            "intervals x budgets x segments", "3000,4000,5000", ["--response", "saturating", "--segments", "200", "--intervals", "1000"],
            "intervals: intervals × budgets × segments = 1,000 × 3 × 200 = 600,000 is above 400,000"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Run_OverALimit_ExitTwoNamingTheOption(string kind, string budgets, string[] extra, string message)
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance, budgets, extra);

        AssertRefused(result, message, kind);
    }

    [Theory]
    [InlineData("(null)", "(null)")]
    [InlineData("(Conversion)", "(conversion)")]
    [InlineData("(start)", "(start)")]
    public async Task Run_JourneyChannelNamedLikeAState_ExitTwoNamingTableColumnAndRow(string raw, string state)
    {
        var result = await RunAsync(GoodJourneys.Replace("zz-cust-2,1,Paid Search", $"zz-cust-2,1,{raw}"), GoodPerformance);

        AssertRefused(result, $"customer_journeys.channel: channel '{state}' is the name of a state of the chain ((start), (conversion), (null)); rename it in the data (example: line 4:", raw);
    }

    [Fact]
    public async Task Run_PerformanceChannelNamedLikeAState_ExitTwoNamingTableColumnAndRow()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance + "(null),100,1,100,0,200,1\n");

        AssertRefused(result, "channel_performance.channel: channel '(null)' is the name of a state of the chain ((start), (conversion), (null)); rename it in the data (example: line 4:", "performance");
    }

    [Fact]
    public async Task Run_GaPlaceholderChannels_AreChannels()
    {
        var journeys = GoodJourneys.Replace("zz-cust-1,1,Email", "zz-cust-1,1,(not set)").Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,(none)");

        var result = await RunAsync(journeys, GoodPerformance);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("warning: channel '(not Set)'", result.Stdout);
    }

    private async Task<MarkovCli.Result> RunAsync(string journeys, string performance, string budgets = "3000", params string[] extra)
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "journeys.csv"), journeys);
        await File.WriteAllTextAsync(Path.Combine(_work, "channel_performance.csv"), performance);
        return await InProcessCli.RunCsvAsync(_work, budgets, extra);
    }

    private void AssertRefused(MarkovCli.Result result, string message, string kind)
    {
        Assert.True(result.ExitCode == 2, $"{kind}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.StartsWith("error: " + message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.False(Directory.Exists(Output), $"{kind}: a run folder was left behind");
    }
}
