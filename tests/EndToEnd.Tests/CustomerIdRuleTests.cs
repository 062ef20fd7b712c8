using System.Globalization;
using System.Text;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Pipeline.Csv;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Postgres;
using MarkovFunctions.TestSupport;
using Npgsql;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// One customer-id rule for both paths (docs/MODEL.md section 1): the same tricky rows, written to a CSV
/// file and loaded into a real PostgreSQL, give the same counts through the CSV reader and the COPY parser.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CustomerIdRuleTests(PostgresFixture postgres) : IDisposable
{
    private static readonly DateTime Day = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _work = MarkovCli.TempPath("customer-ids");

    public void Dispose() => CsvRunTests.Delete(_work);

    /// <summary>Ids padded with spaces and tabs, quoted, with commas, UTF-8 of 1 to 4 bytes, and at the 65,535-byte limit.</summary>
    private static List<JourneyRecord> TrickyRows()
    {
        var longAscii = new string('x', CustomerId.MaxBytes);
        // 32,767 two-byte characters and one byte: 65,535 bytes of UTF-8, as long as accepted.
        var longUtf8 = string.Concat(Enumerable.Repeat("é", 32_767)) + "y";
        Assert.Equal(CustomerId.MaxBytes, Encoding.UTF8.GetByteCount(longUtf8));
        var rows = new List<JourneyRecord>();
        void Journey(string id, params string[] channels)
        {
            for (var i = 0; i < channels.Length; i++)
            {
                var last = i == channels.Length - 1;
                rows.Add(new JourneyRecord(id, i + 1, channels[i], Day.AddHours(rows.Count), last && id.Length % 2 == 0, last ? 40m : null, " Loyal "));
            }
        }

        // One customer written four ways: trimmed of spaces and tabs it is "c1", one journey of four touches.
        Journey("c1", "Email");
        rows.Add(new JourneyRecord(" c1", 2, "paid  search", Day.AddHours(50), false, null, "Loyal"));
        rows.Add(new JourneyRecord("c1\t", 3, "Direct", Day.AddHours(51), false, null, "Loyal"));
        rows.Add(new JourneyRecord(" \tc1 ", 4, "Email", Day.AddHours(52), true, 12.5m, "Loyal"));
        Journey("\"quoted\", with comma", "Display", "Email");
        Journey("c\"2\"", "Paid Search");
        Journey("客户-é", "Email", "Direct");
        Journey("😀 emoji", "Display", "Paid Search", "Direct");
        // A no-break space is no space or tab: part of the id, so this is a customer of its own.
        Journey("\u00A0c1", "Direct", "Email");
        Journey(longAscii, "Email", "Paid Search");
        Journey(" " + longAscii + "\t", "Direct");
        Journey(longUtf8, "Display", "Email");
        Journey("zz", "Email");
        return rows;
    }

    [Fact]
    public async Task Count_TrickyRows_CsvAndCopyGiveTheSameCounts()
    {
        var rows = TrickyRows();
        var csv = await WriteBothAsync(rows);

        var fromCsv = JourneyCsvReader.Count(csv);
        var fromDatabase = await Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null));

        PostgresExtractTests.AssertSameCounts(fromCsv, fromDatabase);
        Assert.Equal(rows.Count, fromCsv.Rows);
        // c1 (four spellings), the quoted one, c"2", 客户-é, emoji, NBSP c1, the long ASCII id (twice: padded), the long UTF-8 id, zz.
        Assert.Equal(9, fromCsv.Journeys);
    }

    [Fact]
    public async Task Count_IdOneByteOverTheLimitAfterTrimming_BothPathsRefuseIt()
    {
        var rows = TrickyRows();
        rows.Add(new JourneyRecord("  " + new string('w', CustomerId.MaxBytes + 1) + "  ", 1, "Email", Day, true, 1m, null));
        var csv = await WriteBothAsync(rows);

        var fromCsv = Assert.Throws<InputValidationException>(() => JourneyCsvReader.Count(csv));
        var fromDatabase = await Assert.ThrowsAsync<InputValidationException>(() => Source().CountPartitionAsync(new ExtractRequest("test", 0, 1, 7, null)));

        foreach (var error in new[] { fromCsv, fromDatabase })
        {
            Assert.Equal(("customer_journeys", "customer_id"), (error.Table, error.Column));
            Assert.Equal("a customer_id is 65,536 bytes long, above the 65,535 accepted", error.Problem);
            Assert.DoesNotContain("wwww", error.Message);
        }
    }

    private async Task<string> WriteBothAsync(List<JourneyRecord> rows)
    {
        Directory.CreateDirectory(_work);
        var path = Path.Combine(_work, "journeys.csv");
        var text = new StringBuilder("customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', Quoted(row.CustomerId), row.JourneyStep.ToString(CultureInfo.InvariantCulture), Quoted(row.Channel!),
                row.TimestampUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), row.Converted ? "true" : "false",
                row.ConversionValue?.ToString(CultureInfo.InvariantCulture) ?? "", Quoted(row.CustomerSegment ?? "")).Append('\n');
        }

        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false));

        await using var connection = new NpgsqlConnection(postgres.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using (var truncate = new NpgsqlCommand("TRUNCATE dw4.customer_journeys", connection))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        await PostgresLoader.LoadJourneysAsync(connection, rows);
        return path;
    }

    /// <summary>RFC 4180: every field quoted, a quote doubled, so white space, commas and quotes reach the reader as they are.</summary>
    private static string Quoted(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private PostgresJourneySource Source() => new(NpgsqlDataSource.Create(postgres.Server.ReaderConnectionString));
}
