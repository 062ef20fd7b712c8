using System.Text.Json;
using DuckDB.NET.Data;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>The CSV mode of `markov run`, end to end: files in, run folder out, opened as BI would.</summary>
public sealed class CsvRunTests
{
    public static IEnumerable<object[]> Cases =>
        Directory.EnumerateFiles(MarkovCli.CasesRoot, "journeys.csv", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Where(d => Directory.Exists(Path.Combine(d!, "expected")))
            .Select(d => new object[] { Path.GetRelativePath(MarkovCli.CasesRoot, d!) });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Run_Case_SummaryMatchesExpectedNumbers(string name)
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, name);
        var output = MarkovCli.TempPath("case");
        try
        {
            var result = await MarkovCli.RunCaseAsync(directory, output);
            Assert.True(result.ExitCode == 0, result.Stderr);

            using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(output), "summary.json")));
            using var markov = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "expected", "markov.json")));
            using var lp = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "expected", "lp.json")));
            using var calibration = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "expected", "calibration.json")));
            var root = summary.RootElement;

            Close(markov.RootElement.GetProperty("baseline_p").GetDouble(), root.GetProperty("baseline_conversion").GetDouble(), 1e-9);
            Assert.Equal(markov.RootElement.GetProperty("total_conversions").GetInt64(), root.GetProperty("converted_journeys").GetInt64());
            foreach (var expected in markov.RootElement.GetProperty("matrix_variant").EnumerateArray())
            {
                var channel = root.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == expected.GetProperty("channel").GetString());
                Close(expected.GetProperty("removal_weight").GetDouble(), channel.GetProperty("removal_weight").GetDouble(), 1e-9);
                Close(expected.GetProperty("attributed_value").GetDouble(), channel.GetProperty("attributed_value").GetDouble(), 1e-9);
            }

            Assert.Equal(calibration.RootElement.GetProperty("alpha_best").GetDouble(), root.GetProperty("alpha_best").GetDouble());
            var budgets = root.GetProperty("budgets").EnumerateArray().ToArray();
            foreach (var (expected, actual) in lp.RootElement.GetProperty("results").EnumerateArray().Zip(budgets))
            {
                var optimal = expected.GetProperty("status").GetString() == "optimal";
                Assert.Equal(optimal ? "Optimal" : "Infeasible", actual.GetProperty("status").GetString());
                if (optimal)
                {
                    Close(expected.GetProperty("predicted_conversions").GetDouble(), actual.GetProperty("predicted_conversions").GetDouble(), 1e-6);
                    Close(expected.GetProperty("uplift").GetDouble(), actual.GetProperty("uplift").GetDouble(), 1e-6);
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, actual.GetProperty("predicted_conversions").ValueKind);
                    Assert.NotEmpty(actual.GetProperty("reasons").EnumerateArray());
                }
            }
        }
        finally
        {
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_ParquetArtifacts_OpenInDuckDbWithExpectedColumnsAndValues()
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");
        var output = MarkovCli.TempPath("duckdb");
        try
        {
            var result = await MarkovCli.RunCaseAsync(directory, output);
            Assert.True(result.ExitCode == 0, result.Stderr);
            using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(output), "summary.json")));

            using var db = new DuckDBConnection("Data Source=:memory:");
            db.Open();
            var weights = Query(db, $"SELECT channel, removal_weight, run_id FROM read_parquet('{MarkovCli.RunFolder(output)}/markov_attribution.parquet') ORDER BY channel");
            var expected = summary.RootElement.GetProperty("channels").EnumerateArray().Where(c => c.GetProperty("removal_weight").GetDouble() > 0 || true).ToArray();
            Assert.Equal(5, weights.Count);
            foreach (var row in weights)
            {
                var channel = expected.Single(c => c.GetProperty("channel").GetString() == (string)row[0]!);
                Assert.Equal(channel.GetProperty("removal_weight").GetDouble(), (double)row[1]!, 12);
                Assert.Matches("^[0-9]{8}_[0-9]{6}_[0-9a-f]{8}$", (string)row[2]!);
            }

            var spends = Query(db, $"SELECT channel, optimal_spend, status, budget FROM read_parquet('{MarkovCli.RunFolder(output)}/budget_scenario_30000.parquet') ORDER BY channel");
            Assert.Equal(["Affiliate", "Display", "Email", "Paid Search", "Paid Social"], spends.Select(r => (string)r[0]!));
            Assert.Equal([1000.0, 0.0, 20000.0, 9000.0, 0.0], spends.Select(r => Math.Round((double)r[1]!, 6)));
            Assert.All(spends, r => Assert.Equal("Optimal", r[2]));

            var timestampType = Query(db, $"SELECT typeof(run_timestamp) FROM read_parquet('{MarkovCli.RunFolder(output)}/sweep_alpha_budget.parquet') LIMIT 1").Single()[0];
            Assert.Equal("TIMESTAMP WITH TIME ZONE", timestampType);
            var sweep = Query(db, $"SELECT count(*), count(predicted_conversions) FROM read_parquet('{MarkovCli.RunFolder(output)}/sweep_alpha_budget.parquet')").Single();
            Assert.Equal(42L, Convert.ToInt64(sweep[0]));

            var comparison = Query(db, $"SELECT * FROM read_parquet('{MarkovCli.RunFolder(output)}/attribution_comparison.parquet') LIMIT 0", columnsOnly: true).Single();
            Assert.Equal(["run_id", "run_timestamp", "channel", "markov", "first_touch", "last_touch", "linear", "position_based", "time_decay", "shapley", "trigger"], comparison.Cast<string>());
            var triggers = Query(db, $"SELECT DISTINCT trigger, filename FROM read_parquet('{MarkovCli.RunFolder(output)}/*.parquet', union_by_name = true, filename = true)");
            Assert.Equal(Directory.GetFiles(MarkovCli.RunFolder(output), "*.parquet").Length, triggers.Count);
            Assert.All(triggers, t => Assert.Equal("cli", t[0]));
            var shapley = Query(db, $"SELECT sum(shapley), sum(markov) FROM read_parquet('{MarkovCli.RunFolder(output)}/attribution_comparison.parquet')").Single();
            Assert.Equal((double)shapley[1]!, (double)shapley[0]!, 9);
            var columns = Query(db, $"SELECT * FROM read_parquet('{MarkovCli.RunFolder(output)}/*.parquet', union_by_name = true) LIMIT 0", columnsOnly: true).Single().Cast<string>().ToArray();
            Assert.DoesNotContain(columns, c => c.Contains("customer", StringComparison.OrdinalIgnoreCase) && c != "customer_segment");
        }
        finally
        {
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_ShuffledRows_GiveTheSameSummaryAndParquetValues()
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, "c_messy_names");
        var shuffled = MarkovCli.TempPath("shuffled");
        var first = MarkovCli.TempPath("first");
        var second = MarkovCli.TempPath("second");
        try
        {
            Directory.CreateDirectory(shuffled);
            var lines = File.ReadAllLines(Path.Combine(directory, "journeys.csv"));
            File.WriteAllLines(Path.Combine(shuffled, "journeys.csv"), [lines[0], .. lines.Skip(1).Reverse()]);
            File.Copy(Path.Combine(directory, "channel_performance.csv"), Path.Combine(shuffled, "channel_performance.csv"));
            File.Copy(Path.Combine(directory, "budgets.txt"), Path.Combine(shuffled, "budgets.txt"));

            Assert.Equal(0, (await MarkovCli.RunCaseAsync(directory, first)).ExitCode);
            Assert.Equal(0, (await MarkovCli.RunCaseAsync(shuffled, second)).ExitCode);
            Assert.Equal(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(first), "summary.json")), File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(second), "summary.json")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(first), "transition_matrix.csv")), File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(second), "transition_matrix.csv")));
        }
        finally
        {
            Delete(shuffled);
            Delete(first);
            Delete(second);
        }
    }

    [Fact]
    public async Task Run_OutputDirectoryNotEmpty_RefusesWithExitCode2()
    {
        var output = MarkovCli.TempPath("busy");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        try
        {
            var result = await MarkovCli.RunCaseAsync(Path.Combine(MarkovCli.CasesRoot, "a_three_journeys"), output);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("which no run wrote", result.Stderr);
            Assert.Equal(["keep.txt"], Directory.GetFiles(output).Select(Path.GetFileName));
        }
        finally
        {
            Delete(output);
        }
    }

    [Fact]
    public async Task Run_TwiceIntoOneRoot_PublishesAsTheAppDoes_HistoryLatestAndDrift()
    {
        var caseA = Path.Combine(MarkovCli.CasesRoot, "a_three_journeys");
        var earlier = MarkovCli.TempPath("earlier-case");
        var root = MarkovCli.TempPath("root");
        try
        {
            // The earlier week saw one more converting journey through Facebook, so Facebook's weight drifts.
            Directory.CreateDirectory(earlier);
            File.Copy(Path.Combine(caseA, "channel_performance.csv"), Path.Combine(earlier, "channel_performance.csv"));
            File.WriteAllLines(
                Path.Combine(earlier, "journeys.csv"),
                [.. File.ReadAllLines(Path.Combine(caseA, "journeys.csv")), "c4,1,Facebook,2024-01-04T00:00:00Z,0,0,New", "c4,2,Search,2024-01-06T00:00:00Z,1,80,New"]);

            // Facebook moves 30 %, Email 40 %: above a 10 % threshold, read from the environment as in the app.
            var alerts = new Dictionary<string, string> { ["Alerts__WeightChangeThreshold"] = "0.1" };
            Task<MarkovCli.Result> RunAsync(string data) => MarkovCli.RunAsync(
                alerts, "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"), "--budgets", "30000", "--out", root);
            var first = await RunAsync(earlier);
            Assert.True(first.ExitCode == 0, first.Stderr);
            var firstRun = Path.GetFileName(MarkovCli.RunFolder(root));
            // No wait: a run into a root whose newest run started this second starts in the next.
            var second = await RunAsync(caseA);
            Assert.True(second.ExitCode == 0, second.Stderr);
            var secondRun = Path.GetFileName(MarkovCli.RunFolder(root));

            Assert.NotEqual(firstRun, secondRun);
            Assert.Equal([firstRun, secondRun], Directory.GetDirectories(root).Select(Path.GetFileName).Where(n => n!.StartsWith("20", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Equal(
                [$"{firstRun}.json", $"{secondRun}.json"],
                Directory.GetFiles(Path.Combine(root, "published")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var table in Directory.GetFiles(Path.Combine(root, firstRun), "*.parquet").Select(Path.GetFileNameWithoutExtension))
            {
                Assert.Equal(
                    [$"run_id={firstRun}", $"run_id={secondRun}"],
                    Directory.GetDirectories(Path.Combine(root, "history", table!)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
                Assert.Equal(
                    File.ReadAllBytes(Path.Combine(root, secondRun, table + ".parquet")),
                    File.ReadAllBytes(Path.Combine(root, "history", table!, $"run_id={secondRun}", "part.parquet")));
            }

            using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, secondRun, "summary.json")));
            var drift = summary.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!).Where(a => a.Contains("weight moved", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(drift);
            Assert.All(drift, a => Assert.Contains($"since run {firstRun}", a, StringComparison.Ordinal));
            Assert.Contains("alert: Facebook weight moved", second.Stdout, StringComparison.Ordinal);
            using var firstSummary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, firstRun, "summary.json")));
            Assert.DoesNotContain(firstSummary.RootElement.GetProperty("alerts").EnumerateArray(), a => a.GetString()!.Contains("weight moved", StringComparison.Ordinal));
        }
        finally
        {
            Delete(earlier);
            Delete(root);
        }
    }

    [Theory]
    [InlineData("0.0001", 0)]
    [InlineData("-1", 2)]
    public async Task Run_AlertsSmapeThresholdFromTheEnvironment_IsTheAppsSetting(string threshold, int exitCode)
    {
        var root = MarkovCli.TempPath("smape");
        try
        {
            var result = await MarkovCli.RunAsync(
                new Dictionary<string, string> { ["Alerts__SmapeThreshold"] = threshold },
                "run", "--journeys", Path.Combine(MarkovCli.CasesRoot, "a_three_journeys", "journeys.csv"),
                "--performance", Path.Combine(MarkovCli.CasesRoot, "a_three_journeys", "channel_performance.csv"),
                "--budgets", "30000", "--out", root);

            Assert.True(exitCode == result.ExitCode, result.Stderr);
            if (exitCode == 0)
            {
                using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MarkovCli.RunFolder(root), "summary.json")));
                var alert = Assert.Single(summary.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!), a => a.StartsWith("calibration SMAPE", StringComparison.Ordinal));
                Assert.EndsWith("is above 0.0001: the blended weights fit the platforms' numbers poorly", alert, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("error: Alerts__SmapeThreshold must be positive", result.Stderr.Trim());
                Assert.False(Directory.Exists(root));
            }
        }
        finally
        {
            Delete(root);
        }
    }

    internal static List<object?[]> Query(DuckDBConnection db, string sql, bool columnsOnly = false) => DuckDbQuery.Rows(db, sql, columnsOnly);

    internal static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static void Close(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1e-12, relative * Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
