using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MarkovFunctions.TestSupport;

namespace MarkovFunctions.Functions.Tests;

/// <summary><c>POST /api/evaluate</c> on the published app on the real Functions host, over the fixture's first run.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class EvaluateOnHostTests(FunctionsAppFixture app)
{
    private BlobContainerClient Container => new(app.Azurite.ConnectionString, FunctionsAppFixture.Container);

    [Fact]
    public async Task Evaluate_PlansOnTheFirstRun_ReproduceTheRunAndListBrokenRulesAndNeedTheKey()
    {
        var run = await app.FirstRunAsync();
        var summary = JsonNode.Parse((await Container.GetBlobClient($"{run.RunId}/summary.json").DownloadContentAsync()).Value.Content.ToArray())!;
        var model = JsonNode.Parse((await Container.GetBlobClient($"{run.RunId}/recommendation_model.json").DownloadContentAsync()).Value.Content.ToArray())!;
        var budget = summary["budgets"]!.AsArray().Single(b => b!["budget"]!.GetValue<double>() == 15000)!;
        using var client = app.Host.Client();

        // Today's spend: the run's predicted_current.
        var (status, today) = await PostAsync(client, new JsonObject { ["run"] = run.RunId, ["spend"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(run.RunId, today["run"]!.GetValue<string>());
        Assert.Equal(budget["predicted_current"]!.GetValue<double>(), today["predicted_conversions"]!.GetValue<double>(), 1e-9);
        Assert.Empty(today["violations"]!.AsArray());

        // The budget's optimal plan: its predicted conversions, nothing broken, no gap to the optimum.
        var optimal = new JsonObject();
        foreach (var channel in budget["channels"]!.AsArray())
        {
            optimal[channel!["channel"]!.GetValue<string>().ToLowerInvariant()] = channel["optimal_spend"]!.GetValue<double>();
        }

        var (_, best) = await PostAsync(client, new JsonObject { ["run"] = run.RunId, ["spend"] = optimal });
        var predicted = budget["predicted_conversions"]!.GetValue<double>();
        Assert.Equal(predicted, best["predicted_conversions"]!.GetValue<double>(), 1e-6 * predicted);
        Assert.Equal(15000, best["total_spend"]!.GetValue<double>(), 1e-6);
        Assert.Empty(best["violations"]!.AsArray());
        Assert.Equal(0, best["optimum"]!["gap"]!.GetValue<double>(), 1e-6 * predicted);

        // Below Paid Search's minimum and below the Paid floor: both listed, with limit, value and gap.
        var (plan, paidSearchMin, paidSpend, total) = EvaluatePlans.BelowMinimumAndPaidFloor(model);
        var (_, broken) = await PostAsync(client, new JsonObject { ["spend"] = plan });
        var violations = broken["violations"]!.AsArray();
        Assert.Equal(["Paid Search min_monthly_spend", "Paid"], violations.Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal(paidSearchMin / 2, violations[0]!["gap"]!.GetValue<double>(), 1e-9);
        Assert.Equal((0.30 * total) - paidSpend, violations[1]!["gap"]!.GetValue<double>(), 1e-9);
        // The optimum keeps every rule, so it may predict less than a plan that breaks one: only the arithmetic is fixed.
        Assert.Equal("Optimal", broken["optimum"]!["status"]!.GetValue<string>());
        Assert.Equal(
            broken["optimum"]!["predicted_conversions"]!.GetValue<double>() - broken["predicted_conversions"]!.GetValue<double>(),
            broken["optimum"]!["gap"]!.GetValue<double>(),
            1e-9);

        // Bad plans are 400 naming the channel; no key is 401.
        var (unknown, unknownBody) = await PostAsync(client, new JsonObject { ["spend"] = new JsonObject { ["Carrier Pigeon"] = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("unknown channel 'Carrier Pigeon'", unknownBody["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var (negative, negativeBody) = await PostAsync(client, new JsonObject { ["spend"] = new JsonObject { ["Email"] = -5 } });
        Assert.Equal(HttpStatusCode.BadRequest, negative);
        Assert.Contains("spend for 'Email' is -5", negativeBody["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var (noRun, _) = await PostAsync(client, new JsonObject { ["run"] = "19990101_000000", ["spend"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.NotFound, noRun);

        using var anonymous = app.Host.Client(key: string.Empty);
        using var refused = await anonymous.PostAsync("api/evaluate", new StringContent("""{"spend": {}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsync("api/evaluate", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
