using System.Globalization;
using CsvHelper;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Sampling;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.TestSupport;
using Npgsql;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>One PostgreSQL and one Azurite for every test of this assembly that needs them.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Postgres";
}

/// <summary>The extract against a real PostgreSQL started for the test run, read with the read-only role.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresExtractTests(PostgresFixture postgres)
{
    private PostgresServer Server => postgres.Server;

    public static IEnumerable<object[]> Cases => CsvRunTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CountPartition_Case_EqualsTheCsvPath(string name)
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, name);
        await LoadCsvAsync(directory);

        var fromDatabase = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        var fromCsv = JourneyCsvReader.Count(Path.Combine(directory, "journeys.csv"));

        AssertSameCounts(fromCsv, fromDatabase);
        var performance = await Source().ReadPerformanceAsync();
        Assert.Equal(PerformanceCsvReader.Read(Path.Combine(directory, "channel_performance.csv")).Rows, performance);
    }

    [Fact]
    public async Task CountPartition_FourPartitions_AddUpToTheWhole()
    {
        await LoadSampleAsync(customers: 3_000);
        var whole = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        var parts = new List<JourneyCounts>();
        for (var p = 0; p < 4; p++)
        {
            parts.Add(await Source().CountPartitionAsync(new ExtractRequest("test", p, 4, 7, null)));
        }

        Assert.All(parts, part => Assert.True(part.Journeys > 0));
        AssertSameCounts(whole, JourneyCounts.Sum(parts));
    }

    [Fact]
    public async Task CountPartition_BlockRangesOnThreeConnections_EqualOneConnection()
    {
        await LoadSampleAsync(customers: 3_000);
        var one = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        var three = await new PostgresJourneySource(NpgsqlDataSource.Create(Server.ReaderConnectionString)) { ReadConnections = 3, MinBlocksPerConnection = 1 }
            .CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));

        Assert.True(one.Rows > 7_000);
        AssertSameCounts(one, three);
    }

    [Fact]
    public async Task CountPartition_BadRowInTheLastBlockOnThreeConnections_FailsNamingIt()
    {
        await LoadSampleAsync(customers: 3_000);
        await AdminAsync("UPDATE dw4.customer_journeys SET journey_step = 0 WHERE ctid = (SELECT max(ctid) FROM dw4.customer_journeys)");
        var source = new PostgresJourneySource(NpgsqlDataSource.Create(Server.ReaderConnectionString)) { ReadConnections = 3, MinBlocksPerConnection = 1 };

        var error = await Assert.ThrowsAsync<InputValidationException>(() => source.CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null)));

        Assert.Equal(("customer_journeys", "journey_step"), (error.Table, error.Column));
        Assert.Contains("journey_step must be 1 or more, found 0", error.Message);
        Assert.DoesNotContain("C0000", error.Message);
    }

    [Fact]
    public async Task CountPartition_Window_KeepsOnlyRowsInside()
    {
        await LoadCsvAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        // [2024-01-05, 2024-01-12): c1 Email (01-08), c2 Direct (01-05), c3 Search (01-10).
        var window = new ExtractWindow(new DateTimeOffset(2024, 1, 12, 0, 0, 0, TimeSpan.Zero), 7);
        var counts = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, window));
        Assert.Equal(3, counts.Rows);
        Assert.Equal(3, counts.Journeys);
        Assert.Equal(1, counts.ConvertedJourneys);
    }

    [Fact]
    public async Task ReaderRole_WriteToDw4_IsRefused()
    {
        await using var connection = new NpgsqlConnection(Server.ReaderConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO dw4.channel_performance VALUES ('X', 1, 1, 1, 0, 1, 1)", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.ReadOnlySqlTransaction });
    }

    [Theory]
    [InlineData("UPDATE dw4.customer_journeys SET journey_step = 0 WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "journey_step", "journey_step must be 1 or more, found 0")]
    [InlineData("UPDATE dw4.customer_journeys SET channel = NULL WHERE customer_id = 'c3' AND journey_step = 1", "customer_journeys", "channel", "channel is null or empty")]
    [InlineData("INSERT INTO dw4.channel_performance VALUES (' SEARCH ', 1, 1, 1, 0, 2, 1)", "channel_performance", "channel", "channel 'Search' is listed twice")]
    [InlineData("ALTER TABLE dw4.customer_journeys DROP COLUMN converted", "customer_journeys", "converted", "required column is missing")]
    [InlineData("UPDATE dw4.customer_journeys SET conversion_value = -5 WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "conversion_value", "negative value -5")]
    [InlineData("UPDATE dw4.customer_journeys SET conversion_value = 'NaN' WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "conversion_value", "NaN is not a finite number")]
    [InlineData("UPDATE dw4.customer_journeys SET \"timestamp\" = 'infinity' WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "timestamp", "timestamp is infinite")]
    [InlineData("UPDATE dw4.customer_journeys SET customer_id = ' ' WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "customer_id", "customer_id is null or empty")]
    [InlineData("UPDATE dw4.customer_journeys SET conversion_value = 1e308 WHERE customer_id = 'c2'", "customer_journeys", "conversion_value", "1E+308 is above 1E+15, the largest value accepted (example: journey_step=")]
    [InlineData("UPDATE dw4.customer_journeys SET customer_segment = repeat('x', 201) WHERE customer_id = 'c2' AND journey_step = 2", "customer_journeys", "customer_segment", "is longer than 200 characters (example: journey_step=2")]
    [InlineData("UPDATE dw4.channel_performance SET current_monthly_spend = 'NaN' WHERE channel = 'Facebook'", "channel_performance", "current_monthly_spend", "NaN is not a finite number")]
    [InlineData("UPDATE dw4.channel_performance SET conversions_attributed = 1e300 WHERE channel = 'Facebook'", "channel_performance", "conversions_attributed", "1E+300 is above 1E+15, the largest value accepted")]
    public async Task Extract_BadData_FailsNamingTableColumnAndExample(string damage, string table, string column, string message)
    {
        await LoadCsvAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        await AdminAsync(damage);
        try
        {
            var error = await Assert.ThrowsAsync<InputValidationException>(async () =>
            {
                await Source().ReadPerformanceAsync();
                await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
            });
            Assert.Equal(table, error.Table);
            Assert.Equal(column, error.Column);
            Assert.Contains(message, error.Message);
            Assert.DoesNotContain("c2", error.Message);
        }
        finally
        {
            if (damage.StartsWith("ALTER", StringComparison.Ordinal))
            {
                await AdminAsync("ALTER TABLE dw4.customer_journeys ADD COLUMN converted boolean NOT NULL DEFAULT false");
                await AdminAsync("GRANT SELECT ON ALL TABLES IN SCHEMA dw4 TO markov_reader");
            }
        }
    }

    [Fact]
    public async Task Extract_NullCostHugeCapAndRepeatedStep_AreAcceptedAsInCsv()
    {
        await LoadCsvAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        await AdminAsync("UPDATE dw4.channel_performance SET cost_per_conversion = NULL, max_monthly_spend = 1e308 WHERE channel = 'Facebook'");
        await AdminAsync("INSERT INTO dw4.customer_journeys (customer_id, journey_step, channel, \"timestamp\", converted, conversion_value, customer_segment) SELECT customer_id, journey_step, 'Direct', \"timestamp\" + interval '1 hour', false, NULL, customer_segment FROM dw4.customer_journeys WHERE customer_id = 'c1' AND journey_step = 1");

        var performance = await Source().ReadPerformanceAsync();
        var counts = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));

        var email = Assert.Single(performance, p => p.Channel == "Facebook");
        Assert.Null(email.CostPerConversion);
        Assert.Equal(1e308, email.MaxMonthlySpend);
        Assert.Equal(1, counts.RepeatedStepJourneys);
        Assert.StartsWith("journey_step 1 with channels ", counts.RepeatedStepExample);
    }

    public static TheoryData<string> Segments => new(SampleDataGenerator.CustomerSegments);

    [Theory]
    [MemberData(nameof(Segments))]
    public async Task CountPartition_Segment_EqualsAnExtractOfThatSegmentsRowsAlone(string segment)
    {
        await LoadSampleAsync(customers: 3_000);
        var whole = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        var parts = new List<JourneyCounts>();
        for (var p = 0; p < 3; p++)
        {
            parts.Add(await Source().CountPartitionAsync(new ExtractRequest("test", p, 3, 7, null)));
        }

        var performance = ChannelPerformanceTable.Create(await Source().ReadPerformanceAsync());
        var outcome = MarkovFunctions.Domain.MarkovEngine.Run(whole, performance, MarkovFunctions.Domain.RunSettings.Create([80_000]));
        await AdminAsync($"DELETE FROM dw4.customer_journeys WHERE customer_segment <> '{segment}'");
        var extracted = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        Assert.Equal([segment], extracted.CustomerSegments.Select(s => s.CustomerSegment));
        var alone = extracted with { CustomerSegments = [] };

        Assert.Equal(SampleDataGenerator.CustomerSegments.Order(StringComparer.Ordinal), whole.CustomerSegments.Select(s => s.CustomerSegment));
        AssertSameCounts(alone, whole.CustomerSegments.Single(s => s.CustomerSegment == segment).Counts);
        AssertSameCounts(alone, JourneyCounts.Sum(parts).CustomerSegments.Single(s => s.CustomerSegment == segment).Counts);

        // The run's attribution of the segment is the attribution of the segment's rows alone.
        var expected = MarkovFunctions.Domain.Attribution.MarkovAttribution.Compute(alone);
        var actual = outcome.CustomerSegments.Single(s => s.CustomerSegment == segment).Attribution;
        Assert.Equal(expected.BaselineConversion, actual.BaselineConversion, 12);
        Assert.Equal(expected.Channels.Select(c => c.Channel), actual.Channels.Select(c => c.Channel));
        foreach (var (e, a) in expected.Channels.Zip(actual.Channels))
        {
            Assert.Equal(e.RemovalEffect, a.RemovalEffect, 12);
            Assert.Equal(e.RemovalWeight, a.RemovalWeight, 12);
            Assert.Equal(e.AttributedValue, a.AttributedValue, 9);
            Assert.Equal(e.TimeDecay, a.TimeDecay, 9);
        }
    }

    [Fact]
    public async Task CountPartition_NullBlankAndPaddedSegments_AreTrimmedAndNone()
    {
        await LoadCsvAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        await AdminAsync("UPDATE dw4.customer_journeys SET customer_segment = '  Loyal  ' WHERE customer_id = 'c1'");
        await AdminAsync("UPDATE dw4.customer_journeys SET customer_segment = NULL WHERE customer_id = 'c2'");
        await AdminAsync("UPDATE dw4.customer_journeys SET customer_segment = E' \t' WHERE customer_id = 'c3' AND journey_step = 1");
        await AdminAsync("UPDATE dw4.customer_journeys SET customer_segment = '' WHERE customer_id = 'c3' AND journey_step = 2");

        var counts = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));

        Assert.Equal([("(none)", 2L, 4L), ("Loyal", 1L, 3L)], counts.CustomerSegments.Select(s => (s.CustomerSegment, s.Counts.Journeys, s.Counts.Rows)));
        Assert.Equal(0, counts.MixedCustomerSegmentJourneys);
    }

    [Fact]
    public async Task CountPartition_NoSegmentColumn_CountsNoSegments()
    {
        await LoadCsvAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"));
        await AdminAsync("ALTER TABLE dw4.customer_journeys DROP COLUMN customer_segment");
        try
        {
            var counts = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
            Assert.Empty(counts.CustomerSegments);
            Assert.Equal(3, counts.Journeys);
        }
        finally
        {
            await AdminAsync("ALTER TABLE dw4.customer_journeys ADD COLUMN customer_segment text");
            await AdminAsync("GRANT SELECT ON ALL TABLES IN SCHEMA dw4 TO markov_reader");
        }
    }

    /// <summary>Issue 25: a campaign column, detected, read as the CSV path reads it (MODEL.md section 10).</summary>
    [Fact]
    public async Task CountPartition_CampaignColumn_IsTheChannelChainWithOneCampaignPerChannelAndRefusedBeyond5000()
    {
        await LoadSampleAsync(customers: 3_000);
        var without = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
        Assert.Null(without.Campaigns);
        await AdminAsync("ALTER TABLE dw4.customer_journeys ADD COLUMN campaign text");
        await AdminAsync("GRANT SELECT ON ALL TABLES IN SCHEMA dw4 TO markov_reader");
        try
        {
            // One campaign per channel, spelled messily: the campaign chain is the channel chain.
            await AdminAsync("UPDATE dw4.customer_journeys SET campaign = '  ' || upper(channel) || '   launch '");
            var whole = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));
            AssertSameCounts(without, whole with { Campaigns = null });
            var campaigns = whole.Campaigns!;
            Assert.Equal(whole.Channels.Select(c => Campaign.Key(c, c + " Launch")), campaigns.Channels);
            Assert.Equal(
                whole.Transitions.Select(t => (t.From, t.To, t.Count)),
                campaigns.Transitions.Select(t => (Plain(t.From), Plain(t.To), t.Count)));
            var parts = new List<JourneyCounts>();
            for (var p = 0; p < 3; p++)
            {
                parts.Add(await Source().CountPartitionAsync(new ExtractRequest("test", p, 3, 7, null)));
            }

            AssertSameCounts(campaigns, JourneyCounts.Sum(parts).Campaigns!);

            // NULL and blank are (none); a campaign under two channels is one state per channel.
            await AdminAsync("UPDATE dw4.customer_journeys SET campaign = CASE WHEN journey_step = 1 THEN NULL WHEN journey_step = 2 THEN ' ' ELSE 'spring' END");
            var mixed = (await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null))).Campaigns!;
            Assert.All(mixed.Channels, key => Assert.Contains(Campaign.Split(key).Campaign, new[] { Campaign.None, "Spring" }));
            Assert.True(mixed.Channels.Count(key => Campaign.Split(key).Campaign == "Spring") > 1);

            await AdminAsync("UPDATE dw4.customer_journeys SET campaign = 'c' || (hashtext(customer_id || journey_step) & 8191)");
            var error = await Assert.ThrowsAsync<InputValidationException>(() => Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null)));
            Assert.Equal((Tables.Journeys, Tables.JourneyColumns.Campaign), (error.Table, error.Column!));
            Assert.Contains("more than 5,000 distinct (channel, campaign) pairs", error.Message);
        }
        finally
        {
            await AdminAsync("ALTER TABLE dw4.customer_journeys DROP COLUMN campaign");
        }

        static string Plain(string state) => state.StartsWith('(') ? state : Campaign.Split(state).Channel;
    }

    internal static void AssertSameCounts(JourneyCounts expected, JourneyCounts actual)
    {
        Assert.Equal(expected.CustomerSegments.Select(s => s.CustomerSegment), actual.CustomerSegments.Select(s => s.CustomerSegment));
        foreach (var (e, a) in expected.CustomerSegments.Zip(actual.CustomerSegments))
        {
            AssertSameCounts(e.Counts, a.Counts);
        }

        Assert.Equal(expected.Channels, actual.Channels);
        Assert.Equal(expected.Transitions, actual.Transitions);
        Assert.Equal((expected.Rows, expected.Journeys, expected.ConvertedJourneys), (actual.Rows, actual.Journeys, actual.ConvertedJourneys));
        Assert.Equal(expected.ConvertedValue, actual.ConvertedValue, 9);
        foreach (var (e, a) in expected.Heuristics.Zip(actual.Heuristics))
        {
            Assert.Equal(e.Channel, a.Channel);
            Assert.Equal(e.FirstTouch, a.FirstTouch, 9);
            Assert.Equal(e.LastTouch, a.LastTouch, 9);
            Assert.Equal(e.Linear, a.Linear, 9);
            Assert.Equal(e.PositionBased, a.PositionBased, 9);
            Assert.Equal(e.TimeDecay, a.TimeDecay, 9);
        }
    }

    private PostgresJourneySource Source() => new(NpgsqlDataSource.Create(Server.ReaderConnectionString));

    /// <summary>Issue 24: the read-only role reads the sample's history as the CSV path reads it, and a bad row is refused naming it.</summary>
    [Fact]
    public async Task ReadSpendHistory_SampleAndABadRow_MatchesTheCsvRowsAndRefusesTheTuesday()
    {
        await LoadSampleAsync(2_000);
        var history = await Source().ReadSpendHistoryAsync();
        var expected = MarkovFunctions.Domain.ResponseFitting.SpendHistory.Create(
            MarkovFunctions.Domain.Sampling.SpendHistoryGenerator.SampleHistory(new MarkovFunctions.Domain.Sampling.SampleDataGenerator(9).Performance(2_000), 9));

        Assert.NotNull(history);
        Assert.Equal(8 * 104, history.Rows);
        foreach (var (channel, series) in expected.Series)
        {
            Assert.Equal(series.Spend, history.Series[channel].Spend);
            Assert.Equal(series.Conversions, history.Series[channel].Conversions);
        }

        await AdminAsync("INSERT INTO dw4.channel_spend_history VALUES ('2026-11-24', 'Email', 10, 5)");
        var error = await Assert.ThrowsAsync<InputValidationException>(() => Source().ReadSpendHistoryAsync());
        Assert.Contains("channel_spend_history.week_start: 2026-11-24 is a Tuesday, not a Monday", error.Message);
        await AdminAsync("DELETE FROM dw4.channel_spend_history WHERE week_start = '2026-11-24'");
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task LoadSampleAsync(int customers)
    {
        await using var connection = new NpgsqlConnection(Server.AdminConnectionString);
        await connection.OpenAsync();
        await PostgresLoader.LoadSampleAsync(connection, customers, seed: 9);
    }

    /// <summary>Loads a case's CSV files as they are spelled (messy names included).</summary>
    internal static async Task LoadCsvAsync(string connectionString, string directory)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var truncate = new NpgsqlCommand("TRUNCATE dw4.customer_journeys, dw4.channel_performance", connection))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        var journeys = new List<JourneyRecord>();
        using (var reader = CsvReader.FromFile(Path.Combine(directory, "journeys.csv")))
        {
            var header = reader.Headers.ToList();
            while (reader.Read())
            {
                string Field(string column) => reader.GetString(header.IndexOf(column));
                var value = Field("conversion_value");
                journeys.Add(new JourneyRecord(
                    Field("customer_id"),
                    int.Parse(Field("journey_step"), CultureInfo.InvariantCulture),
                    Field("channel"),
                    new DateTime(FieldParser.ParseTimestampUtcTicks(Field("timestamp"), "t", "c", "r"), DateTimeKind.Utc),
                    FieldParser.ParseBoolean(Field("converted"), "t", "c", "r"),
                    value.Length == 0 ? null : decimal.Parse(value, CultureInfo.InvariantCulture),
                    Field("customer_segment")));
            }
        }

        await PostgresLoader.LoadJourneysAsync(connection, journeys);
        var performance = new List<ChannelPerformance>();
        using (var reader = CsvReader.FromFile(Path.Combine(directory, "channel_performance.csv")))
        {
            var header = reader.Headers.ToList();
            while (reader.Read())
            {
                double Number(string column) => double.Parse(reader.GetString(header.IndexOf(column)), CultureInfo.InvariantCulture);
                performance.Add(new ChannelPerformance(
                    reader.GetString(header.IndexOf("channel")), Number("current_monthly_spend"), Number("conversions_attributed"), Number("cost_per_conversion"),
                    Number("min_monthly_spend"), Number("max_monthly_spend"), Number("conversion_rate_per_1000")));
            }
        }

        await PostgresLoader.LoadPerformanceAsync(connection, performance);
    }

    private Task LoadCsvAsync(string directory) => LoadCsvAsync(Server.AdminConnectionString, directory);
}

