using System.Globalization;
using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Api;
using MarkovFunctions.Pipeline.Artifacts;
using MarkovFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Options;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>
/// Issue 22: <c>GET /api/recommendation</c> and <c>POST /api/evaluate</c> read each run once, solve each
/// budget once and keep at most a fixed number of each, and follow <c>latest.json</c> when it moves.
/// Runs are made by `markov run --out ROOT`, which moves ROOT/latest.json as the app's publish does.
/// </summary>
[Collection(InProcessCliCollection.Name)]
public sealed class RunReadCacheTests : IDisposable
{
    private const string OnDemand = "9500";
    private readonly string _work = MarkovCli.TempPath("read-cache");

    public void Dispose() => CsvRunTests.Delete(_work);

    [Fact]
    public async Task GetRecommendation_SameUnsolvedBudgetTwice_SecondServedFromTheCacheWithoutASolve()
    {
        var root = Path.Combine(_work, "root");
        await RunAsync(root, "--budgets", "8800", "--intervals", "40");
        var cache = new RunReadCache();

        var first = await Api(root, cache).GetRecommendationAsync(OnDemand);
        var second = await Api(root, cache).GetRecommendationAsync(OnDemand);

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        Assert.Equal("solved_on_demand", second.Body["source"]!.GetValue<string>());
        Assert.Equal("miss", first.Headers![RunsApi.CacheHeader]);
        Assert.Equal("hit", second.Headers![RunsApi.CacheHeader]);
        Assert.Equal((1L, 1L, 1L), (cache.SummaryReads, cache.ModelReads, cache.BudgetSolves));
        Assert.Equal(first.Body.ToJsonString(), second.Body.ToJsonString());

        // What was kept is what a solve gives: an API with nothing kept answers the same.
        var fresh = await Api(root, new RunReadCache()).GetRecommendationAsync(OnDemand);
        Assert.Equal(fresh.Body.ToJsonString(), second.Body.ToJsonString());
        Assert.NotNull(second.Body["predicted_conversions_low"]);

        // A budget the run solved comes from its summary (explained once by the model already read), then is kept too.
        var inRun = await Api(root, cache).GetRecommendationAsync("8800");
        var inRunAgain = await Api(root, cache).GetRecommendationAsync("8800");
        Assert.Equal("run", inRun.Body["source"]!.GetValue<string>());
        Assert.Equal(("miss", "hit"), (inRun.Headers![RunsApi.CacheHeader], inRunAgain.Headers![RunsApi.CacheHeader]));
        Assert.Equal(inRun.Body.ToJsonString(), inRunAgain.Body.ToJsonString());
        Assert.Equal((1L, 1L, 2L), (cache.SummaryReads, cache.ModelReads, cache.BudgetSolves));

        // Another goal for the same budget is another answer, kept apart.
        var underCpa = await Api(root, cache).GetRecommendationAsync(OnDemand, "target_cpa", "40");
        var underCpaAgain = await Api(root, cache).GetRecommendationAsync(OnDemand, "target_cpa", "40");
        Assert.Equal((200, 200), (underCpa.StatusCode, underCpaAgain.StatusCode));
        Assert.Equal(("miss", "hit"), (underCpa.Headers![RunsApi.CacheHeader], underCpaAgain.Headers![RunsApi.CacheHeader]));
        Assert.Equal((1L, 3L), (cache.ModelReads, cache.BudgetSolves));
    }

