using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MarkovFunctions.Cli.Commands;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Functions.Tests;

/// <summary>Issue 27 on the real Functions host: the goal in the recommendation's query and in the evaluate body.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class GoalsOnHostTests(FunctionsAppFixture app)
{
    private BlobContainerClient Container => new(app.Azurite.ConnectionString, FunctionsAppFixture.Container);

    [Fact]
    public async Task GetRecommendationAndEvaluate_GoalInTheRequest_SolveUnderItAndRefuseBadValuesNamingThem()
    {
        var run = await app.FirstRunAsync();
        using var client = app.Host.Client();

        // The run's own plan at 15,000 under the default goal, and a CPA target half again above its CPA: reachable.
        // Other tests publish runs too: the conversions goal is named, whatever goal the latest run had.
        var plain = JsonNode.Parse(await client.GetStringAsync("api/recommendation?budget=15000&goal=conversions"))!;
        Assert.Equal("conversions", plain["goal"]!.GetValue<string>());
        Assert.All(plain["channels"]!.AsArray(), c => Assert.NotNull(c!["reason"]!["code"]));
        var target = Math.Round(1.5 * 15000 / plain["predicted_conversions"]!.GetValue<double>(), 2);
        var text = target.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var goal = JsonNode.Parse(await client.GetStringAsync($"api/recommendation?budget=15000&goal=target_cpa&target={text}"))!;
        Assert.Equal(("target_cpa", target), (goal["goal"]!.GetValue<string>(), goal["target"]!.GetValue<double>()));
        Assert.Equal("solved_on_demand", goal["source"]!.GetValue<string>());
        Assert.True(goal["cpa"]!.GetValue<double>() <= target * (1 + 1e-9), $"cpa {goal["cpa"]} above {target}");
        Assert.True(goal["predicted_conversions"]!.GetValue<double>() >= plain["predicted_conversions"]!.GetValue<double>() * (1 - 1e-9), "the default plan meets the target, so the goal's optimum has at least its conversions");
        Assert.Equal(goal["total_spend"]!.GetValue<double>() / goal["predicted_conversions"]!.GetValue<double>(), goal["cpa"]!.GetValue<double>(), 1e-9);

        var unreachable = JsonNode.Parse(await client.GetStringAsync("api/recommendation?budget=15000&goal=target_cpa&target=0.01"))!;
        Assert.Equal("Infeasible", unreachable["status"]!.GetValue<string>());
        Assert.Contains("the lowest CPA any plan reaches", unreachable["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        foreach (var (query, message) in new[] { ("goal=roi", "goal must be 'conversions' or"), ("goal=target_cpa&target=abc", "target 'abc' is not a number"), ("goal=target_cpa", "needs a target") })
        {
            using var bad = await client.GetAsync($"api/recommendation?budget=15000&{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(message, JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // `markov recommend --goal --target` forwards both; a bad target is the host's 400, exit 2, named.
        var (exit, printed, _) = await MarkovAsync("recommend", "--url", app.Host.BaseUrl.ToString(), "--key", app.Host.FunctionKey, "--budget", "15000", "--goal", "target_cpa", "--target", text);
        Assert.Equal(ExitCodes.Success, exit);
        var recommended = JsonNode.Parse(printed)!;
        Assert.Equal(goal["total_spend"]!.GetValue<double>(), recommended["total_spend"]!.GetValue<double>());
        Assert.Equal("target_cpa", recommended["goal"]!.GetValue<string>());
        var (badExit, _, error) = await MarkovAsync("recommend", "--url", app.Host.BaseUrl.ToString(), "--key", app.Host.FunctionKey, "--budget", "15000", "--goal", "target_cpa", "--target", "-3");
        Assert.Equal(ExitCodes.BadInput, badExit);
        Assert.Contains("target: -3 must be a positive number", error, StringComparison.Ordinal);

        // Evaluate today's plan under the same goal: the optimum at its total reaches the target; its gap is in conversions.
        using var evaluated = await client.PostAsync("api/evaluate", Body(new JsonObject { ["run"] = run.RunId, ["spend"] = new JsonObject(), ["goal"] = "target_cpa", ["target"] = target }));
        Assert.Equal(HttpStatusCode.OK, evaluated.StatusCode);
        var evaluation = JsonNode.Parse(await evaluated.Content.ReadAsStringAsync())!;
        Assert.True(evaluation["optimum"]!["goal"]!["cpa"]!.GetValue<double>() <= target * (1 + 1e-9));
        Assert.Equal(
            evaluation["optimum"]!["predicted_conversions"]!.GetValue<double>() - evaluation["predicted_conversions"]!.GetValue<double>(),
            evaluation["optimum"]!["goal_gap"]!.GetValue<double>(),
            1e-9);

        using var badTarget = await client.PostAsync("api/evaluate", Body(new JsonObject { ["spend"] = new JsonObject(), ["goal"] = "target_cpa", ["target"] = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, badTarget.StatusCode);
        Assert.Contains("target: -1 must be a positive number", await badTarget.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await Container.GetBlobClient($"{run.RunId}/recommendation_model.json").ExistsAsync()).Value);
    }

    [Fact]
    public async Task PostRuns_TargetCpa_CompletesAndTheNotificationStatesTheCpaReached()
    {
        var first = await app.FirstRunAsync();
        // The conversions goal's CPA at 15,000 (it spends the budget); a target 10 % above it is reachable (that plan meets it).
        var plain = JsonNode.Parse((await Container.GetBlobClient($"{first.RunId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!;
        var at15k = plain["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 15000)!;
        var target = Math.Round(1.1 * 15000 / at15k["predicted_conversions"]!.GetValue<double>(), 2);
        var text = target.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await FunctionsAppFixture.RunToEndAsync(app.Host, $$"""{"budgets": [15000], "goal": "target_cpa", "target": {{text}}, "intervals": 0}""", TimeSpan.FromMinutes(6));

        Assert.Equal("Completed", run.RuntimeStatus);
        var budget = JsonNode.Parse((await Container.GetBlobClient($"{run.RunId}/summary.json").DownloadContentAsync()).Value.Content.ToString())!["budgets"]!.AsArray().Single()!;
        Assert.True(budget["cpa"] is not null, budget.ToJsonString());
        var cpa = budget["cpa"]!.GetValue<double>();
        Assert.True(cpa <= target * (1 + 1e-6), budget.ToJsonString());
        Assert.Equal("Optimal", budget["status"]!.GetValue<string>());
        Assert.True(budget["predicted_conversions"]!.GetValue<double>() >= at15k["predicted_conversions"]!.GetValue<double>() * (1 - 1e-9), "the conversions plan meets the target, so the goal's optimum has at least its conversions");
        var reached = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"target_cpa {target:#,0.###}: CPA {cpa:#,0.##} reached");
        Assert.Contains(app.Webhook.Bodies, body => body.Contains(run.RunId, StringComparison.Ordinal) && body.Contains(reached, StringComparison.Ordinal) && body.Contains("top move: ", StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> MarkovAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var printed = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(printed);
        Console.SetError(error);
        try
        {
            var exit = await MarkovCommandLine.RunAsync(args);
            return (exit, printed.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private static StringContent Body(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
