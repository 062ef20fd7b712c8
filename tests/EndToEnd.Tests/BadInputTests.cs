namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Each kind of bad input gets its own clear message (table, column, example) and exit code 2, and no run folder.</summary>
public sealed class BadInputTests
{
    internal const string JourneysHeader = "customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment";
    internal const string GoodJourneys = JourneysHeader + "\nzz-cust-1,1,Email,2024-01-01T00:00:00Z,0,0,New\nzz-cust-1,2,Paid Search,2024-01-02T00:00:00Z,1,50,New\nzz-cust-2,1,Paid Search,2024-01-03T00:00:00Z,0,0,New\n";
    internal const string PerformanceHeader = "channel,current_monthly_spend,conversions_attributed,cost_per_conversion,min_monthly_spend,max_monthly_spend,conversion_rate_per_1000";
    internal const string GoodPerformance = PerformanceHeader + "\nEmail,1000,10,100,0,2000,10\nPaid Search,5000,20,250,0,10000,4\n";

    public static IEnumerable<object[]> BadInputs =>
    [
        ["missing column", JourneysHeader.Replace(",journey_step", "") + "\nzz-cust-1,Email,2024-01-01T00:00:00Z,1,0,New\n", GoodPerformance, null!, "customer_journeys.journey_step: required column is missing"],
        ["journey_step below 1", GoodJourneys.Replace("zz-cust-2,1,", "zz-cust-2,0,"), GoodPerformance, null!, "customer_journeys.journey_step: journey_step must be 1 or more, found 0 (example: line 4:"],
        ["null channel", GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,"), GoodPerformance, null!, "customer_journeys.channel: channel is null or empty (example: line 4:"],
        ["duplicate performance channel", GoodJourneys, GoodPerformance + " EMAIL ,1,1,1,0,2,1\n", null!, "channel_performance.channel: channel 'Email' is listed twice"],
        ["min above max", GoodJourneys, GoodPerformance.Replace("Email,1000,10,100,0,2000", "Email,1000,10,100,3000,2000"), null!, "channel_performance.min_monthly_spend: min_monthly_spend 3,000 is above max_monthly_spend 2,000"],
        ["negative spend", GoodJourneys, GoodPerformance.Replace("Email,1000,", "Email,-1000,"), null!, "channel_performance.current_monthly_spend: negative value -1000"],
        ["subnormal spend (divides to infinity)", GoodJourneys, GoodPerformance.Replace("Email,1000,", "Email,1e-320,"), null!, "channel_performance.current_monthly_spend: 1E-320 is below 1E-06, the smallest non-zero value accepted"],
        ["tiny conversion value", GoodJourneys.Replace(",1,50,", ",1,0.0000001,"), GoodPerformance, null!, "customer_journeys.conversion_value: 1E-07 is below 1E-06, the smallest non-zero value accepted"],
        ["non-numeric spend", GoodJourneys, GoodPerformance.Replace("Email,1000,", "Email,lots,"), null!, "channel_performance.current_monthly_spend: 'lots' is not a number"],
        ["group matching no channel", GoodJourneys, GoodPerformance, """{"constraints": [{"name": "Video", "channels": ["YouTube"], "min_share": 0.1}]}""", "constraint 'Video' matches no channel of channel_performance"],
        ["no converted journey", GoodJourneys.Replace(",1,50,", ",0,50,"), GoodPerformance, null!, "no converted journey: there is nothing to attribute"],
        ["empty journeys file", "", GoodPerformance, null!, "customer_journeys: the table is empty"],
        ["header only", JourneysHeader + "\n", GoodPerformance, null!, "customer_journeys: the table has no rows"],
        ["empty performance file", GoodJourneys, "", null!, "channel_performance: the table is empty"],
        ["unparseable timestamp", GoodJourneys.Replace("2024-01-03T00:00:00Z", "yesterday"), GoodPerformance, null!, "customer_journeys.timestamp: 'yesterday' is not a timestamp"],
        ["unparseable boolean", GoodJourneys.Replace("zz-cust-2,1,Paid Search,2024-01-03T00:00:00Z,0", "zz-cust-2,1,Paid Search,2024-01-03T00:00:00Z,maybe"), GoodPerformance, null!, "customer_journeys.converted: 'maybe' is not a boolean"],
        ["fractional journey_step", GoodJourneys.Replace("zz-cust-2,1,", "zz-cust-2,1.5,"), GoodPerformance, null!, "customer_journeys.journey_step: '1.5' is not an integer"],
        ["negative conversion value", GoodJourneys.Replace(",1,50,", ",1,-50,"), GoodPerformance, null!, "customer_journeys.conversion_value: negative value -50"],
        ["more than 5,000 channels", JourneysHeader + "\n" + string.Concat(Enumerable.Range(0, 5_001).Select(i => $"zz-cust-{i},1,Campaign {i},2024-01-01T00:00:00Z,1,10,New\n")), GoodPerformance, null!, "customer_journeys.channel: more than 5,000 distinct channels"],
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Run_BadInput_ExitCode2WithMessageAndNoRunFolder(string kind, string journeys, string performance, string? groups, string message)
    {
        var work = MarkovCli.TempPath("bad");
        Directory.CreateDirectory(work);
        var output = Path.Combine(work, "out");
        try
        {
            File.WriteAllText(Path.Combine(work, "journeys.csv"), journeys);
            File.WriteAllText(Path.Combine(work, "channel_performance.csv"), performance);
            File.WriteAllText(Path.Combine(work, "budgets.txt"), "3000");
            if (groups is not null)
            {
                File.WriteAllText(Path.Combine(work, "groups.json"), groups);
            }

            var result = await MarkovCli.RunCaseAsync(work, output);

            Assert.True(result.ExitCode == 2, $"{kind}: exit {result.ExitCode}, stderr: {result.Stderr}");
            Assert.Contains(message, result.Stderr);
            Assert.DoesNotContain("zz-cust", result.Stderr);
            Assert.False(Directory.Exists(output), $"{kind}: a run folder was left behind");
            Assert.Empty(Directory.GetDirectories(work));
        }
        finally
        {
            CsvRunTests.Delete(work);
        }
    }

    [Theory]
    [InlineData("--budgets", "-5", "budgets: -5 is not a positive number")]
    [InlineData("--budgets", "abc", "--budgets: 'abc' is not a positive number")]
    [InlineData("--alpha-mode", "fixed", "alpha mode 'fixed' needs an alpha")]
    public async Task Run_BadConfiguration_ExitCode2(string option, string value, string message)
    {
        var output = MarkovCli.TempPath("config");
        var directory = Path.Combine(MarkovCli.CasesRoot, "a_three_journeys");
        var result = await MarkovCli.RunAsync(
            "run", "--journeys", Path.Combine(directory, "journeys.csv"), "--performance", Path.Combine(directory, "channel_performance.csv"),
            "--budgets", option == "--budgets" ? value : "30000", option == "--budgets" ? "--half-life" : option, option == "--budgets" ? "7" : value, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Run_MissingFile_ExitCode2()
    {
        var output = MarkovCli.TempPath("missing");
        var result = await MarkovCli.RunAsync("run", "--journeys", "/nonexistent/j.csv", "--performance", "/nonexistent/p.csv", "--budgets", "100", "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
    }
}
