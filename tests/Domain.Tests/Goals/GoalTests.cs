using System.Globalization;
using System.Text.RegularExpressions;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests.Goals;

/// <summary>Issue 27: the goals of docs/MODEL.md section 5.1.</summary>
public sealed partial class GoalTests
{
    private static BudgetResult Solve(Goal goal, double? target, ResponseMode mode, double budget = GoalFixture.Budget) =>
        BudgetOptimizer.Solve(GoalFixture.Response, GoalFixture.Rules, budget, GoalFixture.Curves(mode), new GoalSettings(goal, target), GoalFixture.Values);

    [Theory]
    [InlineData(Goal.Conversions, null, ResponseMode.Linear)]
    [InlineData(Goal.Value, null, ResponseMode.Linear)]
    [InlineData(Goal.Profit, null, ResponseMode.Linear)]
    [InlineData(Goal.TargetCpa, 90.0, ResponseMode.Linear)]
    [InlineData(Goal.TargetRoas, 1.3, ResponseMode.Linear)]
    [InlineData(Goal.TargetConversions, 400.0, ResponseMode.Linear)]
    [InlineData(Goal.Conversions, null, ResponseMode.Saturating)]
    [InlineData(Goal.Value, null, ResponseMode.Saturating)]
    [InlineData(Goal.Profit, null, ResponseMode.Saturating)]
    [InlineData(Goal.TargetCpa, 90.0, ResponseMode.Saturating)]
    [InlineData(Goal.TargetRoas, 1.6, ResponseMode.Saturating)]
    [InlineData(Goal.TargetConversions, 400.0, ResponseMode.Saturating)]
    public void Solve_EachGoal_ObjectiveAgreesWithIndependentClpProgram(Goal goal, double? target, ResponseMode mode)
    {
        var result = Solve(goal, target, mode);
        var reference = ReferenceLp.Objective(goal, target, GoalFixture.Response, GoalFixture.Rules, GoalFixture.Budget, GoalFixture.Curves(mode), GoalFixture.Values);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.NotNull(reference);
        var objective = goal == Goal.Conversions
            ? ReferenceObjectiveOfConversions(result, mode)
            : result.Goal!.Objective!.Value;
        Tolerance.Close(reference!.Value, objective, 1e-6, $"{goal} {mode} objective");
    }

    [Fact]
    public void Solve_ConversionsGoal_IsTodaysResultWithNoGoalFields()
    {
        var before = BudgetOptimizer.Solve(GoalFixture.Response, GoalFixture.Rules, GoalFixture.Budget);
        var explicitGoal = Solve(Goal.Conversions, null, ResponseMode.Linear);
        Assert.Null(explicitGoal.Goal);
        Assert.Equal(before.PredictedConversions, explicitGoal.PredictedConversions);
        Assert.Equal(before.Channels, explicitGoal.Channels);
        Assert.Equal(before.Constraints, explicitGoal.Constraints);
        Assert.Equal(before.BudgetDual, explicitGoal.BudgetDual);
    }

    [Fact]
    public void Solve_ProfitWithSaturatingCurves_InteriorChannelsStopWhereValueTimesSlopeIsOne()
    {
        var curves = GoalFixture.Curves(ResponseMode.Saturating);
        var result = Solve(Goal.Profit, null, ResponseMode.Saturating);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        Assert.True(result.Goal!.TotalSpend < GoalFixture.Budget - 1_000, $"spend {result.Goal.TotalSpend} stops short of the budget");
        var interior = result.Channels.Where(c => !c.AtMin && !c.AtMax).ToArray();
        Assert.Equal(4, interior.Length);
        foreach (var channel in interior)
        {
            var response = GoalFixture.Response.Channels.Single(c => c.Channel == channel.Channel);
            var v = GoalFixture.Values.For(channel.Channel);
            var piecewise = SaturatingCurve.For(response, 1).Segment(response.MinSpend, response.MaxSpend, curves.Segments);
            var step = piecewise.Slopes.Zip(piecewise.Slopes.Skip(1), (a, b) => a - b).Max();
            var slope = piecewise.Curve.SlopeAt(channel.OptimalSpend);
            Assert.True(Math.Abs((v * slope) - 1) <= v * step, $"{channel.Channel}: v·slope = {v * slope} at {channel.OptimalSpend} (step {v * step})");

            // The closed form: v · (A/h) · exp(-x/h) = 1, within one segment.
            var truth = piecewise.Curve.H * Math.Log(v * piecewise.Curve.A / piecewise.Curve.H);
            Assert.True(Math.Abs(channel.OptimalSpend - truth) <= piecewise.Lengths[0], $"{channel.Channel}: {channel.OptimalSpend} vs {truth}");
        }
    }

