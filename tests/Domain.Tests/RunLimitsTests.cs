using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Each work limit of <see cref="RunLimits"/>: refused naming the field and the limit, accepted at the limit.</summary>
public sealed class RunLimitsTests
{
    private static RunSettings Settings(int budgets = 1, double step = 0.05, ResponseMode mode = ResponseMode.Linear, int segments = 16, int replicates = 0) =>
        RunSettings.Create(
            Enumerable.Range(1, budgets).Select(b => b * 1000.0).ToArray(),
            new AlphaSettings(GridStep: step),
            response: new ResponseSettings(mode, Segments: segments)) with
        { Intervals = new IntervalSettings(replicates) };

    public static TheoryData<string, RunSettings, string> OverTheLimit => new()
    {
        { "alpha grid step 1e-6", Settings(step: 1e-6), "alpha_grid_step: 1E-06 is below 0.01, the finest accepted (at most 101 alphas)" },
        { "alpha grid step 1e-9", Settings(step: 1e-9), "alpha_grid_step: 1E-09 is below 0.01, the finest accepted (at most 101 alphas)" },
        { "51 budgets", Settings(budgets: 51), "budgets: 51 budgets is more than 50, the most one run solves (run the others in a second run)" },
        { "5,000 budgets", Settings(budgets: 5000), "budgets: 5,000 budgets is more than 50, the most one run solves" },
        { "201 segments", Settings(mode: ResponseMode.Saturating, segments: 201), "segments: 201 is outside 1 to 200, the pieces accepted per saturating curve" },
        { "10,001 replicates", Settings(replicates: 10_001), "intervals: 10,001 is outside 0 (off) to 10,000, the replicates accepted" },
        {
            "replicates x budgets x segments", Settings(budgets: 50, mode: ResponseMode.Saturating, segments: 200, replicates: 10_000),
            "intervals: intervals × budgets × segments = 10,000 × 50 × 200 = 100,000,000 is above 400,000, the most LP work the intervals step accepts (fewer intervals, budgets or segments)"
        },
        { "replicates x budgets (linear)", Settings(budgets: 50, replicates: 10_000), "intervals: intervals × budgets = 10,000 × 50 = 500,000 is above 400,000" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimit))]
    public void Validate_OverALimit_RefusedNamingFieldAndLimit(string kind, RunSettings settings, string message)
    {
        var refused = Assert.Throws<ConfigurationException>(settings.Validate);
        Assert.True(refused.Message.StartsWith(message, StringComparison.Ordinal), $"{kind}: {refused.Message}");
    }

    [Fact]
    public void Validate_AtEveryLimit_IsAccepted()
    {
        Settings(budgets: 50, step: 0.01).Validate();
        Settings(budgets: 10, mode: ResponseMode.Saturating, segments: 200, replicates: 200).Validate();
        Settings(budgets: 40, replicates: 10_000).Validate();
        Assert.Equal(101, new AlphaSettings(GridStep: RunLimits.MinAlphaGridStep).Grid().Count);
        Assert.Equal(400_000, RunLimits.IntervalLpSegments(Settings(budgets: 10, mode: ResponseMode.Saturating, segments: 200, replicates: 200)));
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(5e-7)]
    public void Validate_BudgetBelowTheFloor_Refused(double budget)
    {
        var refused = Assert.Throws<ConfigurationException>(() => RunSettings.Create([budget]).Validate());
        Assert.EndsWith("is below 1E-06, the smallest accepted", refused.Message);
        Assert.StartsWith("budgets: ", refused.Message);
        Assert.Null(BudgetRule.Problem(1e-6));
    }

    [Fact]
    public void PlannedLps_AtTheLimits_StayUnderTheStatedBound()
    {
        var largest = Settings(budgets: 50, step: 0.01, replicates: 8_000);
        largest.Validate();
        Assert.Equal((50 * 102) + (8_000 * 50), RunLimits.PlannedLps(largest));
        Assert.True(RunLimits.PlannedLps(largest) <= RunLimits.MaxPlannedLps);
    }

    [Fact]
    public void Solve_TimeLimitHit_IsANamedStatusNotAHang()
    {
        var channels = Enumerable.Range(0, 60)
            .Select(i => new ChannelResponse($"Channel {i:D2}", 0.0005 + (i * 0.0001), 2_000 + (i * 100), 100, 50_000, 1.0 / 60, 10))
            .ToArray();
        var response = new LinearResponse(0.5, 1, channels);
        var curves = new ResponseSettings(ResponseMode.Saturating, Segments: RunLimits.MaxSegments);

        var result = BudgetOptimizer.Solve(response, [], 300_000, curves, timeLimit: TimeSpan.FromTicks(1));

        Assert.Equal(SolveStatus.TimeLimit, result.Status);
        Assert.Equal("TIME_LIMIT", result.Status.Text());
        Assert.False(result.IsOptimal);
        Assert.Contains("time limit", Assert.Single(result.Reasons));
        Assert.True(BudgetOptimizer.Solve(response, [], 300_000, curves).IsOptimal, "with the default limit the same LP is solved");
    }
}
