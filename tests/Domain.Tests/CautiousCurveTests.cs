using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Tests;

/// <summary>Issue 24: fitted mode plans on the cautious curve of each channel's κ interval (MODEL.md section 11).</summary>
public sealed class CautiousCurveTests
{
    private static readonly ChannelResponse Search = new("Search", 0.004, 10_000, 5_000, 20_000, 0.5, 40);

    [Fact]
    public void Cautious_AtEverySpend_IsTheLowestCurveOfTheInterval()
    {
        var cautious = SaturatingCurve.Cautious(Search, 0.6, 2.5);
        var band = Enumerable.Range(0, 61).Select(i => SaturatingCurve.For(Search, 0.6 * Math.Pow(2.5 / 0.6, i / 60.0))).ToArray();
        for (var x = 0d; x <= 30_000; x += 250)
        {
            var lowest = band.Min(c => c.ValueAt(x));
            Tolerance.Close(lowest, cautious.ValueAt(x), 1e-12, $"cautious curve at {x}", 1e-9);
        }

        Tolerance.Close(0.004 * 10_000, cautious.ValueAt(10_000), 1e-12, "y(current)");
        Assert.True(cautious.SlopeAt(9_999) > cautious.SlopeAt(10_000), "the kink at today's spend: steeper below than above");
    }

    [Fact]
    public void Cautious_Segments_SplitAtTheKinkSlopesDecreaseAndTheReportedErrorIsTheLargestGap()
    {
        var cautious = SaturatingCurve.Cautious(Search, 0.5, 3);
        var piecewise = cautious.Segment(Search.MinSpend, Search.MaxSpend, 7);

        // Today's spend (10,000) falls inside the third of 7 equal segments from 5,000: it splits it.
        Assert.Equal(8, piecewise.Slopes.Count);
        Tolerance.Close(10_000, Search.MinSpend + piecewise.Lengths.Take(3).Sum(), 1e-12, "the kink is a breakpoint");
        for (var k = 1; k < piecewise.Slopes.Count; k++)
        {
            Assert.True(piecewise.Slopes[k] < piecewise.Slopes[k - 1], $"slope {k}");
        }

        // The largest gap between the curve and its chords, measured on a fine grid, equals the reported error.
        var gap = 0d;
        var start = Search.MinSpend;
        for (var k = 0; k < piecewise.Slopes.Count; k++)
        {
            // The fine grid and today's spend, where the kink makes the gap peak sharply.
            foreach (var x in Enumerable.Range(0, 2_001).Select(i => start + (piecewise.Lengths[k] * i / 2_000)).Append(Math.Clamp(Search.CurrentSpend, start, start + piecewise.Lengths[k])))
            {
                gap = Math.Max(gap, cautious.ValueAt(x) - (cautious.ValueAt(start) + (piecewise.Slopes[k] * (x - start))));
            }

            start += piecewise.Lengths[k];
        }

        Tolerance.Close(gap, piecewise.MaxError, 1e-6, "approximation error");
    }

    [Fact]
    public void PiecesPerChannel_FittedPlanWithTheKinkInsideASegment_CountsThePiecesTheLpHas()
    {
        var fitted = new ResponseSettings(ResponseMode.Fitted, Segments: 7)
        {
            FittedKappas = new Dictionary<string, double> { ["Search"] = 1.2 },
            FittedKappaIntervals = new Dictionary<string, KappaInterval> { ["Search"] = new(0.5, 3) },
        };

        // Today's spend (10,000) lies inside the third of 7 segments from 5,000: the LP has 8 pieces, and the bound says 8.
        Assert.Equal(8, fitted.PiecesFor(Search).Slopes.Count);
        Assert.Equal(8, RunLimits.PiecesPerChannel(fitted));
        var plan = BudgetOptimizer.Solve(new LinearResponse(0.5, 1, [Search]), [], 12_000, fitted);
        Assert.Equal(SolveStatus.Optimal, plan.Status);
        Tolerance.Close(12_000, plan.Channels.Single().OptimalSpend, 1e-9, "the whole budget on the one channel");

        // A replicate plans on one drawn κ (no interval, no kink), as do a run's settings as requested: 7.
        var drawn = fitted with { FittedKappaIntervals = null };
        Assert.Equal(7, drawn.PiecesFor(Search).Slopes.Count);
        Assert.Equal(7, RunLimits.PiecesPerChannel(drawn));
        Assert.Equal(7, RunLimits.PiecesPerChannel(new ResponseSettings(ResponseMode.Fitted, Segments: 7)));
        Assert.Equal(1, RunLimits.PiecesPerChannel(ResponseSettings.Linear with { FittedKappaIntervals = fitted.FittedKappaIntervals }));
    }

    [Fact]
    public void Cautious_NoInterval_IsTheCurveAtItsKappa()
    {
        Assert.Equal(SaturatingCurve.For(Search, 1.5), SaturatingCurve.Cautious(Search, 1.5, 1.5));
    }

    /// <summary>
    /// Two channels alike today, one sure of its κ (1), one not (0.5 to 3): at today's total the cautious plan keeps today's
    /// spend (moving money either way loses on the pessimistic end), where a plan on the unsure channel's high end alone pours into it.
    /// </summary>
    [Fact]
    public void Solve_FittedWithAnUnsureChannel_KeepsTodaysSpendWhereTheBandDisagrees()
    {
        var sure = new ChannelResponse("Sure", 0.004, 10_000, 5_000, 20_000, 0.5, 40);
        var unsure = sure with { Channel = "Unsure" };
        var response = new LinearResponse(0.5, 1, [sure, unsure]);
        var fitted = new ResponseSettings(ResponseMode.Fitted, Segments: 60)
        {
            FittedKappas = new Dictionary<string, double> { ["Sure"] = 1, ["Unsure"] = 1.2 },
            FittedKappaIntervals = new Dictionary<string, KappaInterval> { ["Sure"] = new(1, 1), ["Unsure"] = new(0.5, 3) },
        };
        var optimistic = new ResponseSettings(ResponseMode.Saturating, KappaOverrides: new Dictionary<string, double> { ["Sure"] = 1, ["Unsure"] = 3 }, Segments: 60);

        var cautious = BudgetOptimizer.Solve(response, [], 20_000, fitted);
        var bold = BudgetOptimizer.Solve(response, [], 20_000, optimistic);

        Assert.Equal(SolveStatus.Optimal, cautious.Status);
        Assert.InRange(cautious.Channels.Single(c => c.Channel == "Unsure").OptimalSpend, 10_000 - 250, 10_000 + 250);
        Assert.True(bold.Channels.Single(c => c.Channel == "Unsure").OptimalSpend > 12_000, "on κ = 3 alone the plan moves money into the unsure channel");
        Tolerance.Close(
            SaturatingCurve.Cautious(unsure, 0.5, 3).ValueAt(cautious.Channels[1].OptimalSpend) + SaturatingCurve.For(sure, 1).ValueAt(cautious.Channels[0].OptimalSpend),
            cautious.Channels.Zip(response.Channels).Sum(p => PlanEvaluator.Predict(p.Second, p.First.OptimalSpend, fitted)),
            1e-12,
            "the plan's conversions are the cautious curves'");
    }
}