    [Theory]
    [InlineData(ResponseMode.Linear, 79)]
    [InlineData(ResponseMode.Linear, 90)]
    [InlineData(ResponseMode.Saturating, 75)]
    [InlineData(ResponseMode.Saturating, 90)]
    public void Solve_TargetCpa_PlanCpaIsAtMostTarget(ResponseMode mode, double target)
    {
        var result = Solve(Goal.TargetCpa, target, mode);
        Assert.True(result.IsOptimal, string.Join("; ", result.Reasons));
        var outcome = result.Goal!;
        Assert.Equal("target_cpa", outcome.Goal);
        Assert.True(outcome.Cpa <= target * (1 + 1e-9), $"CPA {outcome.Cpa} above {target}");
        Tolerance.Close(outcome.TotalSpend!.Value / outcome.PredictedConversions!.Value, outcome.Cpa!.Value, 1e-12, "cpa = spend / conversions");
        Assert.True(outcome.TotalSpend <= GoalFixture.Budget * (1 + 1e-9));
    }

    [Theory]
    [InlineData(ResponseMode.Linear)]
    [InlineData(ResponseMode.Saturating)]
    public void Solve_TargetCpaBelowBest_IsInfeasibleStatingTheBestCpa(ResponseMode mode)
    {
        var curves = GoalFixture.Curves(mode);

        // The lowest CPA, found apart: bisection on T over the reference program's feasibility.
        double lo = 1, hi = 1_000;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            var feasible = ReferenceLp.Objective(Goal.TargetCpa, mid, GoalFixture.Response, GoalFixture.Rules, GoalFixture.Budget, curves, GoalFixture.Values) is not null;
            (lo, hi) = feasible ? (lo, mid) : (mid, hi);
        }

        var result = Solve(Goal.TargetCpa, hi * 0.98, mode);
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var stated = StatedBest(Assert.Single(result.Reasons), "the lowest CPA any plan reaches");
        Tolerance.Close(hi, stated, 1e-4, "stated best CPA (printed to 3 decimals)");
        Assert.Equal("target_cpa", result.Goal!.Goal);
        Assert.Null(result.Goal.Cpa);

