using System.Globalization;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>report.html rendered in headless Chromium: what a reader sees equals summary.json.</summary>
public sealed class ReportTests
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    [Theory]
    [InlineData("f_paid_share_binds")]
    [InlineData("e_infeasible_budget")]
    [InlineData("a_three_journeys")]
    [InlineData(Sample)]
    public async Task Report_RenderedInChromium_ShowsTheSummarysNumbersWithoutErrorsOrRequests(string name)
    {
        var output = MarkovCli.TempPath("report");
        var data = MarkovCli.TempPath("report-data");
        try
        {
            var run = name == Sample ? await RunSampleAsync(data, output) : await MarkovCli.RunCaseAsync(Path.Combine(MarkovCli.CasesRoot, name), output);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var report = Path.Combine(MarkovCli.RunFolder(output), "report.html");
            Assert.Contains($"report: {report}", run.Stdout);
            var summary = RunSummary.FromJson(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(output), "summary.json")));

            await using var browser = await HeadlessChromium.StartAsync();
            var url = new Uri(report).AbsoluteUri;
            await browser.NavigateAsync(url);
            var text = await browser.VisibleTextAsync();
            var screenshot = await browser.ScreenshotAsync();
            await File.WriteAllBytesAsync(Path.Combine(output, "report.png"), screenshot);

            Assert.Empty(browser.Errors);
            Assert.All(browser.Requests, request => Assert.Equal(url, request));
            Assert.True(screenshot.Length > 20_000, $"screenshot of {screenshot.Length} bytes");

            var lines = text.Split('\n').Select(l => l.Trim()).ToArray();
            Assert.Equal(summary.AlphaBest, double.Parse(lines[Array.IndexOf(lines, "alpha*") + 1], Culture), 2);
            foreach (var budget in summary.Budgets)
            {
                var money = budget.Budget.ToString("#,0", Culture);
                var row = lines.Single(l => l.StartsWith(money + "\t", StringComparison.Ordinal)).Split('\t');
                if (budget.Status.Text() != "Optimal")
                {
                    Assert.Equal("Infeasible", row[1]);
                    Assert.Contains(budget.Reasons[0], row[2]);
                    continue;
                }

                Assert.Equal("Optimal", row[1]);
                Assert.Equal(budget.PredictedConversions!.Value, double.Parse(row[2], NumberStyles.Number, Culture), 1);
                Assert.Equal(budget.Uplift!.Value, double.Parse(row[4].TrimEnd('%'), NumberStyles.Number | NumberStyles.AllowLeadingSign, Culture) / 100, 3);

                // The allocation table under "Budget 30,000": each channel's optimal spend.
                var heading = Array.IndexOf(lines, $"Budget {money}");
                Assert.True(heading >= 0, $"no allocation table for {money}");
                foreach (var channel in budget.Channels)
                {
                    var cells = lines.Skip(heading).First(l => l.StartsWith(channel.Channel + "\t", StringComparison.Ordinal)).Split('\t');
                    Assert.Equal(channel.OptimalSpend, double.Parse(cells[2], NumberStyles.Number, Culture), 0);
                }
            }

            AssertCustomerSegments(summary, lines, name);
        }
        finally
        {
            CsvRunTests.Delete(output);
            CsvRunTests.Delete(data);
        }
    }

    private const string Sample = "sample (markov sample, 20,000 customers)";

    /// <summary>The generated week a newcomer's first run reads: `markov sample`, then `markov run` on it.</summary>
    private static async Task<MarkovCli.Result> RunSampleAsync(string data, string output)
    {
        var sample = await MarkovCli.RunAsync("sample", "--customers", "20000", "--seed", "42", "--out", data);
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        return await MarkovCli.RunAsync(
            "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"), "--budgets", "80000,88000,100000", "--out", output);
    }

    /// <summary>The segment section: every segment's journeys and every channel's weight per segment, as summary.json has them.</summary>
    private static void AssertCustomerSegments(RunSummary summary, string[] lines, string name)
    {
        var heading = Array.IndexOf(lines, "Attribution by customer segment");
        if (summary.CustomerSegments is not { } segments)
        {
            Assert.True(heading < 0, "a run with one segment shows no segment section");
            return;
        }

        Assert.True(heading >= 0, $"{name}: no segment section");
        if (name == Sample)
        {
            Assert.Equal(["Loyal", "New", "Returning"], segments.Select(s => s.CustomerSegment));
        }

        var section = lines.Skip(heading).ToArray();
        foreach (var segment in segments)
        {
            var row = section.First(l => l.StartsWith(segment.CustomerSegment + "\t", StringComparison.Ordinal)).Split('\t');
            Assert.Equal(segment.Journeys, long.Parse(row[1], NumberStyles.Number, Culture));
            Assert.Equal(segment.ConvertedJourneys, long.Parse(row[2], NumberStyles.Number, Culture));
            Assert.Equal(segment.BaselineConversion, Percent(row[3]), 3);
        }

        var header = section.First(l => l.StartsWith("Channel\t", StringComparison.Ordinal) && l.EndsWith("\tAll customers", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(segments.Select(s => s.CustomerSegment), header[1..^1]);
        foreach (var channel in summary.Channels)
        {
            var cells = section.First(l => l.StartsWith(channel.Channel + "\t", StringComparison.Ordinal)).Split('\t');
            for (var s = 0; s < segments.Count; s++)
            {
                var weight = segments[s].Channels.FirstOrDefault(c => c.Channel == channel.Channel)?.RemovalWeight ?? 0;
                Assert.Equal(weight, Percent(cells[1 + s]), 3);
            }

            Assert.Equal(channel.RemovalWeight, Percent(cells[^1]), 3);
        }

        if (name == Sample)
        {
            // What the sample is built to show: Paid Social finds New customers, Email brings Returning ones back.
            Assert.Contains(section, l => l.StartsWith("New\t", StringComparison.Ordinal) && l.EndsWith("\tPaid Social (15.6% here, 9.7% overall)", StringComparison.Ordinal));
            Assert.Contains(section, l => l.StartsWith("Returning\t", StringComparison.Ordinal) && l.Contains("\tEmail (", StringComparison.Ordinal));
        }
    }

    private static double Percent(string cell) => double.Parse(cell.TrimEnd('%'), NumberStyles.Number, Culture) / 100;
}