/// <summary>The optional publish of budget scenarios with the writer role.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScenarioSinkTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Write_SameRunTwice_UpsertsIdempotently()
    {
        var outcome = Outcome();
        var sink = new PostgresScenarioSink(NpgsqlDataSource.Create(postgres.Server.WriterConnectionString));
        var scenario = $"run-{Guid.NewGuid():N}";

        await sink.WriteAsync(scenario, PipelineInput.WeeklyTrigger, outcome.Budgets);
        await sink.WriteAsync(scenario, PipelineInput.WeeklyTrigger, outcome.Budgets);

        await using var connection = new NpgsqlConnection(postgres.Server.WriterConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), sum(optimal_spend) FILTER (WHERE budget = 30000) FROM analytics.budget_scenarios WHERE scenario_id = @s", connection);
        command.Parameters.AddWithValue("s", scenario);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(10L, reader.GetInt64(0));
        Assert.Equal(30000m, decimal.Round(reader.GetDecimal(1), 6));
    }

    [Fact]
    public async Task Write_EveryRow_CarriesTheRunsTrigger()
    {
        var sink = new PostgresScenarioSink(NpgsqlDataSource.Create(postgres.Server.WriterConnectionString));
        var weekly = $"run-{Guid.NewGuid():N}";
        var adhoc = $"run-{Guid.NewGuid():N}";

        await sink.WriteAsync(weekly, PipelineInput.WeeklyTrigger, Outcome().Budgets);
        await sink.WriteAsync(adhoc, PipelineInput.AdhocTrigger, Outcome().Budgets);

        Assert.Equal([("weekly", 10L)], await TriggersAsync(weekly));
        Assert.Equal([("adhoc", 10L)], await TriggersAsync(adhoc));
    }

    [Fact]
    public async Task Schema_RunAgainOnATableMadeBeforeTheTriggerColumn_AddsItKeepingTheRows()
    {
        var old = $"run-{Guid.NewGuid():N}";
        await AdminAsync("ALTER TABLE analytics.budget_scenarios DROP COLUMN \"trigger\"");
        await AdminAsync($"INSERT INTO analytics.budget_scenarios VALUES ('{old}', 1000, 'Email', 1000, 5, 0)");

        await AdminAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "sql", "001_schema.sql")));
        await AdminAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "sql", "001_schema.sql")));

        var scenario = $"run-{Guid.NewGuid():N}";
        await new PostgresScenarioSink(NpgsqlDataSource.Create(postgres.Server.WriterConnectionString)).WriteAsync(scenario, PipelineInput.AdhocTrigger, Outcome().Budgets);
        Assert.Equal([(null, 1L)], await TriggersAsync(old));
        Assert.Equal([("adhoc", 10L)], await TriggersAsync(scenario));
    }

    [Fact]
    public async Task WriterRole_WriteToDw4_IsRefused()
    {
        await using var connection = new NpgsqlConnection(postgres.Server.WriterConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM dw4.customer_journeys", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private static MarkovFunctions.Domain.RunOutcome Outcome() => MarkovFunctions.Domain.MarkovEngine.Run(
        JourneyCsvReader.Count(Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds", "journeys.csv")),
        PerformanceCsvReader.Read(Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds", "channel_performance.csv")),
        MarkovFunctions.Domain.RunSettings.Create([30000, 60000]));

    /// <summary>Each trigger of the scenario's rows and how many rows have it.</summary>
    private async Task<List<(string? Trigger, long Rows)>> TriggersAsync(string scenario)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.WriterConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"trigger\", count(*) FROM analytics.budget_scenarios WHERE scenario_id = @s GROUP BY 1 ORDER BY 1", connection);
        command.Parameters.AddWithValue("s", scenario);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
