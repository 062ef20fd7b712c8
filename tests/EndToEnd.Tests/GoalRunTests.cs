using System.Text.Json.Nodes;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Issue 27: `markov run --goal NAME --target X` on a known-answer case (docs/MODEL.md sections 5.1 and 5.2).</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class GoalRunTests : IDisposable
{
    private static readonly string Case = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");
    private readonly string _work = MarkovCli.TempPath("goal");

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task Run_TargetCpa_EachBudgetReachesACpaAtMostTheTargetAndSaysWhy()
    {
        var (result, summary) = await RunAsync("out", "--goal", "target_cpa", "--target", "120", "--intervals", "20");

        Assert.Equal(0, result.ExitCode);
        var budget = summary["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 60_000)!;
        Assert.Equal("target_cpa", budget["goal"]!.GetValue<string>());
        Assert.Equal(120, budget["target"]!.GetValue<double>());
        var spend = budget["total_spend"]!.GetValue<double>();
        var conversions = budget["predicted_conversions"]!.GetValue<double>();
        Assert.True(budget["cpa"]!.GetValue<double>() <= 120 * (1 + 1e-9));
        Assert.Equal(spend / conversions, budget["cpa"]!.GetValue<double>(), 1e-9);
        Assert.True(spend < 60_000, "at a CPA of 120 the plan stops short of 60,000");
        Assert.Equal(3, budget["moves"]!.AsArray().Count);
        Assert.All(budget["channels"]!.AsArray(), c => Assert.NotNull(c!["reason"]!["code"]));
        Assert.All(summary["channels"]!.AsArray(), c => Assert.True(c!["value_per_conversion"]!.GetValue<double>() > 0));
        Assert.NotNull(budget["predicted_conversions_low"]);
        Assert.Contains("target_cpa 120: spend", result.Stdout);
        Assert.Contains("top move: ", result.Stdout);
    }

    [Fact]
    public async Task Run_ConversionsGoalNamed_WritesTheSameSummaryAsTheDefault()
    {
        var (_, byDefault) = await RunAsync("default", "--intervals", "0");
        var (_, named) = await RunAsync("named", "--intervals", "0", "--goal", "conversions");

        Assert.Equal(byDefault.ToJsonString(), named.ToJsonString());
        Assert.Null(byDefault["budgets"]![0]!["goal"]);
        Assert.Null(byDefault["budgets"]![0]!["channels"]![0]!["reason"]);
    }

    [Fact]
    public async Task Run_TargetCpaAfterADefaultRun_BudgetParquetAndItsHistoryCarryTheGoalColumns()
    {
        var root = Path.Combine(_work, "both");
        var (_, _) = await RunAsync("both", "--intervals", "0");
        var (result, _) = await RunAsync("both", "--goal", "target_cpa", "--target", "120", "--intervals", "0");
        Assert.Equal(0, result.ExitCode);

        // Two runs in one second: latest.json may stay on the first (run ids order by time, then at random), so the goal run is found by its summary.
        var folder = Directory.GetDirectories(root).Single(d => File.Exists(Path.Combine(d, "summary.json")) && File.ReadAllText(Path.Combine(d, "summary.json")).Contains("\"target_cpa\"", StringComparison.Ordinal));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
        var file = Path.Combine(folder, "budget_scenario_60000.parquet");

        var columns = DuckDbQuery.Rows($"SELECT * FROM read_parquet('{file}') LIMIT 0", columnsOnly: true).Single().Cast<string>().ToArray();
        string[] goalColumns = ["goal", "target", "total_spend", "predicted_value", "cpa", "roas", "objective", "top_moves", "top_move_gain", "value_per_conversion", "reason", "reason_text", "reason_rule", "reason_rule_cost"];
        Assert.Equal(goalColumns, columns[^(goalColumns.Length + 1)..^1]);
        Assert.Equal("run_id", columns[0]);
        Assert.Equal("trigger", columns[^1]);

        var budget = summary["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 60_000)!;
        var rows = DuckDbQuery.Rows($"SELECT channel, goal, target, total_spend, cpa, roas, predicted_value, objective, reason, reason_rule, value_per_conversion, optimal_spend, top_moves, top_move_gain FROM read_parquet('{file}') ORDER BY channel");
        Assert.Equal(budget["channels"]!.AsArray().Count, rows.Count);
        Assert.Equal(rows.Sum(r => (double)r[11]!), (double)rows[0][3]!, 1e-6);
        foreach (var row in rows)
        {
            var channel = budget["channels"]!.AsArray().Single(c => c!["channel"]!.GetValue<string>() == (string)row[0]!)!;
            Assert.Equal("target_cpa", row[1]);
            Assert.Equal(120d, row[2]);
            Assert.Equal(budget["total_spend"]!.GetValue<double>(), (double)row[3]!);
            Assert.True((double)row[4]! <= 120 * (1 + 1e-9), $"cpa {row[4]} above the target");
            Assert.Equal(budget["cpa"]!.GetValue<double>(), (double)row[4]!);
            Assert.Equal(budget["roas"]!.GetValue<double>(), (double)row[5]!);
            Assert.Equal(budget["predicted_value"]!.GetValue<double>(), (double)row[6]!);
            Assert.Equal(budget["objective"]!.GetValue<double>(), (double)row[7]!);
            Assert.Equal(channel["reason"]!["code"]!.GetValue<string>(), row[8]);
            Assert.Equal(channel["reason"]!["rule"]?.GetValue<string>(), row[9]);
            Assert.Equal(channel["value_per_conversion"]!.GetValue<double>(), (double)row[10]!);
            Assert.Equal(string.Join("; ", budget["moves"]!.AsArray().Select(m => m!["text"]!.GetValue<string>())), row[12]);
            Assert.Equal(budget["moves"]![0]!["gain"]!.GetValue<double>(), (double)row[13]!);
        }

        // The history table holds both runs: the default run's rows have no goal, the goal run's say it.
        var history = DuckDbQuery.Rows(
            $"SELECT coalesce(goal, '(none)'), count(*), count(DISTINCT run_id) FROM read_parquet('{root}/history/budget_scenario_60000/*/*.parquet', hive_partitioning = true, union_by_name = true) GROUP BY 1 ORDER BY 1");
        Assert.Equal(["(none)", "target_cpa"], history.Select(r => (string)r[0]!));
        Assert.All(history, r => Assert.Equal(1L, Convert.ToInt64(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(history, r => Assert.Equal((long)rows.Count, Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("--goal", "roi", "--goal must be 'conversions' or")]
    [InlineData("--goal", "target_cpa", "needs a target")]
    [InlineData("--target", "60", "goal conversions takes no target")]
    public async Task Run_BadGoal_ExitsTwoNamingIt(string option, string value, string message)
    {
        var (result, _) = await RunAsync("bad", option, value, "--intervals", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_work, "bad")), "nothing is written");
    }

    [Fact]
    public async Task Run_ValueGoalOnJourneysWorthNothing_ExitsTwoNamingTheColumn()
    {
        Directory.CreateDirectory(_work);
        var lines = File.ReadAllLines(Path.Combine(Case, "journeys.csv"));
        var column = Array.IndexOf(lines[0].Split(','), "conversion_value");
        var worthless = lines.Take(1).Concat(lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            cells[column] = "0";
            return string.Join(',', cells);
        }));
        var journeys = Path.Combine(_work, "journeys.csv");
        File.WriteAllLines(journeys, worthless);

        var result = await InProcessCli.RunAsync(
            "run", "--journeys", journeys, "--performance", Path.Combine(Case, "channel_performance.csv"), "--budgets", "30000",
            "--goal", "profit", "--intervals", "0", "--out", Path.Combine(_work, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("conversion_value", result.Stderr);
    }

    private async Task<(MarkovCli.Result Result, JsonNode Summary)> RunAsync(string output, params string[] extra)
    {
        var root = Path.Combine(_work, output);
        var result = await InProcessCli.RunAsync(
        [
            "run", "--journeys", Path.Combine(Case, "journeys.csv"), "--performance", Path.Combine(Case, "channel_performance.csv"),
            "--budgets", "30000,60000", "--out", root, .. extra,
        ]);
        if (result.ExitCode != 0)
        {
            return (result, new JsonObject());
        }

        return (result, JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(root), "summary.json")))!);
    }
}
