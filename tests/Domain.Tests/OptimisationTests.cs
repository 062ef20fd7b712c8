using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Domain.Tests;

public sealed class OptimisationTests
{
    [Theory]
    [InlineData(SolveStatus.Optimal, "Optimal")]
    [InlineData(SolveStatus.Infeasible, "Infeasible")]
    [InlineData(SolveStatus.Undefined, "Undefined")]
    [InlineData(SolveStatus.Abnormal, "ABNORMAL")]
    [InlineData(SolveStatus.ModelInvalid, "MODEL_INVALID")]
    [InlineData(SolveStatus.NotSolved, "NOT_SOLVED")]
    [InlineData(SolveStatus.TimeLimit, "TIME_LIMIT")]
    public void SolveStatus_TextAndJson_AreTheSameSpelling(SolveStatus status, string spelling)
    {
        Assert.Equal(spelling, status.Text());
        Assert.Equal($"\"{spelling}\"", System.Text.Json.JsonSerializer.Serialize(status));
        Assert.Equal(status, System.Text.Json.JsonSerializer.Deserialize<SolveStatus>($"\"{spelling}\""));
    }

    [Fact]
    public void Explain_InfeasibleBudgets_GiveReasonsInWords()
    {
        var summary = RunSummary.From(CaseData.Load("e_infeasible_budget").Run());
        var b8000 = summary.Budgets.Single(b => b.Budget == 8000);
        Assert.Equal("Infeasible", b8000.Status.Text());
        Assert.Contains("minimum spends add up to 9,000, above the budget 8,000", b8000.Reasons);
        Assert.Contains("Social+Display minimum spends add up to 4,000, above its cap of 40% of the budget (3,200)", b8000.Reasons);

        var b9500 = summary.Budgets.Single(b => b.Budget == 9500);
        Assert.Equal(["Social+Display minimum spends add up to 4,000, above its cap of 40% of the budget (3,800)"], b9500.Reasons);

        var b25000 = summary.Budgets.Single(b => b.Budget == 25000);
        Assert.Contains("maximum spends add up to 20,000, below the budget 25,000", b25000.Reasons);
        Assert.All(summary.Sweep.Where(p => p.Budget != 12000), p => Assert.Null(p.PredictedConversions));
    }

    [Fact]
    public void Solve_PaidShareBinds_MarginalValueIsDualPlusShareTimesShareDual()
    {
        var summary = RunSummary.From(CaseData.Load("f_paid_share_binds").Run());
        foreach (var budget in summary.Budgets)
        {
            var paid = budget.Constraints.Single(c => c.Name == "Paid");
            Assert.True(paid.Binding);
            Assert.True(paid.Dual < 0, "a binding ≥ constraint has a non-positive dual");
            var expected = budget.BudgetDual!.Value + budget.Constraints.Sum(c => c.Share * c.Dual);
            Tolerance.Close(expected, budget.BudgetMarginalValue!.Value, 1e-12, "budget_marginal_value");
            Assert.NotEqual(budget.BudgetDual!.Value, budget.BudgetMarginalValue!.Value, 6);
        }
    }

    [Fact]
    public void Solve_ChannelWithZeroCurrentSpend_HasNullSpendChange()
    {
        var response = new LinearResponse(0.5, 1,
        [
            new ChannelResponse("A", 0.002, 0, 0, 10000, 0.5, 0),
            new ChannelResponse("B", 0.001, 5000, 0, 10000, 0.5, 5),
        ]);
        var result = BudgetOptimizer.Solve(response, [], 12000);
        Assert.Equal(SolveStatus.Optimal, result.Status);
        var a = result.Channels.Single(c => c.Channel == "A");
        Assert.Null(a.SpendChangePct);
        Assert.Equal(10000, a.OptimalSpend, 6);
        Assert.True(a.AtMax);
        Assert.Equal(0.001, result.BudgetDual!.Value, 12);
        Tolerance.Close(0.002 * 10000 + 0.001 * 2000, result.PredictedConversions!.Value, 1e-9, "objective");
    }

    [Fact]
    public void Solve_OverlappingShareRules_InfeasibleWithAGeneralReason()
    {
        // Each rule alone can be met, but A must get ≥ 60 % and ≤ 40 % at once.
        var response = new LinearResponse(0.5, 1,
        [
            new ChannelResponse("A", 0.002, 100, 0, 10000, 0.5, 1),
            new ChannelResponse("B", 0.001, 100, 0, 10000, 0.5, 1),
        ]);
        ShareConstraint[] rules = [new("Floor", ["A"], ShareBound.AtLeast, 0.6), new("Cap", ["A"], ShareBound.AtMost, 0.4)];
        var result = BudgetOptimizer.Solve(response, rules, 1000);
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal(["no allocation satisfies every spend bound and share rule together at this budget"], result.Reasons);
        Assert.Null(result.PredictedConversions);
    }

    [Fact]
    public void Calibrate_FixedMode_UsesTheConfiguredAlpha()
    {
        var data = CaseData.Load("a_three_journeys");
        var outcome = MarkovEngine.Run(data.Counts(), data.Performance(), RunSettings.Create(data.Budgets(), new AlphaSettings(AlphaMode.Fixed, 0.5), data.Constraints()));
        Assert.Equal(0.5, outcome.Calibration.AlphaBest);
        Tolerance.Close(0.7398501367272701, outcome.Calibration.SmapeBest, 1e-9, "SMAPE at 0.5");
        Assert.All(outcome.Budgets, b => Assert.Equal(0.5, b.Alpha));
        Assert.Equal(21, outcome.Calibration.Table.Count);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0)]
    public void AlphaSettings_BadGridStep_IsConfigurationError(double step) =>
        Assert.Throws<ConfigurationException>(() => new AlphaSettings(GridStep: step).Validate());

    [Fact]
    public void AlphaSettings_StepOfATenth_GivesElevenPoints() =>
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], new AlphaSettings(GridStep: 0.1).Grid());

    [Fact]
    public void Calibrate_HighSmape_RaisesAlert()
    {
        var outcome = CaseData.Load("a_three_journeys").Run();
        Assert.Contains(outcome.Alerts, a => a.StartsWith("calibration SMAPE 0.733", StringComparison.Ordinal));
    }
}
