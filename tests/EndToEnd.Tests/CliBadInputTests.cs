using System.Text;
using System.Text.Json.Nodes;
using static MarkovFunctions.EndToEnd.Tests.BadInputTests;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Bad inputs on the `markov` command line: each accepted and right, or refused with
/// exit code 2, a message naming the table, the column and a row, and no run folder.
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class CliBadInputTests : IDisposable
{
    private readonly string _work = MarkovCli.TempPath("cli-bad-input");

    public CliBadInputTests() => Directory.CreateDirectory(_work);

    private string Output => Path.Combine(_work, "out");

    public void Dispose() => CsvRunTests.Delete(_work);

    [Fact]
    public async Task Run_PostgresTimestampText_IsAcceptedAsTheSameInstants()
    {
        // psql \copy writes "+00" offsets and microseconds; these are the instants of GoodJourneys.
        var postgres = GoodJourneys
            .Replace("2024-01-01T00:00:00Z", "2024-01-01 00:00:00+00")
            .Replace("2024-01-02T00:00:00Z", "2024-01-02 01:00:00.000000+01")
            .Replace("2024-01-03T00:00:00Z", "2024-01-02 19:00:00.123456789-05");
        var good = await RunAsync(GoodJourneys, GoodPerformance);
        CsvRunTests.Delete(Output);

        var result = await RunAsync(postgres, GoodPerformance);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(BudgetLines(good), BudgetLines(result));
        Assert.Equal(Heuristics(good), Heuristics(result));
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("run")]
    public async Task OutWithTrailingSlash_WritesTheDirectory(string verb)
    {
        var target = Path.Combine(_work, "data") + "/";
        File.WriteAllText(Path.Combine(_work, "journeys.csv"), GoodJourneys);
        File.WriteAllText(Path.Combine(_work, "channel_performance.csv"), GoodPerformance);
        var result = verb == "sample"
            ? await InProcessCli.RunAsync("sample", "--customers", "50", "--out", target)
            : await InProcessCli.RunAsync("run", "--journeys", Path.Combine(_work, "journeys.csv"), "--performance", Path.Combine(_work, "channel_performance.csv"), "--budgets", "3000", "--out", target);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var written = verb == "sample" ? Path.Combine(_work, "data", "journeys.csv") : Path.Combine(MarkovCli.RunFolder(Path.Combine(_work, "data")), "summary.json");
        Assert.True(File.Exists(written));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_work, "data"), ".*"));
        Assert.Equal(["data"], Directory.GetDirectories(_work).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Run_EmptyCostPerConversion_IsAcceptedAndChangesNothing()
    {
        var good = await RunAsync(GoodJourneys, GoodPerformance);
        CsvRunTests.Delete(Output);

        var result = await RunAsync(GoodJourneys, GoodPerformance.Replace("Email,1000,10,100,", "Email,1000,10,,"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(BudgetLines(good), BudgetLines(result));
    }

    [Fact]
    public async Task Run_HugeConversionValues_Exit2NamingTheColumn()
    {
        var journeys = GoodJourneys.Replace(",1,50,", ",1,1.7e308,").Replace("zz-cust-2,1,Paid Search,2024-01-03T00:00:00Z,0,0", "zz-cust-2,1,Paid Search,2024-01-03T00:00:00Z,1,1e308");

        var result = await RunAsync(journeys, GoodPerformance);

        AssertRefused(result, "customer_journeys.conversion_value: 1.7E+308 is above 1E+15, the largest value accepted (example: line 3: journey_step='2' channel='Paid Search'");
    }

    [Fact]
    public async Task Run_FieldOverOneMebibyte_Exit2NamingTheLine()
    {
        var journeys = GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,Paid Search" + new string('x', 2 << 20));

        var result = await RunAsync(journeys, GoodPerformance);

        AssertRefused(result, "customer_journeys: line 4: the file is not valid CSV: ");
        Assert.True(result.Stderr.Length < 3_000, $"stderr has {result.Stderr.Length} characters");
    }

    [Fact]
    public async Task Run_ChannelOverTwoHundredCharacters_Exit2WithTheNameCut()
    {
        var journeys = GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,Paid Search" + new string('x', 300_000));

        var result = await RunAsync(journeys, GoodPerformance);

        AssertRefused(result, "customer_journeys.channel: channel 'Paid Searchxxxx");
        Assert.Contains("…' (300,011 characters) is longer than 200 characters", result.Stderr);
        Assert.True(result.Stderr.Length < 2_100, $"stderr has {result.Stderr.Length} characters");
    }

    [Fact]
    public async Task Run_MaxSpendOf1e308_SolvesAsIfUncapped()
    {
        var uncapped = GoodPerformance.Replace("0,2000,10", "0,1e308,10").Replace("0,10000,4", "0,1e308,4");
        var capped = GoodPerformance.Replace("0,2000,10", "0,50000,10").Replace("0,10000,4", "0,50000,4");
        var reference = await RunAsync(GoodJourneys, capped, "3000,45000");
        CsvRunTests.Delete(Output);

        var result = await RunAsync(GoodJourneys, uncapped, "3000,45000");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("ABNORMAL", result.Stdout);
        Assert.Equal(BudgetLines(reference), BudgetLines(result));
        Assert.All(BudgetLines(result).Where(l => l.StartsWith("budget ", StringComparison.Ordinal)), line => Assert.Contains("conversions, uplift", line));
    }

    [Fact]
    public async Task Run_AlphaWithoutMode_UsesThatAlpha()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance, "3000", "--alpha", "0.3");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("alpha* 0.30,", result.Stdout);
    }

    [Fact]
    public async Task Run_AlphaWithSearchMode_Exit2()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance, "3000", "--alpha", "0.3", "--alpha-mode", "search");

        AssertRefused(result, "alpha 0.3 is used only with alpha mode fixed");
    }

    [Fact]
    public async Task Run_Latin1Channel_Exit2NamingTheColumn()
    {
        var text = GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,T\u00e9l\u00e9vision");
        var bytes = Encoding.Latin1.GetBytes(text);

        var result = await RunAsync(bytes, Encoding.UTF8.GetBytes(GoodPerformance));

        AssertRefused(result, "customer_journeys.channel: the value is not valid UTF-8 text (save the file as UTF-8) (example: line 4: journey_step='1' channel='T\ufffdl\ufffdvision'");
    }

    [Fact]
    public async Task Run_Utf16FileWithBomAndCrLf_IsAcceptedAsTheUtf8One()
    {
        var good = await RunAsync(GoodJourneys, GoodPerformance);
        CsvRunTests.Delete(Output);

        var result = await RunAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(GoodJourneys.Replace("\n", "\r\n"))).ToArray(), Encoding.UTF8.GetBytes(GoodPerformance));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(BudgetLines(good), BudgetLines(result));
    }

    [Fact]
    public async Task Run_RepeatedJourneyStep_WarnsInOutputManifestAndReport()
    {
        var journeys = GoodJourneys + "zz-cust-1,2,Email,2024-01-02T05:00:00Z,0,0,New\n";

        var result = await RunAsync(journeys, GoodPerformance);

        Assert.True(result.ExitCode == 0, result.Stderr);
        const string Warning = "customer_journeys.journey_step: 1 journeys have two rows with the same (customer_id, journey_step); they are ordered by timestamp, then channel (example: journey_step 2 with channels 'Paid Search' and 'Email')";
        AssertWarned(result, Warning);
    }

    [Fact]
    public async Task Run_CurrentSpendAboveMax_WarnsInOutputManifestAndReport()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance.Replace("Email,1000,10,100,0,2000", "Email,3000,10,100,0,2000"), "6000");

        Assert.True(result.ExitCode == 0, result.Stderr);
        AssertWarned(result, "channel_performance.current_monthly_spend: channel 'Email' spends 3,000 now, above its max_monthly_spend 2,000");
    }

    [Fact]
    public async Task Run_RowWithExtraField_Exit2()
    {
        var result = await RunAsync(GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,Paid,Search"), GoodPerformance);

        AssertRefused(result, "customer_journeys: the record has 8 fields but the header has 7 (a value with a comma must be in double quotes) (example: line 4: journey_step='1' channel='Paid'");
    }

    [Fact]
    public async Task Run_PerformanceRowWithExtraField_Exit2()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance.Replace("Email,1000,", "Email,1,000,"));

        AssertRefused(result, "channel_performance: the record has 8 fields but the header has 7 (a value with a comma must be in double quotes) (example: line 2: channel='Email'");
    }

    [Fact]
    public async Task Run_HeaderNamesAColumnTwice_Exit2()
    {
        var result = await RunAsync(GoodJourneys.Replace("customer_segment", "Channel"), GoodPerformance);

        AssertRefused(result, "customer_journeys.Channel: the header names this column twice (example: header: 'customer_id,journey_step,channel,timestamp,converted,conversion_value,Channel')");
    }

    [Fact]
    public async Task Run_DirectoryGivenAsFile_Exit2SayingSo()
    {
        File.WriteAllText(Path.Combine(_work, "channel_performance.csv"), GoodPerformance);
        var directory = Path.Combine(_work, "journeys.csv");
        Directory.CreateDirectory(directory);

        var result = await InProcessCli.RunCsvAsync(_work);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: customer_journeys: '{directory}' is a directory, not a CSV file\n", result.Stderr);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public async Task Run_ZeroSpendEverywhere_Exit2NamingTheColumns()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance.Replace("Email,1000,", "Email,0,").Replace("Paid Search,5000,", "Paid Search,0,"));

        AssertRefused(result, "channel_performance.current_monthly_spend: at every alpha of the grid the predicted conversions at current spend are 0 (current_monthly_spend × conversion_rate_per_1000 × weight sums to 0 over the channels)");
    }

    [Fact]
    public async Task Run_MinAboveMax_NamesTheFileLine()
    {
        var result = await RunAsync(GoodJourneys, GoodPerformance.Replace("Paid Search,5000,20,250,0,10000", "Paid Search,5000,20,250,20000,10000"));

        AssertRefused(result, "channel_performance.min_monthly_spend: min_monthly_spend 20,000 is above max_monthly_spend 10,000 (example: line 3: channel='Paid Search'");
    }

    [Fact]
    public async Task Run_FormulaChannel_StaysTextInTransitionMatrix()
    {
        var journeys = GoodJourneys.Replace("zz-cust-2,1,Paid Search", "zz-cust-2,1,\"=HYPERLINK(\"\"http://x\"\")\"");

        var result = await RunAsync(journeys, GoodPerformance);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var matrix = File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Output), "transition_matrix.csv"));
        Assert.Contains("'=hyperlink(", matrix);
        Assert.DoesNotMatch("(^|[,\n\"])=", matrix);
    }

    private static IEnumerable<string> BudgetLines(MarkovCli.Result result) =>
        result.Stdout.Split('\n').Where(l => l.StartsWith("budget ", StringComparison.Ordinal) || l.StartsWith("alpha* ", StringComparison.Ordinal));

    private static string Heuristics(MarkovCli.Result result) =>
        string.Join('\n', result.Stdout.Split('\n').Where(l => l.Contains("journeys", StringComparison.Ordinal)));

    private Task<MarkovCli.Result> RunAsync(string journeys, string performance, string budgets = "3000", params string[] extra) =>
        RunAsync(Encoding.UTF8.GetBytes(journeys), Encoding.UTF8.GetBytes(performance), budgets, extra);

    private async Task<MarkovCli.Result> RunAsync(byte[] journeys, byte[] performance, string budgets = "3000", params string[] extra)
    {
        await File.WriteAllBytesAsync(Path.Combine(_work, "journeys.csv"), journeys);
        await File.WriteAllBytesAsync(Path.Combine(_work, "channel_performance.csv"), performance);
        return await InProcessCli.RunCsvAsync(_work, budgets, extra);
    }

    private void AssertRefused(MarkovCli.Result result, string message)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.StartsWith("error: " + message, result.Stderr);
        Assert.DoesNotContain("zz-cust", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(Directory.Exists(Output), "a run folder was left behind");
        Assert.Empty(Directory.GetDirectories(_work));
    }

    private void AssertWarned(MarkovCli.Result result, string warning)
    {
        Assert.Contains($"warning: {warning}\n", result.Stdout);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Output), "run_manifest.json")))!;
        Assert.Contains(warning, manifest["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        var report = File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Output), "report.html"));
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(warning), report);
    }
}