    [Fact]
    public async Task GetRecommendation_200ConcurrentRequestsForOneUnsolvedBudget_OneReadAndOneSolve()
    {
        var root = Path.Combine(_work, "root");
        await RunAsync(root, "--budgets", "8800", "--intervals", "40");
        var cache = new RunReadCache();

        // As on the host: an API per request, one cache per app.
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => Api(root, cache).GetRecommendationAsync(OnDemand))));

        Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        Assert.Single(answers.Select(a => a.Body.ToJsonString()).Distinct());
        Assert.Equal(1, answers.Count(a => a.Headers![RunsApi.CacheHeader] == "miss"));
        Assert.Equal((1L, 1L, 1L), (cache.SummaryReads, cache.ModelReads, cache.BudgetSolves));
    }

    [Fact]
    public async Task GetRecommendationAndEvaluate_LatestMovesToANewRun_AnswerFromTheNewRun()
    {
        var root = Path.Combine(_work, "root");
        var first = await RunAsync(root, "--budgets", "8800", "--intervals", "0", "--alpha-mode", "fixed", "--alpha", "0.1");
        var cache = new RunReadCache();
        var plan = """{"spend": {"Email": 3000}}""";
        var fromFirst = await Api(root, cache).GetRecommendationAsync(OnDemand);
        var evaluatedOnFirst = await Api(root, cache).EvaluateAsync(plan);
        Assert.Equal(first, fromFirst.Body["run"]!.GetValue<string>());
        Assert.Equal(first, evaluatedOnFirst.Body["run"]!.GetValue<string>());

        // A second run into the same root moves latest.json, as a publish does.
        var second = await RunAsync(root, "--budgets", "8800", "--intervals", "0", "--alpha-mode", "fixed", "--alpha", "0.9");
        Assert.NotEqual(first, second);
        var fromSecond = await Api(root, cache).GetRecommendationAsync(OnDemand);
        var evaluatedOnSecond = await Api(root, cache).EvaluateAsync(plan);

        Assert.Equal(second, fromSecond.Body["run"]!.GetValue<string>());
        Assert.Equal("miss", fromSecond.Headers![RunsApi.CacheHeader]);
        Assert.Equal(0.9, fromSecond.Body["alpha_best"]!.GetValue<double>());
        Assert.Equal(second, evaluatedOnSecond.Body["run"]!.GetValue<string>());
        Assert.Equal((2L, 2L, 2L, 2L), (cache.SummaryReads, cache.ModelReads, cache.BudgetSolves, cache.PlanEvaluations));

        // The new run's numbers, not the old one's: what an API with nothing kept answers for it.
        var fresh = new RunReadCache();
        Assert.Equal((await Api(root, fresh).GetRecommendationAsync(OnDemand)).Body.ToJsonString(), fromSecond.Body.ToJsonString());
        Assert.Equal((await Api(root, fresh).EvaluateAsync(plan)).Body.ToJsonString(), evaluatedOnSecond.Body.ToJsonString());
        Assert.NotEqual(Number(fromFirst.Body, "predicted_conversions"), Number(fromSecond.Body, "predicted_conversions"));
        Assert.NotEqual(Number(evaluatedOnFirst.Body, "predicted_conversions"), Number(evaluatedOnSecond.Body, "predicted_conversions"));

        // The first run, asked for by id, is still answered from what was kept of it.
        var byId = await Api(root, cache).EvaluateAsync($$$"""{"run": "{{{first}}}", "spend": {"Email": 3000}}""");
        Assert.Equal(evaluatedOnFirst.Body.ToJsonString(), byId.Body.ToJsonString());
        Assert.Equal((2L, 2L), (cache.ModelReads, cache.PlanEvaluations));
    }

    [Fact]
    public async Task Evaluate_SamePlanTwiceAndARefusedOne_ModelReadOnceAndNoRefusalKept()
    {
        var root = Path.Combine(_work, "root");
        await RunAsync(root, "--budgets", "8800", "--intervals", "40");
        var cache = new RunReadCache();

        var once = await Api(root, cache).EvaluateAsync("""{"spend": {"Email": 3000, "Display": 500}}""");
        var twice = await Api(root, cache).EvaluateAsync("""{"spend": {"Display": 500, "Email": 3000}}""");
        var other = await Api(root, cache).EvaluateAsync("""{"spend": {"Email": 3001}}""");
        var refused = await Api(root, cache).EvaluateAsync("""{"spend": {"Fax": 10}}""");
        var refusedAgain = await Api(root, cache).EvaluateAsync("""{"spend": {"Fax": 10}}""");

        Assert.Equal((200, 200, 200, 400, 400), (once.StatusCode, twice.StatusCode, other.StatusCode, refused.StatusCode, refusedAgain.StatusCode));
        Assert.Equal(once.Body.ToJsonString(), twice.Body.ToJsonString());
        Assert.Equal(refused.Body.ToJsonString(), refusedAgain.Body.ToJsonString());
        Assert.Equal(1L, cache.ModelReads);

        // One evaluation for the plan given twice (in either order), one for the other; a refused plan is tried each time.
        Assert.Equal(4L, cache.PlanEvaluations);
    }

    [Fact]
    public async Task GetRecommendation_MoreBudgetsThanItKeeps_KeepsAtMostItsLimit()
    {
        var root = Path.Combine(_work, "root");
        await RunAsync(root, "--budgets", "8800", "--intervals", "0");
        var cache = new RunReadCache();
        var api = Api(root, cache);

        for (var i = 0; i < RunReadCache.MaxBudgets + 200; i++)
        {
            Assert.Equal(200, (await api.GetRecommendationAsync((9_000 + i).ToString(CultureInfo.InvariantCulture))).StatusCode);
        }

        Assert.Equal(RunReadCache.MaxBudgets + 200L, cache.BudgetSolves);
        Assert.InRange(cache.BudgetsKept, 1, RunReadCache.MaxBudgets);
        Assert.Equal(1L, cache.ModelReads);

        // The last budget asked is still kept; the first has made room for later ones and is solved again.
        Assert.Equal("hit", (await api.GetRecommendationAsync((9_000 + RunReadCache.MaxBudgets + 199).ToString(CultureInfo.InvariantCulture))).Headers![RunsApi.CacheHeader]);
        Assert.Equal("miss", (await api.GetRecommendationAsync("9000")).Headers![RunsApi.CacheHeader]);
    }

    private static double Number(JsonNode body, string field) => body[field]!.GetValue<double>();

    private static RunsApi Api(string root, RunReadCache cache) =>
        new(null!, new LocalDirectoryArtifactStore(root), Options.Create(new RunOptions { ["Budgets"] = "8800" }), TimeProvider.System, cache: cache);

    /// <summary>`markov run --out <paramref name="root"/>` on the sample; returns the run id latest.json now names.</summary>
    private async Task<string> RunAsync(string root, params string[] extra)
    {
        var data = Path.Combine(_work, "data");
        if (!Directory.Exists(data))
        {
            var sample = await InProcessCli.RunAsync("sample", "--customers", "2000", "--seed", "5", "--out", data);
            Assert.True(sample.ExitCode == 0, sample.Stderr);
        }

        var result = await InProcessCli.RunAsync(
        [
            "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"), "--out", root, .. extra,
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Path.GetFileName(MarkovCli.RunFolder(root));
    }
}