        Assert.Equal(SolveStatus.Optimal, Solve(Goal.TargetCpa, hi * 1.001, mode).Status);
    }

    [Fact]
    public void Solve_TargetCpaWithNoMinimums_OnlyEmptyPlanMeetsIt_IsInfeasibleWithBestCpa()
    {
        var free = GoalFixture.Response with { Channels = GoalFixture.Response.Channels.Select(c => c with { MinSpend = 0 }).ToArray() };
        var result = BudgetOptimizer.Solve(free, [], GoalFixture.Budget, null, new GoalSettings(Goal.TargetCpa, 50), GoalFixture.Values);

        // Email alone costs 1 / 0.015 = 66.667 a conversion, the cheapest there is.
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.Equal("no plan reaches a CPA of 50: the lowest CPA any plan reaches within the spend bounds, the share rules and the budget 50,000 is 66.667", Assert.Single(result.Reasons));
    }

    [Fact]
    public void Solve_TargetRoasAboveBest_IsInfeasibleStatingTheBestRoas()
    {
        var free = GoalFixture.Response with { Channels = GoalFixture.Response.Channels.Select(c => c with { MinSpend = 0 }).ToArray() };
        var result = BudgetOptimizer.Solve(free, [], GoalFixture.Budget, null, new GoalSettings(Goal.TargetRoas, 2), GoalFixture.Values);

        // Paid Search and Email both return 1.5 per unit of spend, the best there is.
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        Assert.EndsWith("the highest ROAS any plan reaches within the spend bounds, the share rules and the budget 50,000 is 1.5", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(ResponseMode.Linear, 300)]
    [InlineData(ResponseMode.Linear, 450)]
    [InlineData(ResponseMode.Saturating, 400)]
    public void Solve_TargetConversions_SpendIsTheBudgetWhereTheConversionsGoalFirstReachesN(ResponseMode mode, double n)
    {
        var curves = GoalFixture.Curves(mode);
        var result = Solve(Goal.TargetConversions, n, mode);
        Assert.Equal(SolveStatus.Optimal, result.Status);

        // Bisection on B over the conversions goal's optimum (the LP's own objective, chords included).
        double lo = 8_000, hi = GoalFixture.Budget;
        for (var i = 0; i < 80; i++)
        {
            var mid = (lo + hi) / 2;
            var reached = ReferenceLp.Objective(Goal.Conversions, null, GoalFixture.Response, GoalFixture.Rules, mid, curves, GoalFixture.Values) >= n;
            (lo, hi) = reached ? (lo, mid) : (mid, hi);
        }

        Tolerance.Close(hi, result.Goal!.TotalSpend!.Value, 1e-6, "least spend reaching N");
        Tolerance.Close(hi, result.Goal.Objective!.Value, 1e-6, "objective is the spend");
        Assert.True(result.Goal.PredictedConversions >= n * (1 - 1e-9));
    }

    [Fact]
    public void Solve_TargetConversionsBeyondReach_IsInfeasibleStatingTheMost()
    {
        var result = Solve(Goal.TargetConversions, 100_000, ResponseMode.Linear);
        Assert.Equal(SolveStatus.Infeasible, result.Status);
        var most = StatedBest(Assert.Single(result.Reasons), "the most any plan reaches");
        var reference = ReferenceLp.Objective(Goal.Conversions, null, GoalFixture.Response, GoalFixture.Rules, GoalFixture.Budget, ResponseSettings.Linear, GoalFixture.Values)!.Value;
        Tolerance.Close(reference, most, 1e-5, "most conversions within the budget");
    }

    [Fact]
    public void Solve_ValueGoal_ReportsValueCpaAndRoasOfThePlan()
    {
        var result = Solve(Goal.Value, null, ResponseMode.Linear);
        var outcome = result.Goal!;
        var value = result.Channels.Sum(c => GoalFixture.Values.For(c.Channel) * c.PredictedConversions);
        Tolerance.Close(GoalFixture.Budget, outcome.TotalSpend!.Value, 1e-9, "value spends the whole budget");
        Tolerance.Close(value, outcome.PredictedValue!.Value, 1e-12, "predicted_value");
        Tolerance.Close(value / GoalFixture.Budget, outcome.Roas!.Value, 1e-12, "roas");
        Tolerance.Close(value, outcome.Objective!.Value, 1e-9, "objective is the value");
        Assert.True(outcome.PredictedValue > Solve(Goal.Conversions, null, ResponseMode.Linear).Channels.Sum(c => GoalFixture.Values.For(c.Channel) * c.PredictedConversions) - 1e-6);
    }

    [Theory]
    [InlineData(Goal.TargetCpa, null, "needs a target")]
    [InlineData(Goal.Profit, 3.0, "takes no target")]
    [InlineData(Goal.TargetRoas, 0.0, "must be a positive number")]
    [InlineData(Goal.TargetRoas, double.NaN, "must be a positive number")]
    [InlineData(Goal.TargetConversions, 2e15, "must be a positive number of at most 1E+15")]
    public void Validate_BadTarget_IsConfigurationErrorNamingIt(Goal goal, double? target, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => new GoalSettings(goal, target).Validate());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_UnknownGoal_NamesTheChoices()
    {
        Assert.Equal(Goal.TargetCpa, GoalText.Parse(" TARGET_CPA ", "goal"));
        var error = Assert.Throws<ConfigurationException>(() => GoalText.Parse("roi", "goal"));
        Assert.Contains("'conversions' or 'value' or 'profit' or 'target_cpa' or 'target_roas' or 'target_conversions'", error.Message);
    }

    [Fact]
    public void CheckUsableFor_NoConversionValue_RefusesValueGoalsNamingTheColumn()
    {
        var none = new ConversionValues(new Dictionary<string, double>(), 0);
        none.CheckUsableFor(Goal.TargetCpa);
        var error = Assert.Throws<InputValidationException>(() => none.CheckUsableFor(Goal.Profit));
        Assert.Equal("conversion_value", error.Column);
    }

    private static double ReferenceObjectiveOfConversions(BudgetResult result, ResponseMode mode) =>
        mode == ResponseMode.Linear
            ? result.PredictedConversions!.Value
            : result.Channels.Select((c, i) => ChordValue(GoalFixture.Response.Channels[i], c.OptimalSpend)).Sum();

    /// <summary>The chords' value at a spend (the conversions LP's objective in saturating mode).</summary>
    private static double ChordValue(MarkovFunctions.Domain.Calibration.ChannelResponse channel, double x)
    {
        var piecewise = SaturatingCurve.For(channel, 1).Segment(channel.MinSpend, channel.MaxSpend, 64);
        var y = piecewise.Curve.ValueAt(channel.MinSpend);
        var at = channel.MinSpend;
        for (var k = 0; k < piecewise.Slopes.Count && at < x; k++)
        {
            var take = Math.Min(piecewise.Lengths[k], x - at);
            y += piecewise.Slopes[k] * take;
            at += take;
        }

        return y;
    }

    private static double StatedBest(string reason, string phrase)
    {
        Assert.Contains(phrase, reason);
        var match = TrailingNumber().Match(reason);
        Assert.True(match.Success, reason);
        return double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"is ([0-9][0-9,]*(?:\.[0-9]+)?)$")]
    private static partial Regex TrailingNumber();
}
