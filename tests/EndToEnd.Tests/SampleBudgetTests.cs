using System.Text.Json.Nodes;

namespace MarkovFunctions.EndToEnd.Tests;

/// <summary>The sample's budgets follow its size: a small sample (as scripts/run-local --customers 5000 makes) still gets a recommendation.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class SampleBudgetTests : IDisposable
{
    private readonly string _work = MarkovCli.TempPath("sample-budgets");

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task Sample_FiveThousandCustomers_BudgetsItsSpendCanMeetAndEveryOneIsSolved()
    {
        var data = Path.Combine(_work, "data");
        var sample = await InProcessCli.RunAsync("sample", "--customers", "5000", "--seed", "42", "--out", data);
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        Assert.Contains("sample budgets: 20000,22000,25000", sample.Stdout);
        var budgets = File.ReadAllText(Path.Combine(data, "budgets.txt")).Trim();
        Assert.Equal("20000,22000,25000", budgets);

        var run = await InProcessCli.RunAsync(
            "run", "--journeys", Path.Combine(data, "journeys.csv"), "--performance", Path.Combine(data, "channel_performance.csv"),
            "--budgets", budgets, "--intervals", "0", "--out", Path.Combine(_work, "run"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(MarkovCli.RunFolder(Path.Combine(_work, "run")), "summary.json")))!;
        var solved = summary["budgets"]!.AsArray().Select(b => (b!["budget"]!.GetValue<double>(), b["status"]!.GetValue<string>())).ToArray();
        Assert.Equal([(20000.0, "Optimal"), (22000.0, "Optimal"), (25000.0, "Optimal")], solved);
    }
}
