using System.Text.Json.Nodes;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>Issue 24 on the `markov` command line: curves fitted from the sample's weekly history, and its bad input refused.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class FittedResponseCliTests : IDisposable
{
    private readonly string _work = MarkovCli.TempPath("fitted");

    public FittedResponseCliTests() => Directory.CreateDirectory(_work);

    public void Dispose() => CsvRunTests.Delete(_work);

    private string History => Path.Combine(_work, "channel_spend_history.csv");

    [Fact]
    public async Task Run_FittedWithTheSampleHistory_FitsEveryChannelAndKeepsTheCalibration()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "5000", "--out", _work)).ExitCode);

        var fitted = await InProcessCli.RunCsvAsync(_work, "20000,22000", "--intervals", "0", "--response", "fitted", "--history", History);
        Assert.True(fitted.ExitCode == 0, fitted.Stderr);
        var summary = Summary();
        CsvRunTests.Delete(Path.Combine(_work, "out"));
        var saturating = await InProcessCli.RunCsvAsync(_work, "20000,22000", "--intervals", "0", "--response", "saturating");
        Assert.True(saturating.ExitCode == 0, saturating.Stderr);
        var assumed = Summary();

        Assert.Equal("fitted", (string)summary["response_mode"]!);
        var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(_work, "true_response_curves.json")))!["channels"]!.AsArray()
            .ToDictionary(c => (string)c!["channel"]!, c => (double)c!["kappa"]!);
        var curves = summary["response_curves"]!.AsArray();
        Assert.Equal(8, curves.Count);
        var covered = 0;
        foreach (var curve in curves)
        {
            Assert.Equal("fitted", (string)curve!["status"]!);
            Assert.Equal(104, (int)curve["weeks"]!);
            var (kappa, low, high) = ((double)curve["kappa"]!, (double)curve["kappa_low"]!, (double)curve["kappa_high"]!);
            Assert.True(low < kappa && kappa < high);
            Assert.InRange(Math.Abs(Math.Log(kappa / truth[(string)curve["channel"]!])), 0, 0.7);
            covered += low <= truth[(string)curve["channel"]!] && truth[(string)curve["channel"]!] <= high ? 1 : 0;
            Assert.NotNull((double?)curve["holdout_smape"]);
        }

        Assert.True(covered >= 6, $"{covered} of 8 intervals cover the true kappa");
        Assert.NotNull(summary["response_curves_holdout"]);

        // The level stays anchored at today's calibrated prediction: only the plans move.
        Assert.Equal((double)assumed["smape_best"]!, (double)summary["smape_best"]!);
        Assert.Equal((double)assumed["budgets"]![0]!["predicted_current"]!, (double)summary["budgets"]![0]!["predicted_current"]!, 9);
        Assert.NotEqual((double)assumed["budgets"]![0]!["predicted_conversions"]!, (double)summary["budgets"]![0]!["predicted_conversions"]!);
        Assert.Null(assumed["response_curves"]);
    }

    [Fact]
    public async Task Run_FittedWithoutHistory_ExitsTwoNamingTheTable()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "500", "--out", _work)).ExitCode);

        var result = await InProcessCli.RunCsvAsync(_work, "20000", "--intervals", "0", "--response", "fitted");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("channel_spend_history", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_work, "out")) && Directory.EnumerateDirectories(Path.Combine(_work, "out")).Any(d => !Path.GetFileName(d).StartsWith('.')));
    }

    [Theory]
    [InlineData("2026-11-24,Email,10,5", "week_start", "is a Tuesday, not a Monday")]
    [InlineData("23/11/2026,Email,10,5", "week_start", "is not a date")]
    [InlineData("2026-11-23,Email,-10,5", "spend", "line 3")]
    [InlineData("2026-11-23,Email,10,NaN", "conversions", "line 3")]
    [InlineData("2026-11-16, email ,10,5", "week_start", "has the week 2026-11-16 twice")]
    public async Task Run_BadHistoryRow_ExitsTwoNamingTheRow(string row, string column, string problem)
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "500", "--out", _work)).ExitCode);
        File.WriteAllText(History, $"week_start,channel,spend,conversions\n2026-11-16,Email,10,5\n{row}\n");

        var result = await InProcessCli.RunCsvAsync(_work, "20000", "--intervals", "0", "--response", "fitted", "--history", History);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"channel_spend_history.{column}", result.Stderr);
        Assert.Contains(problem, result.Stderr);
    }

    /// <summary>Replicate b's LPs use each channel's κ drawn from its posterior: the run keeps the draws, seeded, and the point plan does not move.</summary>
    [Fact]
    public async Task Run_FittedWithIntervals_EachReplicateDrawsItsCurves()
    {
        Assert.Equal(0, (await InProcessCli.RunAsync("sample", "--customers", "2000", "--out", _work)).ExitCode);
        var off = await InProcessCli.RunCsvAsync(_work, "8800", "--intervals", "0", "--response", "fitted", "--history", History);
        Assert.True(off.ExitCode == 0, off.Stderr);
        var point = Summary();
        CsvRunTests.Delete(Path.Combine(_work, "out"));

        var on = await InProcessCli.RunCsvAsync(_work, "8800", "--intervals", "40", "--response", "fitted", "--history", History);

        Assert.True(on.ExitCode == 0, on.Stderr);
        var summary = Summary();
        Assert.Equal((double)point["budgets"]![0]!["predicted_conversions"]!, (double)summary["budgets"]![0]!["predicted_conversions"]!, 9);
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Path.Combine(_work, "out")), "recommendation_model.json")))!;
        var draws = model["intervals"]!["models"]!.AsArray().Select(m => (double)m!["kappas"]!["Email"]!).ToArray();
        Assert.Equal(40, draws.Length);
        var curve = summary["response_curves"]!.AsArray().Single(c => (string)c!["channel"]! == "Email")!;
        var inside = draws.Count(k => k >= (double)curve["kappa_low"]! && k <= (double)curve["kappa_high"]!);
        Assert.InRange(inside, 34, 40);
        Assert.True(draws.Distinct().Count() == 40, "every replicate draws its own curve");
        Assert.NotNull(summary["budgets"]![0]!["predicted_conversions_low"]);
    }

    private JsonNode Summary() => JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Path.Combine(_work, "out")), "summary.json")))!;
}
