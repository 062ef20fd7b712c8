using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Reporting;
using MarkovFunctions.Domain.ResponseFitting;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Notifications;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Issue 24 for people: the report's holdout table and one curve chart per fitted channel, and the notification naming the
/// channels whose curve is assumed or lost its holdout (within the limits every notification keeps).
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class ResponseCurveReportTests : IDisposable
{
    private const string Hostile = "<!channel> <https://evil.example|x>";
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private readonly string _work = MarkovCli.TempPath("curve-report");

    public ResponseCurveReportTests() => Directory.CreateDirectory(_work);

    public void Dispose() => CsvRunTests.Delete(_work);

    private string History => Path.Combine(_work, "channel_spend_history.csv");

    /// <summary>
    /// The sample with Affiliate cut to its last 10 weeks: the report (in headless Chromium) shows every channel's row of the
    /// holdout table with summary.json's numbers, a chart for each of the 7 fitted channels, and the alert naming Affiliate.
    /// </summary>
    [Fact]
    public async Task Report_FittedRunWithOneShortChannel_ShowsTheHoldoutTableChartsAndTheAssumedChannel()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "2000", "--out", _work)).ExitCode);
        var lines = File.ReadAllLines(History);
        var affiliate = lines.Skip(1).Where(l => l.Split(',')[1] == "Affiliate").ToArray();
        File.WriteAllLines(History, lines.Where(l => !affiliate[..^10].Contains(l)));
        var run = await InProcessCli.RunCsvAsync(_work, "8000,8800", "--intervals", "0", "--response", "fitted", "--history", History);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var folder = MarkovCli.RunFolder(Path.Combine(_work, "out"));
        var summary = RunSummary.FromJson(File.ReadAllBytes(Path.Combine(folder, "summary.json")));
        var curves = summary.ResponseCurves!;
        Assert.Equal("assumed", curves.Single(c => c.Channel == "Affiliate").Status);
        var alert = Assert.Single(summary.Alerts, a => a.StartsWith("response curves of", StringComparison.Ordinal));
        Assert.Equal("response curves of 1 channel(s) are assumed, not fitted from the spend history: 'Affiliate' (kappa 1: only 10 weeks of history (26 needed))", alert);

        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        var section = html[html.IndexOf("<section id=\"response-curves\">", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("</section>", StringComparison.Ordinal) + 10)];
        Assert.Equal(7, section.Split("<svg ").Length - 1);

        await using var browser = await HeadlessChromium.StartAsync();
        var url = new Uri(Path.Combine(folder, "report.html")).AbsoluteUri;
        await browser.NavigateAsync(url);
        var text = (await browser.VisibleTextAsync()).Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Empty(browser.Errors);
        Assert.All(browser.Requests, request => Assert.Equal(url, request));
        Assert.Contains(alert, text);

        var table = text.SkipWhile(l => l != "Response curves from the spend history").ToArray();
        foreach (var curve in curves)
        {
            var cells = table.First(l => l.StartsWith(curve.Channel + "\t", StringComparison.Ordinal)).Split('\t');
            Assert.Equal(curve.Status, cells[1].Split(' ')[0]);
            Assert.Equal(curve.Reason, cells[2]);
            Assert.Equal(curve.Kappa, double.Parse(cells[3].Split(' ')[0], Culture), 2);
            if (curve.HoldoutSmape is { } smape)
            {
                Assert.Equal(smape, double.Parse(cells[6].Split(' ')[0], Culture), 3);
                Assert.Equal(curve.HoldoutSmapeLinear!.Value, double.Parse(cells[7], Culture), 3);
                Assert.Equal(curve.HoldoutSmapeAssumed!.Value, double.Parse(cells[8], Culture), 3);
                Assert.Equal(smape > curve.HoldoutSmapeLinear.Value, cells[6].Contains("worse than a straight line", StringComparison.Ordinal));
            }
        }

        var pooled = table.First(l => l.StartsWith("Pooled over the fitted channels", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(summary.ResponseCurvesHoldout!.Fitted, double.Parse(pooled[1], Culture), 3);
    }

    /// <summary>
    /// 30 channels with hostile names whose curves are assumed, and 30 that lost their holdout: Slack and Teams (listeners that refuse
    /// what they refuse) accept both messages, the names are escaped, and the assumed line and the first lost channels are shown.
    /// </summary>
    [Fact]
    public async Task Notify_CurvesAssumedOrLostTheHoldout_NamesThemEscapedWithinTheLimits()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "500", "--out", _work)).ExitCode);
        var performance = PerformanceCsvReader.Read(Path.Combine(_work, "channel_performance.csv"));
        var counts = JourneyCsvReader.Count(Path.Combine(_work, "journeys.csv"));
        var outcome = MarkovEngine.Run(counts, performance, new RunParameters([8800]).ToSettings());
        var fits = Enumerable.Range(0, 30).Select(i => new ResponseCurveFit($"{Hostile} {i}", CurveStatus.Assumed, "only 10 weeks of history (26 needed)", 10, 1))
            .Concat(Enumerable.Range(0, 30).Select(i => new ResponseCurveFit($"{Hostile} lost {i}", CurveStatus.Fitted, "104 weeks of history", 104, 2, 1, 4)
            {
                HoldoutSmape = 0.3,
                HoldoutSmapeLinear = 0.1,
                HoldoutSmapeAssumed = 0.2,
            }))
            .ToArray();
        var alerts = RunAlerts.Evaluate(outcome with { Curves = new ResponseCurves(fits, null, 1000, 104, []) }, AlertThresholds.Default);
        Assert.Equal(31, alerts.Count(a => a.StartsWith("response curve", StringComparison.Ordinal)));
        var run = new PublishedRun("20261207_060000_0123abcd", "folder", null, 0.5, 0.1, [new BudgetHeadline(8800, Domain.Optimisation.SolveStatus.Optimal, 100, 0.1, [], [])], alerts, 60);

        using var slack = new RecordingWebhook(WebhookDialect.Slack);
        using var teams = new RecordingWebhook(WebhookDialect.Teams);
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<NotifyOptions>(o => (o.SlackWebhookUrl, o.TeamsWebhookUrl) = (slack.Url, teams.Url));
        services.AddRunNotifier(retryDelay: TimeSpan.FromMilliseconds(50));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IRunNotifier>().NotifySucceededAsync(run);

        Assert.Empty(slack.Refusals);
        Assert.Empty(teams.Refusals);
        var blocks = JsonNode.Parse(Assert.Single(slack.Accepted))!["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, NotificationLimits.SlackBlocks);
        var slackText = string.Join("\n", blocks.Select(b => b!["text"]?["text"]?.GetValue<string>()));
        Assert.Contains("• response curves of 30 channel(s) are assumed, not fitted from the spend history: '&lt;!channel&gt; &lt;https://evil.example|x&gt; 0' (kappa 1: only 10 weeks", slackText, StringComparison.Ordinal);
        Assert.Contains("• response curve of '&lt;!channel&gt; &lt;https://evil.example|x&gt; lost 0' predicts its 13 held-out weeks worse than a straight line", slackText, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", slackText, StringComparison.Ordinal);
        Assert.Contains($"… and {alerts.Count - NotificationLimits.MaxItemsShown} more alerts - see the report", slackText, StringComparison.Ordinal);

        // The assumed line is one alert, cut to the line limit every alert keeps.
        var assumedLine = slackText.Split('\n').Single(l => l.StartsWith("• response curves of 30", StringComparison.Ordinal));
        Assert.EndsWith("…", assumedLine, StringComparison.Ordinal);
        Assert.True(System.Net.WebUtility.HtmlDecode(assumedLine).Length <= NotificationLimits.MaxLineChars + 2, $"{assumedLine.Length} characters");

        var teamsBody = Assert.Single(teams.Accepted);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(teamsBody), 1, NotificationLimits.TeamsCardBytes);
        Assert.Contains("response curves of 30 channel(s) are assumed", teamsBody, StringComparison.Ordinal);
        Assert.Contains("lost 0", teamsBody, StringComparison.Ordinal);
    }
}
