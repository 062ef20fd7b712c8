using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.TestSupport;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Bootstrap intervals (docs/MODEL.md section 9) through `markov run`: summary.json, Parquet, report, evaluate and the recommendation API.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class IntervalRunTests : IDisposable
{
    private const string Budget = "8800";
    private readonly string _work = MarkovCli.TempPath("intervals");

    public void Dispose() => CsvRunTests.Delete(_work);

    [Fact]
    public async Task Run_IntervalsZero_SameNumbersAsWithIntervals_AndNoIntervalField()
    {
        var on = await RunAsync("on", "--budgets", "8000,8800,10000");
        var off = await RunAsync("off", "--budgets", "8000,8800,10000", "--intervals", "0");

        var onSummary = Summary(on);
        var offSummary = Summary(off);
        Assert.Null(offSummary["uncertainty"]);
        Assert.Null(Manifest(off)["intervals"]);
        Assert.Equal(200, Manifest(on)["intervals"]!["replicates"]!.GetValue<int>());
        Assert.DoesNotContain("_low", File.ReadAllText(Path.Combine(off, "summary.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("\"intervals\"", File.ReadAllText(Path.Combine(off, RecommendationModel.FileName)), StringComparison.Ordinal);

        // Every point number is the same with intervals on: the summary without its interval fields is the other run's.
        Assert.True(JsonNode.DeepEquals(offSummary, WithoutIntervals(onSummary)), "point estimates moved when intervals were turned on");
        Assert.Equal(File.ReadAllBytes(Path.Combine(off, "transition_matrix.csv")), File.ReadAllBytes(Path.Combine(on, "transition_matrix.csv")));

        var offRows = DuckDbQuery.Rows($"SELECT count(*) FROM read_parquet('{off}/markov_attribution.parquet') WHERE removal_weight_low IS NULL AND attributed_conversions_high IS NULL");
        Assert.Equal(8L, Convert.ToInt64(offRows[0][0], CultureInfo.InvariantCulture));
        Assert.DoesNotContain("95 %", File.ReadAllText(Path.Combine(off, RunArtifacts.Report)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Intervals_SummaryParquetReportAndEvaluateCarryTheSameNumbers()
    {
        var run = await RunAsync("seeded", "--budgets", Budget, "--intervals", "120", "--interval-seed", "7");
        var summary = Summary(run);

        var uncertainty = summary["uncertainty"]!;
        Assert.Equal("customer_group_bootstrap", uncertainty["method"]!.GetValue<string>());
        Assert.Equal(120, uncertainty["replicates"]!.GetValue<int>());
        Assert.Equal(0.95, uncertainty["level"]!.GetValue<double>());
        Assert.Equal(7, uncertainty["seed"]!.GetValue<int>());
        Assert.Equal(200, uncertainty["groups"]!.GetValue<int>());
        Assert.Equal(0, uncertainty["failed_replicates"]!.GetValue<int>());
        // The manifest records how they were drawn, as the summary does, so the run can be made again.
        Assert.True(JsonNode.DeepEquals(uncertainty, Manifest(run)["intervals"]), "run_manifest.json intervals differ from summary.json uncertainty");
        Assert.InRange(summary["alpha_best"]!.GetValue<double>(), summary["alpha_best_low"]!.GetValue<double>(), summary["alpha_best_high"]!.GetValue<double>());

        var channels = summary["channels"]!.AsArray();
        foreach (var c in channels)
        {
            Bracketed(c!, "removal_weight");
            Bracketed(c!, "attributed_conversions");
        }

        // Weights add up to 1 in every replicate, so the lows add up below 1 and the highs above.
        Assert.True(channels.Sum(c => c!["removal_weight_low"]!.GetValue<double>()) < 1);
        Assert.True(channels.Sum(c => c!["removal_weight_high"]!.GetValue<double>()) > 1);

        var budget = summary["budgets"]![0]!;
        Bracketed(budget, "predicted_conversions");
        Bracketed(budget, "uplift");
        Assert.InRange(budget["beats_current_share"]!.GetValue<double>(), 0, 1);
        foreach (var allocation in budget["channels"]!.AsArray())
        {
            Assert.True(allocation!["optimal_spend_low"]!.GetValue<double>() <= allocation["optimal_spend_high"]!.GetValue<double>());
        }

        // The Parquet columns hold the summary's numbers.
        foreach (var row in DuckDbQuery.Rows($"SELECT channel, removal_weight_low, removal_weight_high, attributed_conversions_low, attributed_conversions_high FROM read_parquet('{run}/markov_attribution.parquet')"))
        {
            var c = channels.Single(x => x!["channel"]!.GetValue<string>() == (string)row[0]!)!;
            Assert.Equal(c["removal_weight_low"]!.GetValue<double>(), (double)row[1]!);
            Assert.Equal(c["removal_weight_high"]!.GetValue<double>(), (double)row[2]!);
            Assert.Equal(c["attributed_conversions_low"]!.GetValue<double>(), (double)row[3]!);
            Assert.Equal(c["attributed_conversions_high"]!.GetValue<double>(), (double)row[4]!);
        }

        foreach (var row in DuckDbQuery.Rows($"SELECT channel, total_predicted_conversions_low, total_predicted_conversions_high, uplift_low, uplift_high, beats_current_share, optimal_spend_low, optimal_spend_high FROM read_parquet('{run}/budget_scenario_8800.parquet')"))
        {
            var a = budget["channels"]!.AsArray().Single(x => x!["channel"]!.GetValue<string>() == (string)row[0]!)!;
            Assert.Equal(budget["predicted_conversions_low"]!.GetValue<double>(), (double)row[1]!);
            Assert.Equal(budget["predicted_conversions_high"]!.GetValue<double>(), (double)row[2]!);
            Assert.Equal(budget["uplift_low"]!.GetValue<double>(), (double)row[3]!);
            Assert.Equal(budget["uplift_high"]!.GetValue<double>(), (double)row[4]!);
            Assert.Equal(budget["beats_current_share"]!.GetValue<double>(), (double)row[5]!);
            Assert.Equal(a["optimal_spend_low"]!.GetValue<double>(), (double)row[6]!);
            Assert.Equal(a["optimal_spend_high"]!.GetValue<double>(), (double)row[7]!);
        }

        var alpha = DuckDbQuery.Rows($"SELECT DISTINCT alpha_best_low, alpha_best_high FROM read_parquet('{run}/channel_performance_enriched.parquet')");
        Assert.Equal(summary["alpha_best_low"]!.GetValue<double>(), (double)Assert.Single(alpha)[0]!);

        var report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(run, RunArtifacts.Report)));
        Assert.Contains($"Budget 8,800: the recommended plan predicts more than today's mix in 100% of 120 replicates, uplift {Pct(budget["uplift"]!)} (95 %: {Pct(budget["uplift_low"]!)} to {Pct(budget["uplift_high"]!)}); robust", report, StringComparison.Ordinal);
        Assert.Equal(1.0, budget["beats_current_share"]!.GetValue<double>());

        // The recommended plan evaluated on the run: the same replicate models give the same interval.
        var plan = new JsonObject();
        foreach (var allocation in budget["channels"]!.AsArray())
        {
            plan[allocation!["channel"]!.GetValue<string>()] = allocation["optimal_spend"]!.GetValue<double>();
        }

        var evaluation = await EvaluateAsync(run, plan);
        Assert.Equal(budget["predicted_conversions"]!.GetValue<double>(), evaluation["predicted_conversions"]!.GetValue<double>(), 1e-6);
        Assert.Equal(budget["predicted_conversions_low"]!.GetValue<double>(), evaluation["predicted_conversions_low"]!.GetValue<double>(), 1e-6);
        Assert.Equal(budget["predicted_conversions_high"]!.GetValue<double>(), evaluation["predicted_conversions_high"]!.GetValue<double>(), 1e-6);

        var today = await EvaluateAsync(run, new JsonObject());
        Assert.InRange(today["predicted_conversions"]!.GetValue<double>(), today["predicted_conversions_low"]!.GetValue<double>(), today["predicted_conversions_high"]!.GetValue<double>());
        Assert.Null((await EvaluateAsync(await RunAsync("plain", "--budgets", Budget, "--intervals", "0"), new JsonObject()))["predicted_conversions_low"]);
    }

    [Fact]
    public async Task Recommendation_InRunAndOnDemand_ReturnsTheIntervals()
    {
        var run = await RunAsync("api", "--budgets", Budget, "--intervals", "100");
        var summary = Summary(run);
        var root = Path.Combine(_work, "store");
        var runId = JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunArtifacts.Manifest)))!["run_id"]!.GetValue<string>();
        CopyDirectory(run, Path.Combine(root, runId));
        File.WriteAllText(Path.Combine(root, ArtifactPaths.LatestPointer), new JsonObject { ["run"] = runId }.ToJsonString());
        // The recommendation never starts or reads an orchestration.
        var api = new RunsApi(null!, new LocalDirectoryArtifactStore(root), Options.Create(new RunOptions { ["Budgets"] = Budget }), TimeProvider.System);

        var inRun = (await api.GetRecommendationAsync(Budget)).Body;
        var budget = summary["budgets"]![0]!;
        Assert.Equal("run", inRun["source"]!.GetValue<string>());
        Assert.Equal(100, inRun["uncertainty"]!["replicates"]!.GetValue<int>());
        foreach (var field in new[] { "predicted_conversions_low", "predicted_conversions_high", "uplift_low", "uplift_high", "beats_current_share" })
        {
            Assert.Equal(budget[field]!.GetValue<double>(), inRun[field]!.GetValue<double>());
        }

        Assert.Equal(
            budget["channels"]!.AsArray().Select(c => c!["optimal_spend_high"]!.GetValue<double>()),
            inRun["channels"]!.AsArray().Select(c => c!["optimal_spend_high"]!.GetValue<double>()));

        var onDemand = (await api.GetRecommendationAsync("9500")).Body;
        Assert.Equal("solved_on_demand", onDemand["source"]!.GetValue<string>());
        Bracketed(onDemand, "predicted_conversions");
        Bracketed(onDemand, "uplift");
        Assert.InRange(onDemand["beats_current_share"]!.GetValue<double>(), 0, 1);
        Assert.All(onDemand["channels"]!.AsArray(), c => Assert.True(c!["optimal_spend_low"]!.GetValue<double>() <= c["optimal_spend_high"]!.GetValue<double>()));

        // The budget of the run solved on demand gets the run's own numbers. A run folder never changes
        // once written, so what an API keeps of it (RunReadCache) is not re-read: a new API reads the edit.
        File.Delete(Path.Combine(root, runId, "summary.json"));
        File.WriteAllText(Path.Combine(root, runId, "summary.json"), WithoutBudgets(summary).ToJsonString());
        api = new RunsApi(null!, new LocalDirectoryArtifactStore(root), Options.Create(new RunOptions { ["Budgets"] = Budget }), TimeProvider.System);
        var again = (await api.GetRecommendationAsync(Budget)).Body;
        Assert.Equal("solved_on_demand", again["source"]!.GetValue<string>());
        Assert.Equal(budget["uplift_low"]!.GetValue<double>(), again["uplift_low"]!.GetValue<double>(), 1e-9);
        Assert.Equal(budget["predicted_conversions_high"]!.GetValue<double>(), again["predicted_conversions_high"]!.GetValue<double>(), 1e-6);
    }

    private static void Bracketed(JsonNode node, string name)
    {
        var (low, value, high) = (node[name + "_low"]!.GetValue<double>(), node[name]!.GetValue<double>(), node[name + "_high"]!.GetValue<double>());
        Assert.True(low <= value && value <= high, $"{name}: {value} outside [{low}, {high}]");
    }

    private static string Pct(JsonNode value) => value.GetValue<double>().ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static JsonNode Manifest(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run_manifest.json")))!;

    private static JsonNode Summary(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;

    /// <summary>The summary with every interval field removed.</summary>
    private static JsonNode WithoutIntervals(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var key in o.Select(p => p.Key).Where(k => k.EndsWith("_low", StringComparison.Ordinal) || k.EndsWith("_high", StringComparison.Ordinal) || k is "uncertainty" or "beats_current_share").ToArray())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Strip(child);
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var child in a)
                {
                    Strip(child);
                }
            }
        }
    }

    private static JsonNode WithoutBudgets(JsonNode summary)
    {
        var copy = summary.DeepClone();
        copy["budgets"] = new JsonArray();
        return copy;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private async Task<string> RunAsync(string name, params string[] extra)
    {
        var data = Path.Combine(_work, "data");
        if (!Directory.Exists(data))
        {
            var sample = await InProcessCli.RunAsync("sample", "--customers", "2000", "--seed", "5", "--out", data);
            Assert.True(sample.ExitCode == 0, sample.Stderr);
        }

        var run = Path.Combine(_work, name);
        var result = await InProcessCli.RunAsync(
        [
            "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"), "--out", run, .. extra,
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return MarkovCli.RunFolder(run);
    }

    private async Task<JsonNode> EvaluateAsync(string run, JsonObject spend)
    {
        var plan = Path.Combine(_work, $"plan-{Guid.NewGuid():N}.json");
        var output = Path.Combine(_work, $"evaluation-{Guid.NewGuid():N}.json");
        File.WriteAllText(plan, new JsonObject { ["spend"] = spend }.ToJsonString());
        var result = await InProcessCli.RunAsync("evaluate", "--run", run, "--plan", plan, "--out", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonNode.Parse(File.ReadAllText(output))!;
    }
}
