using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class RunAlertsTests
{
    [Fact]
    public void WeightChanges_MoreThanHalf_Alerts()
    {
        var previous = Summary(("Email", 0.40), ("Search", 0.60));
        var current = Summary(("Email", 0.70), ("Search", 0.30));

        var alerts = RunAlerts.WeightChanges(current, previous, "20261116_110000", 0.5);

        Assert.Equal(
            ["Email weight moved +75% since run 20261116_110000 (0.400 -> 0.700), above the 50% alert threshold"],
            alerts);
    }

    [Fact]
    public void WeightChanges_SmallMovesOrNoPreviousRun_NoAlert()
    {
        var previous = Summary(("Email", 0.40), ("Search", 0.60));
        Assert.Empty(RunAlerts.WeightChanges(Summary(("Email", 0.50), ("Search", 0.50)), previous, "r", 0.5));
        Assert.Empty(RunAlerts.WeightChanges(previous, null, null, 0.5));
    }

    [Fact]
    public void Runtime_OverTheLimit_Alerts()
    {
        Assert.Equal(["the run took 75.0 min, above the 60 min limit"], RunAlerts.Runtime(4500, 60));
        Assert.Empty(RunAlerts.Runtime(600, 60));
    }

    private static RunSummary Summary(params (string Channel, double Weight)[] weights) => new(
        1, "linear", "search", 0, 0, 0, 0, 0.5, 7,
        weights.Select(w => new SummaryChannel(w.Channel, w.Weight, w.Weight, 0, 0, null, null, 0, 0, 0, 0, 0)).ToArray(),
        0.5, 0.1, 1, [], [], [], [], [], []);
}
