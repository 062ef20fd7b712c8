using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using MarkovFunctions.Pipeline.Orchestration;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Two runs of case f published by `markov run --out`: one under the default goal, one under target_cpa 120.</summary>
public sealed class GoalRunsFixture : IAsyncLifetime
{
    public string Work { get; } = MarkovCli.TempPath("goal-api");

    public string DefaultRoot => Path.Combine(Work, "default");

    public string GoalRoot => Path.Combine(Work, "goal");

    public async Task InitializeAsync()
    {
        var directory = Path.Combine(MarkovCli.CasesRoot, "f_paid_share_binds");
        foreach (var (root, extra) in new[] { (DefaultRoot, Array.Empty<string>()), (GoalRoot, ["--goal", "target_cpa", "--target", "120"]) })
        {
            var result = await InProcessCli.RunAsync(
            [
                "run", "--journeys", Path.Combine(directory, "journeys.csv"), "--performance", Path.Combine(directory, "channel_performance.csv"),
                "--budgets", "30000,60000", "--intervals", "0", "--out", root, .. extra,
            ]);
            Assert.True(result.ExitCode == 0, result.Stderr);
        }
    }

    public Task DisposeAsync()
    {
        CsvRunTests.Delete(Work);
        return Task.CompletedTask;
    }

    public JsonNode Summary(string root) => JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(root), "summary.json")))!;
}

