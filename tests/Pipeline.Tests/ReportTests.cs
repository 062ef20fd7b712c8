using System.Globalization;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>report.html rendered in headless Chromium: what a reader sees equals summary.json.</summary>
public sealed class ReportTests
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    [Theory]
    [InlineData("f_paid_share_binds")]
    [InlineData("e_infeasible_budget")]
    [InlineData("a_three_journeys")]
    public async Task Report_RenderedInChromium_ShowsTheSummarysNumbersWithoutErrorsOrRequests(string name)
    {
        var output = MarkovCli.TempPath("report");
        try
        {
            var run = await MarkovCli.RunCaseAsync(Path.Combine(MarkovCli.CasesRoot, name), output);
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
                if (budget.Status != "Optimal")
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
        }
        finally
        {
            CsvRunTests.Delete(output);
        }
    }
}
