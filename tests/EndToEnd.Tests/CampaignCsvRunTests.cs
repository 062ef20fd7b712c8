using System.Globalization;
using System.Text;
using System.Text.Json;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Issue 25: the optional campaign column of the journeys CSV, through `markov run` to the run folder (MODEL.md section 10).</summary>
public sealed class CampaignCsvRunTests
{
    private static readonly string Case = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");

    [Fact]
    public async Task Run_OneCampaignPerChannel_ByCampaignTableEqualsTheChannelTable()
    {
        // Spelled as messily as channels may be: normalised the same way.
        var (input, output) = await RunWithCampaignsAsync("one", (channel, _) => "  " + channel.ToLowerInvariant() + "   always on ");
        try
        {
            var folder = MarkovCli.RunFolder(output);
            var channels = DuckDbQuery.Rows($"SELECT channel, removal_effect, removal_weight, attributed_conversions, attributed_value, baseline_conversion FROM read_parquet('{folder}/markov_attribution.parquet') ORDER BY channel");
            var campaigns = DuckDbQuery.Rows($"SELECT channel, campaign, removal_effect, removal_weight, attributed_conversions, attributed_value, baseline_conversion FROM read_parquet('{folder}/markov_attribution_by_campaign.parquet') ORDER BY channel");
            Assert.Equal(5, campaigns.Count);
            Assert.Equal(channels.Select(r => r[0]), campaigns.Select(r => r[0]));
            foreach (var (channel, campaign) in channels.Zip(campaigns))
            {
                Assert.Equal($"{channel[0]} Always On", campaign[1]);
                for (var column = 1; column <= 5; column++)
                {
                    Assert.Equal((double)channel[column]!, (double)campaign[column + 1]!, 1e-12);
                }
            }

            var columns = DuckDbQuery.Rows($"SELECT * FROM read_parquet('{folder}/markov_attribution_by_campaign.parquet') LIMIT 0", columnsOnly: true).Single().Cast<string>();
            Assert.Equal(
                ["run_id", "run_timestamp", "channel", "campaign", "removal_effect", "removal_weight", "attributed_conversions", "attributed_value", "baseline_conversion", "first_touch", "last_touch", "linear", "position_based", "time_decay", "trigger"],
                columns);
            Assert.Equal("cli", DuckDbQuery.Rows($"SELECT DISTINCT trigger FROM read_parquet('{folder}/markov_attribution_by_campaign.parquet')").Single()[0]);

            // The history table gets the file as every other table does.
            Assert.True(File.Exists(Path.Combine(output, "history", "markov_attribution_by_campaign", "run_id=" + Path.GetFileName(folder), "part.parquet")));
            var report = File.ReadAllText(Path.Combine(folder, "report.html"));
            Assert.Contains("Attribution by campaign", report, StringComparison.Ordinal);
            Assert.Contains("Paid Search Always On", report, StringComparison.Ordinal);
        }
        finally
        {
            Delete(input);
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_CampaignUnderTwoChannels_IsCreditedOncePerChannelWithAWarning()
    {
        // Spring runs under Email and Paid Search; the other rows have no campaign.
        var (input, output) = await RunWithCampaignsAsync("moving", (channel, _) => channel is "Email" or "Paid Search" ? "Spring" : "");
        try
        {
            var folder = MarkovCli.RunFolder(output);
            var rows = DuckDbQuery.Rows($"SELECT channel, campaign, attributed_conversions FROM read_parquet('{folder}/markov_attribution_by_campaign.parquet') ORDER BY channel, campaign");
            Assert.Equal(
                [("Affiliate", "(none)"), ("Display", "(none)"), ("Email", "Spring"), ("Paid Search", "Spring"), ("Paid Social", "(none)")],
                rows.Select(r => ((string)r[0]!, (string)r[1]!)));
            // Every converted journey is credited once, as on the channel chain.
            Assert.Equal(5.0, rows.Sum(r => (double)r[2]!), 1e-9);
            using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "summary.json")));
            var warnings = summary.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray();
            Assert.Contains(warnings, w => w.Contains("1 campaigns run under more than one channel", StringComparison.Ordinal) && w.Contains("'Spring' under Email, Paid Search", StringComparison.Ordinal));
        }
        finally
        {
            Delete(input);
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_WithoutCampaignColumn_WritesNoByCampaignTable()
    {
        var output = MarkovCli.TempPath("no-campaign");
        try
        {
            var result = await MarkovCli.RunCaseAsync(Case, output);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.False(File.Exists(Path.Combine(MarkovCli.RunFolder(output), "markov_attribution_by_campaign.parquet")));
            Assert.DoesNotContain("Attribution by campaign", File.ReadAllText(Path.Combine(MarkovCli.RunFolder(output), "report.html")), StringComparison.Ordinal);
        }
        finally
        {
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_TwelveCampaignsInAChannel_ReportListsItsTenMostCreditedAndCountsTheRest()
    {
        var output = MarkovCli.TempPath("twelve-out");
        string? input = null;
        try
        {
            // Campaigns E00 .. E11 under Email, one touch per journey; campaign k converts k of its 12 customers, so
            // its removal weight is proportional to k (MODEL.md section 10). Paid Search has one campaign.
            var csv = new StringBuilder("customer_id,journey_step,channel,timestamp,converted,campaign\n");
            for (var k = 0; k < 12; k++)
            {
                for (var c = 0; c < 12; c++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"k{k}c{c},1,Email,2024-06-01T08:00:00Z,{(c < k ? 1 : 0)},E{k:D2}\n");
                }
            }

            csv.Append("p1,1,Paid Search,2024-06-02T08:00:00Z,1,Brand\n");
            input = WriteInput("twelve", csv.ToString());
            var result = await MarkovCli.RunCaseAsync(input, output);
            Assert.True(result.ExitCode == 0, result.Stderr);

            var folder = MarkovCli.RunFolder(output);
            Assert.Equal(13L, Convert.ToInt64(DuckDbQuery.Rows($"SELECT count(*) FROM read_parquet('{folder}/markov_attribution_by_campaign.parquet')").Single()[0]));
            var report = File.ReadAllText(Path.Combine(folder, "report.html"));
            var section = report[report.IndexOf("id=\"campaigns\"", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
            // The ten most credited (E11 down to E02) are listed; E01 and E00 are the "2 more".
            for (var k = 2; k < 12; k++)
            {
                Assert.Contains($"<td style=\"text-align:left\">E{k:D2}</td>", section, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(">E01<", section, StringComparison.Ordinal);
            Assert.DoesNotContain(">E00<", section, StringComparison.Ordinal);
            Assert.Contains("and 2 more campaigns", section, StringComparison.Ordinal);
            Assert.True(section.IndexOf(">E11<", StringComparison.Ordinal) < section.IndexOf(">E02<", StringComparison.Ordinal), "most credited first");
        }
        finally
        {
            Delete(input);
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_MoreThan5000Campaigns_ExitsTwoNamingTheNumberAndTheColumn()
    {
        var output = MarkovCli.TempPath("many-campaigns-out");
        string? input = null;
        try
        {
            var csv = new StringBuilder("customer_id,journey_step,channel,timestamp,converted,campaign\n");
            for (var i = 0; i <= 5_000; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"c{i},1,Email,2024-06-01T08:00:00Z,{i % 2},Campaign {i}\n");
            }

            input = WriteInput("many-campaigns", csv.ToString());
            var result = await MarkovCli.RunCaseAsync(input, output);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("customer_journeys.campaign", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("more than 5,000 distinct (channel, campaign) pairs", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Delete(input);
            Delete(output);
        }
    }

    /// <summary>Case f with a campaign column (the last) made from each row's channel and line.</summary>
    private static async Task<(string Input, string Output)> RunWithCampaignsAsync(string name, Func<string, int, string> campaignOf)
    {
        var output = MarkovCli.TempPath(name + "-out");
        var lines = File.ReadAllLines(Path.Combine(Case, "journeys.csv"));
        var channel = Array.IndexOf(lines[0].Split(','), "channel");
        var input = WriteInput(name, string.Join("\n", [lines[0] + ",campaign", .. lines.Skip(1).Select((line, i) => line + "," + campaignOf(line.Split(',')[channel], i))]) + "\n");
        var result = await MarkovCli.RunCaseAsync(input, output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (input, output);
    }

    /// <summary>A case folder with <paramref name="journeys"/> as its journeys.csv and case f's performance and budgets.</summary>
    private static string WriteInput(string name, string journeys)
    {
        var input = MarkovCli.TempPath(name);
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "journeys.csv"), journeys);
        File.Copy(Path.Combine(Case, "channel_performance.csv"), Path.Combine(input, "channel_performance.csv"));
        File.Copy(Path.Combine(Case, "budgets.txt"), Path.Combine(input, "budgets.txt"));
        return input;
    }

    private static void Delete(string? path)
    {
        if (path is not null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
