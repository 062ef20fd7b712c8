using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Issue 7: concave response curves solved as an LP over piecewise-linear segments.</summary>
public sealed class SaturatingResponseTests
{
    private static readonly ChannelResponse Search = new("Search", 0.004, 10_000, 0, 60_000, 0.5, 40);
    private static readonly ChannelResponse Social = new("Social", 0.002, 20_000, 0, 60_000, 0.5, 40);

    [Fact]
    public void Curve_AgreesWithLinearModelAtCurrentSpend()
    {
        var curve = SaturatingCurve.For(Search, kappa: 1);
        Assert.Equal(10_000, curve.H);
        Tolerance.Close(0.004 * 10_000, curve.ValueAt(10_000), 1e-12, "y(current)");

        var fresh = SaturatingCurve.For(Search with { CurrentSpend = 0 }, kappa: 2);
        Assert.Equal(60_000, fresh.H);
        Tolerance.Close(0.004, fresh.SlopeAt(0), 1e-12, "slope at 0 where current spend is 0");
    }

    [Fact]
    public void Segments_SlopesDecrease()
    {
        var piecewise = SaturatingCurve.For(Social, 1).Segment(0, 60_000, 16);
        Assert.Equal(16, piecewise.Slopes.Count);
        for (var k = 1; k < piecewise.Slopes.Count; k++)
        {
            Assert.True(piecewise.Slopes[k] < piecewise.Slopes[k - 1]);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    public void Solve_TwoChannels_MatchesEqualMarginalReturnsWithinApproximationError(int segments)
    {
        const double budget = 50_000;
        var response = new LinearResponse(0.5, 1, [Search, Social]);
        var result = BudgetOptimizer.Solve(response, [], budget, new ResponseSettings(ResponseMode.Saturating, Segments: segments));

        // Closed form: A1/h1·exp(-x1/h1) = A2/h2·exp(-x2/h2) with x1 + x2 = B.
        var c1 = SaturatingCurve.For(Search, 1);
        var c2 = SaturatingCurve.For(Social, 1);
        var x1 = (Math.Log(c1.A * c2.H / (c2.A * c1.H)) + (budget / c2.H)) / ((1 / c1.H) + (1 / c2.H));
        var optimum = c1.ValueAt(x1) + c2.ValueAt(budget - x1);

        Assert.Equal(SolveStatus.Optimal, result.Status);
        var error = result.ApproximationError!.Value;
        Assert.True(error > 0);
        Assert.True(result.PredictedConversions <= optimum + 1e-9, "nothing beats the true optimum");
        Assert.True(optimum - result.PredictedConversions!.Value <= 2 * error, $"K={segments}: {result.PredictedConversions} vs closed form {optimum}, error bound {error}");
        var spendError = Math.Abs(result.Channels[0].OptimalSpend - x1);
        Assert.True(spendError <= 60_000.0 / segments, $"K={segments}: spend {result.Channels[0].OptimalSpend} vs {x1}");
    }

    [Fact]
    public void ApproximationError_ShrinksAsSegmentsGrow()
    {
        var response = new LinearResponse(0.5, 1, [Search, Social]);
        var errors = new[] { 2, 8, 32, 128 }
            .Select(k => BudgetOptimizer.Solve(response, [], 50_000, new ResponseSettings(ResponseMode.Saturating, Segments: k)).ApproximationError!.Value)
            .ToArray();
        for (var i = 1; i < errors.Length; i++)
        {
            Assert.True(errors[i] < errors[i - 1] / 3, $"error {errors[i]} after {errors[i - 1]}");
        }
    }

    [Theory]
    [InlineData("a_three_journeys")]
    [InlineData("f_paid_share_binds")]
    [InlineData("c_messy_names")]
    public void Solve_InteriorChannels_ShareMarginalValueUpToShareDuals(string name)
    {
        var data = CaseData.Load(name);
        var settings = RunSettings.Create(data.Budgets(), constraints: data.Constraints(), response: new ResponseSettings(ResponseMode.Saturating, Segments: 64));
        var outcome = MarkovEngine.Run(data.Counts(), data.Performance(), settings);
        Assert.Equal("saturating", RunSummary.From(outcome).ResponseMode);
        var curves = outcome.Calibration.Weights.Count;
        Assert.True(curves > 0);

        foreach (var budget in outcome.Budgets.Where(b => b.IsOptimal))
        {
            var response = AlphaCalibration.ResponseAt(budget.Alpha, outcome.Attribution, data.Performance());
            foreach (var channel in budget.Channels.Where(c => !c.AtMin && !c.AtMax))
            {
                // The LP price of this channel: the budget's dual plus the duals of the share rules it belongs to.
                var price = budget.BudgetDual!.Value + budget.Constraints
                    .Where(c => outcome.Constraints.Single(r => r.Name == c.Name && (r.Bound == ShareBound.AtLeast ? "min_share" : "max_share") == c.Bound).Channels.Contains(channel.Channel))
                    .Sum(c => c.Dual);
                var piecewise = SaturatingCurve.For(response.Channels.Single(c => c.Channel == channel.Channel), 1)
                    .Segment(response.Channels.Single(c => c.Channel == channel.Channel).MinSpend, response.Channels.Single(c => c.Channel == channel.Channel).MaxSpend, 64);
                var gap = piecewise.Slopes.Zip(piecewise.Slopes.Skip(1), (a, b) => a - b).Max();
                Assert.True(Math.Abs(channel.MarginalValue - price) <= gap + 1e-12, $"{name} {budget.Budget} {channel.Channel}: marginal {channel.MarginalValue} vs price {price} (segment gap {gap})");
            }

            if (budget.Constraints.All(c => !c.Binding))
            {
                Tolerance.Close(budget.BudgetDual!.Value, budget.BudgetMarginalValue!.Value, 1e-12, "marginal value with no binding share");
            }
        }
    }

    [Fact]
    public void Solve_LinearMode_IsUnchangedByResponseSettingsDefault()
    {
        var data = CaseData.Load("f_paid_share_binds");
        var explicitLinear = RunSummary.From(MarkovEngine.Run(data.Counts(), data.Performance(), RunSettings.Create(data.Budgets(), response: ResponseSettings.Linear))).ToJsonBytes();
        var byDefault = RunSummary.From(data.Run()).ToJsonBytes();
        Assert.Equal(byDefault, explicitLinear);
    }

    [Fact]
    public void Settings_BadKappaOrSegments_IsConfigurationError()
    {
        Assert.Throws<MarkovFunctions.Domain.Inputs.ConfigurationException>(() => new ResponseSettings(ResponseMode.Saturating, Kappa: 0).Validate());
        Assert.Throws<MarkovFunctions.Domain.Inputs.ConfigurationException>(() => new ResponseSettings(ResponseMode.Saturating, Segments: 0).Validate());
    }
}
