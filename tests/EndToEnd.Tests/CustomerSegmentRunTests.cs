using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using MarkovFunctions.Domain.Sampling;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>A generated week with three customer segments, run once with `markov run --journeys`.</summary>
public sealed class SegmentedSampleRun : IAsyncLifetime
{
    public const int Customers = 6_000;

    public string Directory { get; } = MarkovCli.TempPath("segments");

    public string Data => Path.Combine(Directory, "data");

    /// <summary>The run folder under the artifact root the run was published into.</summary>
    public string Run => MarkovCli.RunFolder(Path.Combine(Directory, "run"));

    public string Budgets { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var sample = await MarkovCli.RunAsync("sample", "--customers", Customers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "42", "--out", Data);
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        Budgets = "80000,88000";
        var run = await RunAsync(Path.Combine(Data, "journeys.csv"), Path.Combine(Directory, "run"));
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    public Task DisposeAsync()
    {
        CsvRunTests.Delete(Directory);
        return Task.CompletedTask;
    }

    public Task<MarkovCli.Result> RunAsync(string journeys, string output, params string[] extra) =>
        MarkovCli.RunAsync(["run", "--journeys", journeys, "--performance", Path.Combine(Data, "channel_performance.csv"), "--budgets", Budgets, "--out", output, .. extra]);
}

/// <summary>MODEL.md section 8 on the CSV path: summary.json segments and markov_attribution_by_segment.parquet.</summary>
public sealed class CustomerSegmentRunTests(SegmentedSampleRun sample) : IClassFixture<SegmentedSampleRun>
{
    private static JsonElement Manifest(string run) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run, "run_manifest.json"))).RootElement;

    public static TheoryData<string> Segments => new(SampleDataGenerator.CustomerSegments);

    [Theory]
    [MemberData(nameof(Segments))]
    public async Task Run_Segment_WeightsEqualARunOnThatSegmentsRowsAlone(string segment)
    {
        var alone = Path.Combine(sample.Directory, $"alone-{segment}");
        System.IO.Directory.CreateDirectory(alone);
        var lines = File.ReadAllLines(Path.Combine(sample.Data, "journeys.csv"));
        var column = lines[0].Split(',').ToList().IndexOf("customer_segment");
        File.WriteAllLines(Path.Combine(alone, "journeys.csv"), [lines[0], .. lines.Skip(1).Where(l => l.Split(',')[column] == segment)]);
        var run = await sample.RunAsync(Path.Combine(alone, "journeys.csv"), Path.Combine(alone, "run"));
        Assert.True(run.ExitCode == 0, run.Stderr);

        using var whole = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sample.Run, "summary.json")));
        using var own = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(Path.Combine(alone, "run")), "summary.json")));
        var entry = whole.RootElement.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("customer_segment").GetString() == segment);
        var expected = own.RootElement;

        // A run on one segment's rows has one segment, so no segments of its own; the manifests say how many.
        Assert.False(expected.TryGetProperty("segments", out _));
        Assert.Equal(SampleDataGenerator.CustomerSegments.Count, Manifest(sample.Run).GetProperty("customer_segments").GetInt32());
        Assert.Equal(1, Manifest(MarkovCli.RunFolder(Path.Combine(alone, "run"))).GetProperty("customer_segments").GetInt32());
        Assert.Equal(expected.GetProperty("rows").GetInt64(), entry.GetProperty("rows").GetInt64());
        Assert.Equal(expected.GetProperty("journeys").GetInt64(), entry.GetProperty("journeys").GetInt64());
        Assert.Equal(expected.GetProperty("converted_journeys").GetInt64(), entry.GetProperty("converted_journeys").GetInt64());
        Close(expected.GetProperty("converted_value").GetDouble(), entry.GetProperty("converted_value").GetDouble());
        Close(expected.GetProperty("baseline_conversion").GetDouble(), entry.GetProperty("baseline_conversion").GetDouble());
        var channels = entry.GetProperty("channels").EnumerateArray().ToArray();
        var expectedChannels = expected.GetProperty("channels").EnumerateArray().Where(c => c.GetProperty("removal_effect").GetDouble() > 0 || c.GetProperty("linear").GetDouble() > 0).ToArray();
        Assert.Equal(expectedChannels.Select(c => c.GetProperty("channel").GetString()), channels.Select(c => c.GetProperty("channel").GetString()));
        foreach (var (e, a) in expectedChannels.Zip(channels))
        {
            foreach (var name in new[] { "removal_effect", "removal_weight", "attributed_conversions", "attributed_value", "first_touch", "last_touch", "linear", "position_based", "time_decay", "shapley" })
            {
                Close(e.GetProperty(name).GetDouble(), a.GetProperty(name).GetDouble(), $"{segment} {e.GetProperty("channel").GetString()} {name}");
            }
        }
    }

    [Fact]
    public void Run_Segments_AddUpToTheWholeAndTheParquetHoldsTheSummarysNumbers()
    {
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sample.Run, "summary.json")));
        var root = summary.RootElement;
        var segments = root.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(["Loyal", "New", "Returning"], segments.Select(s => s.GetProperty("customer_segment").GetString()));
        Assert.Equal(SegmentedSampleRun.Customers, segments.Sum(s => s.GetProperty("journeys").GetInt64()));
        Assert.Equal(root.GetProperty("journeys").GetInt64(), segments.Sum(s => s.GetProperty("journeys").GetInt64()));
        Assert.Equal(root.GetProperty("converted_journeys").GetInt64(), segments.Sum(s => s.GetProperty("converted_journeys").GetInt64()));
        Assert.Equal(root.GetProperty("rows").GetInt64(), segments.Sum(s => s.GetProperty("rows").GetInt64()));
        foreach (var segment in segments)
        {
            var channels = segment.GetProperty("channels").EnumerateArray().ToArray();
            Close(1, channels.Sum(c => c.GetProperty("removal_weight").GetDouble()));
            Close(segment.GetProperty("converted_journeys").GetInt64(), channels.Sum(c => c.GetProperty("attributed_conversions").GetDouble()));
            Close(segment.GetProperty("converted_journeys").GetInt64(), channels.Sum(c => c.GetProperty("shapley").GetDouble()), "Shapley credits add up");
            Close((double)segment.GetProperty("converted_journeys").GetInt64() / segment.GetProperty("journeys").GetInt64(), segment.GetProperty("baseline_conversion").GetDouble(), "baseline = share converted");
        }

        // Heuristic credit is additive over customers: the segments' credits sum to the whole run's.
        foreach (var channel in root.GetProperty("channels").EnumerateArray())
        {
            var name = channel.GetProperty("channel").GetString();
            var linear = segments.Sum(s => s.GetProperty("channels").EnumerateArray().Where(c => c.GetProperty("channel").GetString() == name).Sum(c => c.GetProperty("linear").GetDouble()));
            Close(channel.GetProperty("linear").GetDouble(), linear, $"{name} linear");
        }

        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        var file = Path.Combine(sample.Run, "markov_attribution_by_segment.parquet");
        var columns = CsvRunTests.Query(db, $"SELECT * FROM read_parquet('{file}') LIMIT 0", columnsOnly: true).Single().Cast<string>();
        Assert.Equal(
            ["run_id", "run_timestamp", "customer_segment", "channel", "removal_effect", "removal_weight", "attributed_conversions", "attributed_value", "baseline_conversion",
             "segment_journeys", "segment_converted_journeys", "first_touch", "last_touch", "linear", "position_based", "time_decay", "shapley", "trigger"],
            columns);
        var rows = CsvRunTests.Query(db, $"SELECT customer_segment, channel, removal_weight, attributed_conversions, baseline_conversion, segment_journeys, time_decay, shapley FROM read_parquet('{file}') ORDER BY customer_segment, channel");
        var expected = segments.SelectMany(s => s.GetProperty("channels").EnumerateArray().Select(c => (Segment: s, Channel: c))).ToArray();
        Assert.Equal(expected.Length, rows.Count);
        foreach (var ((segment, channel), row) in expected.Zip(rows))
        {
            Assert.Equal(segment.GetProperty("customer_segment").GetString(), row[0]);
            Assert.Equal(channel.GetProperty("channel").GetString(), row[1]);
            Assert.Equal(channel.GetProperty("removal_weight").GetDouble(), (double)row[2]!);
            Assert.Equal(channel.GetProperty("attributed_conversions").GetDouble(), (double)row[3]!);
            Assert.Equal(segment.GetProperty("baseline_conversion").GetDouble(), (double)row[4]!);
            Assert.Equal(segment.GetProperty("journeys").GetInt64(), Convert.ToInt64(row[5]));
            Assert.Equal(channel.GetProperty("time_decay").GetDouble(), (double)row[6]!);
            Assert.Equal(channel.GetProperty("shapley").GetDouble(), (double)row[7]!);
        }

        // Email drives Returning customers, Paid Social New ones (the sample's chains differ that way).
        double Weight(string segment, string channel) => (double)rows.Single(r => (string)r[0]! == segment && (string)r[1]! == channel)[2]!;
        Assert.True(Weight("Returning", "Email") > Weight("New", "Email"));
        Assert.True(Weight("New", "Paid Social") > Weight("Returning", "Paid Social"));
        Assert.DoesNotContain(CsvRunTests.Query(db, $"SELECT DISTINCT customer_segment FROM read_parquet('{file}')"), r => ((string)r[0]!).StartsWith('C'));
    }

    [Fact]
    public async Task Run_OneSegment_WritesWhatARunWithoutTheColumnWrites()
    {
        var work = Path.Combine(sample.Directory, "one-segment");
        System.IO.Directory.CreateDirectory(work);
        var lines = File.ReadAllLines(Path.Combine(sample.Data, "journeys.csv"));
        File.WriteAllLines(Path.Combine(work, "everyone.csv"), [lines[0], .. lines.Skip(1).Select(l => l[..l.LastIndexOf(',')] + ",Everyone")]);
        File.WriteAllLines(Path.Combine(work, "no-column.csv"), lines.Select(l => l[..l.LastIndexOf(',')]));

        Assert.Equal(0, (await sample.RunAsync(Path.Combine(work, "everyone.csv"), Path.Combine(work, "a"))).ExitCode);
        Assert.Equal(0, (await sample.RunAsync(Path.Combine(work, "no-column.csv"), Path.Combine(work, "b"))).ExitCode);

        var (withColumn, withoutColumn) = (MarkovCli.RunFolder(Path.Combine(work, "a")), MarkovCli.RunFolder(Path.Combine(work, "b")));
        var a = System.IO.Directory.GetFiles(withColumn).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(System.IO.Directory.GetFiles(withoutColumn).Select(Path.GetFileName).Order(), a);
        Assert.DoesNotContain("markov_attribution_by_segment.parquet", a);
        Assert.False(System.IO.Directory.Exists(Path.Combine(work, "a", "history", "markov_attribution_by_segment")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(withoutColumn, "summary.json")), File.ReadAllBytes(Path.Combine(withColumn, "summary.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(withoutColumn, "transition_matrix.csv")), File.ReadAllBytes(Path.Combine(withColumn, "transition_matrix.csv")));
        Assert.DoesNotContain("\"segments\"", File.ReadAllText(Path.Combine(withColumn, "summary.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("segment", File.ReadAllText(Path.Combine(withColumn, "report.html")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_MessySegments_AreTrimmedAndEmptyOrMissingIsNone()
    {
        var work = Path.Combine(sample.Directory, "messy");
        System.IO.Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "journeys.csv"), """
            customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment
            c1,1,Email,2024-01-01T00:00:00Z,0,0,"  Loyal "
            c1,2,Direct,2024-01-02T00:00:00Z,1,50,"  Loyal "
            c2,1,Email,2024-01-01T00:00:00Z,1,20,Loyal
            c3,1,Direct,2024-01-01T00:00:00Z,1,30,
            c4,1,Email,2024-01-01T00:00:00Z,0,0,"   "
            c4,2,Direct,2024-01-03T00:00:00Z,1,10,"	"

            """.Replace("\n", "\r\n", StringComparison.Ordinal));
        var run = await sample.RunAsync(Path.Combine(work, "journeys.csv"), Path.Combine(work, "run"));
        Assert.True(run.ExitCode == 0, run.Stderr);

        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(Path.Combine(work, "run")), "summary.json")));
        var segments = summary.RootElement.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal([("(none)", 2L, 3L), ("Loyal", 2L, 3L)], segments.Select(s => (s.GetProperty("customer_segment").GetString(), s.GetProperty("journeys").GetInt64(), s.GetProperty("rows").GetInt64())));
        Assert.Equal(1.0, segments[0].GetProperty("baseline_conversion").GetDouble(), 12);
    }

    [Theory]
    [InlineData("long")]
    [InlineData("latin1")]
    public async Task Run_BadSegment_IsRefusedNamingTheColumnAndRow(string damage)
    {
        var work = Path.Combine(sample.Directory, "bad-" + damage);
        System.IO.Directory.CreateDirectory(work);
        var segment = damage == "long" ? Encoding.UTF8.GetBytes(new string('x', 201)) : [(byte)'F', (byte)'i', (byte)'d', 0xE8, (byte)'l', (byte)'e'];
        using (var file = File.Create(Path.Combine(work, "journeys.csv")))
        {
            file.Write("customer_id,journey_step,channel,timestamp,converted,conversion_value,customer_segment\nc1,1,Email,2024-01-01T00:00:00Z,1,5,New\nc2,1,Email,2024-01-01T00:00:00Z,1,5,"u8);
            file.Write(segment);
            file.Write("\n"u8);
        }

        var run = await sample.RunAsync(Path.Combine(work, "journeys.csv"), Path.Combine(work, "run"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("customer_journeys.customer_segment: customer_segment ", run.Stderr);
        Assert.Contains(damage == "long" ? "is longer than 200 characters" : "is not valid UTF-8 text", run.Stderr);
        Assert.Contains("line 3", run.Stderr);
        Assert.DoesNotContain("c2", run.Stderr);
        Assert.False(File.Exists(Path.Combine(work, "run", "latest.json")));
    }

    private static void Close(double expected, double actual, string? what = null) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