/// <summary>Issue 27: the goal in GET /api/recommendation (?goal=&amp;target=) and in POST /api/evaluate and `markov evaluate`.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class GoalApiTests(GoalRunsFixture runs) : IClassFixture<GoalRunsFixture>
{
    [Fact]
    public async Task GetRecommendation_TargetCpaOnADefaultRun_SolvesUnderTheGoalAsTheGoalRunDid()
    {
        var response = await Api(runs.DefaultRoot).GetRecommendationAsync("60000", "target_cpa", "120");

        Assert.Equal(200, response.StatusCode);
        var body = response.Body;
        var expected = runs.Summary(runs.GoalRoot)["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 60_000)!;
        Assert.Equal("solved_on_demand", body["source"]!.GetValue<string>());
        Assert.Equal("target_cpa", body["goal"]!.GetValue<string>());
        Assert.Equal(120, body["target"]!.GetValue<double>());
        Assert.True(body["cpa"]!.GetValue<double>() <= 120 * (1 + 1e-9), $"cpa {body["cpa"]}");
        foreach (var field in new[] { "total_spend", "cpa", "predicted_conversions", "objective" })
        {
            Assert.Equal(expected[field]!.GetValue<double>(), body[field]!.GetValue<double>(), 1e-6 * Math.Abs(expected[field]!.GetValue<double>()));
        }

        // The default run kept no v_c, so no value per conversion is claimed; the moves and reasons are the goal run's.
        Assert.Null(body["predicted_value"]);
        Assert.Null(body["roas"]);
        Assert.All(body["moves"]!.AsArray(), m => Assert.Null(m!["value_gain"]));
        Assert.Equal(expected["moves"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()), body["moves"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()));
        Assert.Equal(
            expected["channels"]!.AsArray().Select(c => c!["reason"]!["code"]!.GetValue<string>()),
            body["channels"]!.AsArray().Select(c => c!["reason"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetRecommendation_DefaultRunsOwnBudget_SaysWhyEachChannelGotItsMoneyWithTheRunsNumbers()
    {
        var response = await Api(runs.DefaultRoot).GetRecommendationAsync("60000");

        Assert.Equal(200, response.StatusCode);
        var body = response.Body;
        var budget = runs.Summary(runs.DefaultRoot)["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 60_000)!;
        Assert.Equal("run", body["source"]!.GetValue<string>());
        Assert.Equal("conversions", body["goal"]!.GetValue<string>());
        Assert.Null(body["target"]);
        Assert.Equal(budget["predicted_conversions"]!.GetValue<double>(), body["predicted_conversions"]!.GetValue<double>());
        Assert.Equal(60_000, body["total_spend"]!.GetValue<double>(), 1e-6);
        Assert.All(body["channels"]!.AsArray(), c => Assert.Contains(c!["reason"]!["code"]!.GetValue<string>(), new[] { "at_max", "at_min", "held_by_rule", "interior" }));
        Assert.Contains(body["channels"]!.AsArray(), c => c!["reason"]!["code"]!.GetValue<string>() == "held_by_rule" && c["reason"]!["rule"]!.GetValue<string>() == "Paid");
        Assert.InRange(body["moves"]!.AsArray().Count, 1, 3);
        var gains = body["moves"]!.AsArray().Select(m => m!["gain"]!.GetValue<double>()).ToArray();
        Assert.Equal(gains.OrderByDescending(g => g), gains);
    }

    [Fact]
    public async Task GetRecommendation_GoalRunNamingNoGoal_AnswersUnderTheRunsGoal()
    {
        var api = Api(runs.GoalRoot);

        var own = await api.GetRecommendationAsync("60000");
        var onDemand = await api.GetRecommendationAsync("45000");

        Assert.Equal(("run", "target_cpa"), (own.Body["source"]!.GetValue<string>(), own.Body["goal"]!.GetValue<string>()));
        Assert.Equal(("solved_on_demand", "target_cpa"), (onDemand.Body["source"]!.GetValue<string>(), onDemand.Body["goal"]!.GetValue<string>()));
        Assert.True(onDemand.Body["cpa"]!.GetValue<double>() <= 120 * (1 + 1e-9));
        Assert.True(onDemand.Body["predicted_value"]!.GetValue<double>() > 0, "a goal run keeps v_c");
    }

    [Fact]
    public async Task GetRecommendation_TargetCpaNoPlanReaches_200InfeasibleWithTheLowestCpa()
    {
        var response = await Api(runs.DefaultRoot).GetRecommendationAsync("60000", "target_cpa", "1");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("infeasible", response.Body["status"]!.GetValue<string>().ToLowerInvariant());
        Assert.Contains("the lowest CPA any plan reaches", response.Body["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("roi", null, "goal must be 'conversions' or")]
    [InlineData("target_cpa", null, "goal target_cpa needs a target")]
    [InlineData("target_cpa", "abc", "target 'abc' is not a number")]
    [InlineData("target_cpa", "-5", "target: -5 must be a positive number")]
    [InlineData("target_cpa", "1e16", "must be a positive number of at most")]
    [InlineData("target_cpa", "NaN", "must be a positive number")]
    [InlineData("conversions", "60", "target: goal conversions takes no target")]
    [InlineData(null, "60", "target: goal conversions takes no target")]
    [InlineData("value", null, "goal value needs each channel's value per conversion")]
    public async Task GetRecommendation_BadGoalOrTarget_400NamingTheField(string? goal, string? target, string message)
    {
        var response = await Api(runs.DefaultRoot).GetRecommendationAsync("60000", goal, target);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(message, response.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TodaysPlanUnderTargetCpa_OptimumReachesTheTargetAndItsGapIsInConversions()
    {
        var response = await Api(runs.DefaultRoot).EvaluateAsync("""{"spend": {}, "goal": "target_cpa", "target": 120}""");

        Assert.Equal(200, response.StatusCode);
        var optimum = response.Body["optimum"]!;
        Assert.Equal("target_cpa", optimum["goal"]!["goal"]!.GetValue<string>());
        Assert.True(optimum["goal"]!["cpa"]!.GetValue<double>() <= 120 * (1 + 1e-9));
        Assert.True(optimum["goal"]!["total_spend"]!.GetValue<double>() <= response.Body["total_spend"]!.GetValue<double>() * (1 + 1e-9));
        Assert.Equal(
            optimum["predicted_conversions"]!.GetValue<double>() - response.Body["predicted_conversions"]!.GetValue<double>(),
            optimum["goal_gap"]!.GetValue<double>(),
            1e-9);
    }

    [Fact]
    public async Task Evaluate_TodaysPlanUnderProfitOnTheGoalRun_GapIsTheProfitDifference()
    {
        var response = await Api(runs.GoalRoot).EvaluateAsync("""{"spend": {}, "goal": "profit"}""");

        Assert.Equal(200, response.StatusCode);
        var values = runs.Summary(runs.GoalRoot)["channels"]!.AsArray().ToDictionary(c => c!["channel"]!.GetValue<string>(), c => c!["value_per_conversion"]!.GetValue<double>());
        var planProfit = response.Body["channels"]!.AsArray().Sum(c => values[c!["channel"]!.GetValue<string>()] * c["predicted_conversions"]!.GetValue<double>())
            - response.Body["total_spend"]!.GetValue<double>();
        var goal = response.Body["optimum"]!["goal"]!;
        var optimumProfit = goal["predicted_value"]!.GetValue<double>() - goal["total_spend"]!.GetValue<double>();
        Assert.Equal(optimumProfit - planProfit, response.Body["optimum"]!["goal_gap"]!.GetValue<double>(), 1e-6);
        Assert.True(response.Body["optimum"]!["goal_gap"]!.GetValue<double>() >= -1e-6, "the optimum is at least as good as the plan");
    }

    [Fact]
    public async Task Evaluate_NoGoal_AnswerHasNoGoalFields()
    {
        var response = await Api(runs.DefaultRoot).EvaluateAsync("""{"spend": {}}""");

        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.Body["optimum"]!["goal"]);
        Assert.Null(response.Body["optimum"]!["goal_gap"]);
    }

    [Theory]
    [InlineData("""{"spend": {}, "goal": 5}""", "goal must be a goal's name in a string, found 5")]
    [InlineData("""{"spend": {}, "goal": "target_cpa", "target": "60"}""", "target must be a number, found \"60\"")]
    [InlineData("""{"spend": {}, "goal": "target_cpa"}""", "goal target_cpa needs a target")]
    [InlineData("""{"spend": {}, "goal": "target_roas", "target": 0}""", "target: 0 must be a positive number")]
    [InlineData("""{"spend": {}, "goal": "roi"}""", "goal must be 'conversions' or")]
    [InlineData("""{"spend": {}, "goal": "value"}""", "goal value needs each channel's value per conversion")]
    public async Task Evaluate_BadGoalOrTarget_400NamingTheField(string body, string message)
    {
        var response = await Api(runs.DefaultRoot).EvaluateAsync(body);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(message, response.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkovEvaluate_PlanNamingAGoal_WritesTheOptimumUnderIt()
    {
        var plan = Path.Combine(runs.Work, $"plan-{Guid.NewGuid():N}.json");
        var output = Path.Combine(runs.Work, $"evaluation-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(plan, """{"spend": {}, "goal": "target_cpa", "target": 120}""");

        var result = await InProcessCli.RunAsync("evaluate", "--run", runs.DefaultRoot, "--plan", plan, "--out", output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var optimum = JsonNode.Parse(await File.ReadAllTextAsync(output))!["optimum"]!;
        Assert.True(optimum["goal"]!["cpa"]!.GetValue<double>() <= 120 * (1 + 1e-9));
    }

    [Fact]
    public async Task MarkovEvaluate_PlanWithABadTarget_ExitsTwoNamingIt()
    {
        var plan = Path.Combine(runs.Work, $"plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(plan, """{"spend": {}, "goal": "target_cpa", "target": -1}""");

        var result = await InProcessCli.RunAsync("evaluate", "--run", runs.DefaultRoot, "--plan", plan);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("target: -1 must be a positive number", result.Stderr, StringComparison.Ordinal);
    }

    private static RunsApi Api(string root) =>
        new(new NoOrchestration(), new LocalDirectoryArtifactStore(root), Options.Create(new RunOptions { ["Budgets"] = "30000" }), TimeProvider.System);

    /// <summary>The recommendation and evaluate read only the artifact store: nothing here starts or looks up a run.</summary>
    private sealed class NoOrchestration : IOrchestrationGateway
    {
        public Task<string> StartAsync(PipelineInput input, string? instanceId = null, CancellationToken ct = default) => throw new NotSupportedException("no run is started by these tests");

        public Task<RunStatus?> GetAsync(string instanceId, CancellationToken ct = default) => throw new NotSupportedException("no run is looked up by these tests");
    }
}
