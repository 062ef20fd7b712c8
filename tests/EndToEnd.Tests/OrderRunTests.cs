using System.Text.Json.Nodes;
using MarkovFunctions.Pipeline.Artifacts;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>`markov run --order` (docs/MODEL.md sections 12 and 13): summary.json, manifest, report and the bootstrap at order k.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class OrderRunTests : IDisposable
{
    private readonly string _work = MarkovCli.TempPath("order");

    public void Dispose() => CsvRunTests.Delete(_work);

    [Fact]
    public async Task Run_OrderTwoWithIntervals_WeightsAddUpAndBaselineIsTheShareConverted()
    {
        var run = await RunAsync("two", "--order", "2", "--intervals", "40");
        var summary = Summary(run);

        Assert.Equal(2, summary["markov_order"]!.GetValue<int>());
        Assert.Null(summary["order_selection"]);
        Assert.Equal(2, Manifest(run)["markov_order"]!.GetValue<int>());
        var channels = summary["channels"]!.AsArray();
        Assert.Equal(1, channels.Sum(c => c!["removal_weight"]!.GetValue<double>()), 9);
        Assert.Equal(summary["converted_journeys"]!.GetValue<long>(), channels.Sum(c => c!["shapley"]!.GetValue<double>()), 6);
        Assert.Equal(summary["converted_journeys"]!.GetValue<double>() / summary["journeys"]!.GetValue<long>(), summary["baseline_conversion"]!.GetValue<double>(), 12);

        // The bootstrap ran at order 2: every channel's interval holds its point weight.
        Assert.Equal(0, summary["uncertainty"]!["failed_replicates"]!.GetValue<int>());
        Assert.All(channels, c => Assert.InRange(c!["removal_weight"]!.GetValue<double>(), c["removal_weight_low"]!.GetValue<double>() - 1e-12, c["removal_weight_high"]!.GetValue<double>() + 1e-12));
        Assert.Contains("Order 2: a state is the last 2 touches", File.ReadAllText(Path.Combine(run, RunArtifacts.Report)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OrderAuto_SummaryManifestAndReportShowEveryOrdersScore()
    {
        var run = await RunAsync("auto", "--order", "auto", "--intervals", "0");
        var summary = Summary(run);

        var scores = summary["order_selection"]!.AsArray();
        Assert.Equal([1, 2, 3, 4], scores.Select(s => s!["order"]!.GetValue<int>()));
        Assert.All(scores, s => Assert.True(s!["holdout_loss"]!.GetValue<double>() > 0 && s["standard_error"]!.GetValue<double>() > 0 && s["states"]!.GetValue<int>() > 0));
        var chosen = summary["markov_order"]!.GetValue<int>();
        var best = scores.MinBy(s => s!["holdout_loss"]!.GetValue<double>())!;
        Assert.True(scores[chosen - 1]!["holdout_loss"]!.GetValue<double>() <= best["holdout_loss"]!.GetValue<double>() + best["standard_error"]!.GetValue<double>());
        Assert.True(JsonNode.DeepEquals(scores, Manifest(run)["order_selection"]), "run_manifest.json order_selection differs from summary.json");
        Assert.Contains("Order of the chain", File.ReadAllText(Path.Combine(run, RunArtifacts.Report)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OrderNotANumber_ExitsTwoNamingTheOption()
    {
        Directory.CreateDirectory(_work);
        var result = await InProcessCli.RunAsync("run", "--journeys", "none.csv", "--performance", "none.csv", "--budgets", "100", "--order", "5", "--out", Path.Combine(_work, "bad"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--order", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MoreThan4095ChannelsAtOrderTwo_ExitsTwoNamingTheColumnTheNumberAndTheLimit()
    {
        Directory.CreateDirectory(_work);
        var journeys = Path.Combine(_work, "journeys.csv");
        var performance = Path.Combine(_work, "channel_performance.csv");
        File.WriteAllText(journeys, BadInputTests.JourneysHeader + "\n" + string.Concat(Enumerable.Range(0, 4_096).Select(i => $"zz-cust-{i},1,Campaign {i},2024-01-01T00:00:00Z,1,10,New\n")));
        File.WriteAllText(performance, BadInputTests.GoodPerformance);
        var output = Path.Combine(_work, "many");

        var result = await InProcessCli.RunAsync("run", "--journeys", journeys, "--performance", performance, "--budgets", "3000", "--order", "2", "--out", output);

        Assert.True(result.ExitCode == 2, result.Stderr);
        Assert.Contains("customer_journeys.channel: 4,096 distinct channels at order 2, above the 4,095 that orders above 1 count", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("zz-cust", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private static JsonNode Manifest(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run_manifest.json")))!;

    private static JsonNode Summary(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;

    private async Task<string> RunAsync(string name, params string[] extra)
    {
        var data = Path.Combine(_work, "data");
        if (!Directory.Exists(data))
        {
            var sample = await InProcessCli.RunAsync("sample", "--customers", "3000", "--seed", "5", "--out", data);
            Assert.True(sample.ExitCode == 0, sample.Stderr);
        }

        var root = Path.Combine(_work, name);
        var result = await InProcessCli.RunAsync(
        [
            "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"), "--budgets", "8800", "--out", root, .. extra,
        ]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return MarkovCli.RunFolder(root);
    }
}
