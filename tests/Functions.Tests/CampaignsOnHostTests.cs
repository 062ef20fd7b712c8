using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Npgsql;

namespace MarkovFunctions.Functions.Tests;

/// <summary>
/// Issue 25 on the real Functions host: a campaign column in dw4.customer_journeys (docs/MODEL.md section 10). The
/// by-campaign table is published with its history; with one campaign per channel it equals the channel table; a
/// campaign under two channels is one row per channel, with the warning the model documents.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class CampaignsOnHostTests(FunctionsAppFixture app)
{
    private const string ByCampaign = "markov_attribution_by_campaign.parquet";

    private BlobContainerClient Container => new(app.Azurite.ConnectionString, FunctionsAppFixture.Container);

    [Fact]
    public async Task StartRun_CampaignColumnInPostgres_PublishesTheByCampaignTableAsTheModelSays()
    {
        // Without the column (the fixture's table), no campaign table: the run the other tests share.
        var plain = await app.FirstRunAsync();
        Assert.False((await Container.GetBlobClient($"{plain.RunId}/{ByCampaign}").ExistsAsync()).Value);

        await AdminAsync("ALTER TABLE dw4.customer_journeys ADD COLUMN campaign text", "GRANT SELECT ON ALL TABLES IN SCHEMA dw4 TO markov_reader");
        try
        {
            // One campaign per channel, spelled as data is: the campaign chain is the channel chain.
            await AdminAsync("UPDATE dw4.customer_journeys SET campaign = lower(channel) || '  always on'");
            var one = await RunAsync();
            var files = await RunFolders.DownloadAsync(Container, one.RunId);
            var channels = RunFolders.ParquetValues(files["markov_attribution.parquet"]);
            var campaigns = RunFolders.ParquetValues(files[ByCampaign]);
            Assert.Equal(channels.Count, campaigns.Count);
            foreach (var (channel, campaign) in channels.OrderBy(r => (string)r[0]!, StringComparer.Ordinal).Zip(campaigns))
            {
                // channel: channel, removal_effect, removal_weight, attributed_conversions, attributed_value, baseline_conversion;
                // campaign: channel, campaign, the same five.
                Assert.Equal(channel[0], campaign[0]);
                Assert.Equal($"{channel[0]} Always On", campaign[1]);
                for (var column = 1; column <= 5; column++)
                {
                    Assert.Equal((double)channel[column]!, (double)campaign[column + 1]!, 1e-12);
                }
            }

            Assert.True((await Container.GetBlobClient($"history/markov_attribution_by_campaign/run_id={one.RunId}/part.parquet").ExistsAsync()).Value);
            Assert.Contains("id=\"campaigns\"", System.Text.Encoding.UTF8.GetString(files["report.html"]), StringComparison.Ordinal);

            // The campaign table went through the run's work area, which housekeeping emptied; the history holds its name only.
            Assert.False((await Container.GetBlobClient($"work/{one.RunId}/campaigns.json").ExistsAsync()).Value);

            // Spring under Email and under Paid Search, nothing elsewhere: one row per channel, and the warning.
            await AdminAsync("UPDATE dw4.customer_journeys SET campaign = CASE WHEN channel IN ('Email', 'Paid Search') THEN 'spring' END");
            var moving = await RunAsync();
            var movingFiles = await RunFolders.DownloadAsync(Container, moving.RunId);
            var rows = RunFolders.ParquetValues(movingFiles[ByCampaign]).Select(r => ((string)r[0]!, (string)r[1]!)).ToArray();
            Assert.Equal(
                channels.Select(r => (string)r[0]!).Order(StringComparer.Ordinal).Select(c => (c, c is "Email" or "Paid Search" ? "Spring" : "(none)")),
                rows);
            var conversions = RunFolders.ParquetValues(movingFiles[ByCampaign]).Sum(r => (double)r[4]!);
            var converted = (long)JsonNode.Parse(movingFiles["summary.json"])!["converted_journeys"]!;
            Assert.Equal(converted, conversions, 1e-6);
            var warnings = JsonNode.Parse(movingFiles["summary.json"])!["warnings"]!.AsArray().Select(w => (string)w!).ToArray();
            Assert.Contains(warnings, w => w.Contains("'Spring' under Email, Paid Search", StringComparison.Ordinal));
        }
        finally
        {
            await AdminAsync("ALTER TABLE dw4.customer_journeys DROP COLUMN campaign");
        }
    }

    private async Task<StartedRun> RunAsync()
    {
        var run = await FunctionsAppFixture.RunToEndAsync(app.Host, """{"budgets": [15000], "intervals": 0}""", TimeSpan.FromMinutes(6));
        Assert.True(run.RuntimeStatus == "Completed", run.Status.ToJsonString());
        return run;
    }

    private async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(app.Postgres.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
