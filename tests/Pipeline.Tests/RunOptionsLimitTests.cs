using MarkovFunctions.Pipeline.Configuration;

namespace MarkovFunctions.Pipeline.Tests;

/// <summary>The Run__* settings go through the same work limits as a request: the app refuses to start, naming the field and the limit.</summary>
public sealed class RunOptionsLimitTests
{
    public static TheoryData<RunOptions, string> OverTheLimit => new()
    {
        { new RunOptions { ["Budgets"] = "30000", ["AlphaGridStep"] = "1e-6" }, "alpha_grid_step: 1E-06 is below 0.01, the finest accepted (at most 101 alphas)" },
        { new RunOptions { ["Budgets"] = string.Join(",", Enumerable.Range(1, 51)) }, "budgets: 51 budgets is more than 50, the most one run solves (run the others in a second run)" },
        { new RunOptions { ["Budgets"] = "30000", ["ResponseMode"] = "saturating", ["Segments"] = "10000" }, "segments: 10,000 is outside 1 to 200, the pieces accepted per saturating curve" },
        { new RunOptions { ["Budgets"] = "30000", ["IntervalReplicates"] = "20000" }, "intervals: 20,000 is outside 0 (off) to 10,000, the replicates accepted" },
        { new RunOptions { ["Budgets"] = "1e-300" }, "budgets: 1E-300 is below 1E-06, the smallest accepted" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimit))]
    public void Problems_OverALimit_NamesTheFieldAndTheLimit(RunOptions options, string problem) =>
        Assert.Equal([problem], options.Problems());

    [Fact]
    public void Problems_Defaults_None() => Assert.Empty(new RunOptions { ["Budgets"] = "30000,60000" }.Problems());
}
