using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.TestSupport;
using Npgsql;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// The lookback window keeps the same rows whether the timestamp column is <c>timestamptz</c> or
/// <c>timestamp without time zone</c> (read as UTC), whatever time zone the reader's sessions default to.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LookbackTimeZoneTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("America/Los_Angeles")]
    public async Task CountPartition_WindowInAnySessionTimeZone_SameRowsForBothColumnTypes(string zone)
    {
        await PostgresExtractTests.LoadCsvAsync(postgres.Server.AdminConnectionString, Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        // [2024-01-05, 2024-01-12): c1 Email (01-08), c2 Direct (01-05 00:00, on the edge), c3 Search (01-10).
        var window = new ExtractWindow(new DateTimeOffset(2024, 1, 12, 0, 0, 0, TimeSpan.Zero), 7);
        await AdminAsync($"ALTER ROLE markov_reader SET TimeZone = '{zone}'");
        try
        {
            var aware = await CountAsync(window);
            await AdminAsync("ALTER TABLE dw4.customer_journeys ALTER COLUMN \"timestamp\" TYPE timestamp USING (\"timestamp\" AT TIME ZONE 'UTC')");
            var naive = await CountAsync(window);
            var naiveWhole = await CountAsync(null);

            Assert.Equal((3L, 3L, 1L), (aware.Rows, aware.Journeys, aware.ConvertedJourneys));
            PostgresExtractTests.AssertSameCounts(aware, naive);
            // Read as UTC: the same instants as the timestamptz column, not shifted by the session's zone.
            await AdminAsync("ALTER TABLE dw4.customer_journeys ALTER COLUMN \"timestamp\" TYPE timestamptz USING (\"timestamp\" AT TIME ZONE 'UTC')");
            PostgresExtractTests.AssertSameCounts(await CountAsync(null), naiveWhole);
        }
        finally
        {
            await AdminAsync("ALTER ROLE markov_reader RESET TimeZone");
            await AdminAsync("""
                DO $$ BEGIN
                  IF (SELECT data_type FROM information_schema.columns WHERE table_schema = 'dw4' AND table_name = 'customer_journeys' AND column_name = 'timestamp') <> 'timestamp with time zone' THEN
                    ALTER TABLE dw4.customer_journeys ALTER COLUMN "timestamp" TYPE timestamptz USING ("timestamp" AT TIME ZONE 'UTC');
                  END IF;
                END $$
                """);
        }
    }

    private async Task<MarkovFunctions.Domain.Counting.JourneyCounts> CountAsync(ExtractWindow? window)
    {
        // A new data source: new sessions, which take the role's time zone.
        await using var source = NpgsqlDataSource.Create(postgres.Server.ReaderConnectionString);
        return await new PostgresJourneySource(source).CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, window));
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
