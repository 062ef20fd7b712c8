using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>`markov evaluate` over a run folder of `markov run` on generated data.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class EvaluateCliTests : IDisposable
{
    private const string Budget = "8800";
    private readonly string _work = MarkovCli.TempPath("evaluate");

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task Evaluate_TodaysSpend_ReproducesPredictedCurrentWithNoViolation()
    {
        var (run, summary) = await RunAsync();

        var evaluation = await EvaluateAsync(run, new JsonObject());

        var budget = summary["budgets"]![0]!;
        Assert.Equal(budget["predicted_current"]!.GetValue<double>(), evaluation["predicted_conversions"]!.GetValue<double>(), 1e-9);
        Assert.Equal(budget["predicted_current"]!.GetValue<double>(), evaluation["predicted_current"]!.GetValue<double>(), 1e-9);
        Assert.Equal(
            budget["channels"]!.AsArray().Sum(c => c!["current_spend"]!.GetValue<double>()),
            evaluation["total_spend"]!.GetValue<double>(),
            1e-9);
        Assert.Empty(evaluation["violations"]!.AsArray());
        Assert.All(evaluation["channels"]!.AsArray(), c => Assert.False(c!["from_plan"]!.GetValue<bool>()));
        Assert.Equal("Optimal", evaluation["optimum"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evaluate_OptimalPlanOfABudget_ReproducesItsPredictionWithNoViolationAndNoGap()
    {
        var (run, summary) = await RunAsync();
        var budget = summary["budgets"]![0]!;
        var spend = new JsonObject();
        foreach (var channel in budget["channels"]!.AsArray())
        {
            // Names as a user might type them: normalised like everywhere.
            spend[channel!["channel"]!.GetValue<string>().ToUpperInvariant()] = channel["optimal_spend"]!.GetValue<double>();
        }

        var evaluation = await EvaluateAsync(run, spend);

        var predicted = budget["predicted_conversions"]!.GetValue<double>();
        Assert.Equal(predicted, evaluation["predicted_conversions"]!.GetValue<double>(), 1e-6 * predicted);
        Assert.Equal(double.Parse(Budget, CultureInfo.InvariantCulture), evaluation["total_spend"]!.GetValue<double>(), 1e-6);
        Assert.Empty(evaluation["violations"]!.AsArray());
        Assert.Equal(predicted, evaluation["optimum"]!["predicted_conversions"]!.GetValue<double>(), 1e-6 * predicted);
        Assert.Equal(0, evaluation["optimum"]!["gap"]!.GetValue<double>(), 1e-6 * predicted);
    }

    [Fact]
    public async Task Evaluate_BelowAMinimumAndThePaidFloor_ListsBothWithLimitValueAndGap()
    {
        var (run, _) = await RunAsync();
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "recommendation_model.json")))!;
        var (plan, paidSearchMin, paidSpend, total) = EvaluatePlans.BelowMinimumAndPaidFloor(model);

        var evaluation = await EvaluateAsync(run, plan);

        var violations = evaluation["violations"]!.AsArray();
        Assert.Equal(["Paid Search min_monthly_spend", "Paid"], violations.Select(v => v!["name"]!.GetValue<string>()));
        var min = violations[0]!;
        Assert.Equal("min_spend", min["kind"]!.GetValue<string>());
        Assert.Equal(paidSearchMin, min["limit"]!.GetValue<double>(), 1e-9);
        Assert.Equal(paidSearchMin / 2, min["value"]!.GetValue<double>(), 1e-9);
        Assert.Equal(paidSearchMin / 2, min["gap"]!.GetValue<double>(), 1e-9);
        var paid = violations[1]!;
        Assert.Equal("min_share", paid["kind"]!.GetValue<string>());
        Assert.Equal(0.30 * total, paid["limit"]!.GetValue<double>(), 1e-9);
        Assert.Equal(paidSpend, paid["value"]!.GetValue<double>(), 1e-9);
        Assert.Equal((0.30 * total) - paidSpend, paid["gap"]!.GetValue<double>(), 1e-9);
        Assert.Equal(paidSpend / total, paid["plan_share"]!.GetValue<double>(), 1e-12);

        // The optimum at the same total keeps every rule, so it may predict less than a plan that breaks one.
        var optimum = evaluation["optimum"]!;
        Assert.Equal("Optimal", optimum["status"]!.GetValue<string>());
        var gap = optimum["predicted_conversions"]!.GetValue<double>() - evaluation["predicted_conversions"]!.GetValue<double>();
        Assert.Equal(gap, optimum["gap"]!.GetValue<double>(), 1e-9);
        Assert.Equal(gap / evaluation["predicted_conversions"]!.GetValue<double>(), optimum["gap_pct"]!.GetValue<double>(), 1e-12);
        Assert.NotEmpty(evaluation["optimum"]!["largest_moves"]!.AsArray());
    }

    [Fact]
    public async Task Evaluate_SaturatingRun_EvaluatesOnTheCurves()
    {
        var (run, summary) = await RunAsync("--response", "saturating", "--kappa", "1");
        var budget = summary["budgets"]![0]!;
        var spend = new JsonObject();
        foreach (var channel in budget["channels"]!.AsArray())
        {
            spend[channel!["channel"]!.GetValue<string>()] = channel["optimal_spend"]!.GetValue<double>();
        }

        var today = await EvaluateAsync(run, new JsonObject());
        var optimal = await EvaluateAsync(run, spend);

        Assert.Equal("saturating", today["response_mode"]!.GetValue<string>());
        Assert.Equal(budget["predicted_current"]!.GetValue<double>(), today["predicted_conversions"]!.GetValue<double>(), 1e-9);
        var predicted = budget["predicted_conversions"]!.GetValue<double>();
        Assert.Equal(predicted, optimal["predicted_conversions"]!.GetValue<double>(), 1e-6 * predicted);
        Assert.Empty(optimal["violations"]!.AsArray());

        // On the curve, twice today's spend on one channel gives less than twice its conversions.
        var email = today["channels"]!.AsArray().Single(c => c!["channel"]!.GetValue<string>() == "Email")!;
        var doubled = await EvaluateAsync(run, new JsonObject { ["Email"] = 2 * email["spend"]!.GetValue<double>() });
        var emailDoubled = doubled["channels"]!.AsArray().Single(c => c!["channel"]!.GetValue<string>() == "Email")!;
        var ratio = emailDoubled["predicted_conversions"]!.GetValue<double>() / email["predicted_conversions"]!.GetValue<double>();
        Assert.Equal((1 - Math.Exp(-2)) / (1 - Math.Exp(-1)), ratio, 1e-9);
    }

    [Theory]
    [InlineData("""{"spend": {"Carrier Pigeon": 100}}""", "unknown channel 'Carrier Pigeon'")]
    [InlineData("""{"spend": {"Email": -1}}""", "spend for 'Email' is -1")]
    [InlineData("""{"spend": {"Email": 1e400}}""", "spend for 'Email' must be a finite number")]
    [InlineData("""{"spend": {"Email": "lots"}}""", "spend for 'Email' must be a finite number")]
    [InlineData("""{"spend": {"Email": 1, "EMAIL": 2}}""", "channel 'EMAIL' is given twice")]
    [InlineData("""{"budget": 5}""", "unknown field 'budget'")]
    public async Task Evaluate_BadPlan_Exits2NamingIt(string plan, string message)
    {
        var (run, _) = await RunAsync();
        var path = Path.Combine(_work, "bad-plan.json");
        File.WriteAllText(path, plan);

        var result = await InProcessCli.RunAsync("evaluate", "--run", run, "--plan", path, "--out", Path.Combine(_work, "evaluation.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "evaluation.json")));
    }

    [Theory]
    [InlineData("""{"run": "20261116_110000_0123abcd", "files": []}""", "latest.json names run 20261116_110000_0123abcd, which has no recommendation_model.json")]
    [InlineData("""{"run": "../secrets"}""", "latest.json names '../secrets', which is no run id")]
    public async Task Evaluate_ArtifactRootWithUnusableLatest_Exits2AsTheApiAnswers503(string latest, string message)
    {
        var root = Path.Combine(_work, "root-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "latest.json"), latest);
        var plan = Path.Combine(_work, "plan.json");
        File.WriteAllText(plan, """{"spend": {}}""");

        var result = await InProcessCli.RunAsync("evaluate", "--run", root, "--plan", plan);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(string Run, JsonNode Summary)> RunAsync(params string[] extra)
    {
        var data = Path.Combine(_work, "data");
        var run = Path.Combine(_work, extra.Length == 0 ? "run" : "run-" + string.Join('-', extra).Replace("--", "", StringComparison.Ordinal));
        if (!Directory.Exists(data))
        {
            var sample = await InProcessCli.RunAsync("sample", "--customers", "2000", "--seed", "5", "--out", data);
            Assert.True(sample.ExitCode == 0, sample.Stderr);
        }

        if (!Directory.Exists(run))
        {
            var result = await InProcessCli.RunAsync(
            [
                "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"),
                "--budgets", Budget, "--out", run, .. extra,
            ]);
            Assert.True(result.ExitCode == 0, result.Stderr);
        }

        run = MarkovCli.RunFolder(run);
        return (run, JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!);
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
