using System.Globalization;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain;

/// <summary>
/// How much work one run may ask for, said once and checked where every route enters (POST /api/runs,
/// the Run__* settings, <c>markov run</c>), all through <see cref="RunSettings.Validate"/>. Each refusal
/// names the field as the request writes it and the limit. The numbers come from a benchmark on a
/// 2-core machine (README, "Limits"): one saturating LP of 20 channels takes 4.1 ms at 16 segments and
/// 134 ms at 200, so <see cref="MaxIntervalLpSegments"/> keeps the intervals step under about 5 minutes.
/// </summary>
public static class RunLimits
{
    /// <summary>The finest alpha grid: 0.01 gives 101 alphas, each one LP per budget in the sweep.</summary>
    public const double MinAlphaGridStep = 0.01;

    /// <summary>The most alphas a grid can have (<c>1 / MinAlphaGridStep + 1</c>).</summary>
    public const int MaxAlphaPoints = 101;

    /// <summary>The most budgets one run solves: each is an activity, a sweep of up to 101 LPs and an artifact.</summary>
    public const int MaxBudgets = 50;

    /// <summary>The most segments per saturating curve: an LP has at most channels × (segments + 1) piece variables (<see cref="PiecesPerChannel"/>).</summary>
    public const int MaxSegments = 200;

    /// <summary>The most bootstrap replicates.</summary>
    public const int MaxReplicates = 10_000;

    /// <summary>
    /// The most <c>intervals × budgets × segments</c> (segments counted as 1 for linear curves): the intervals
    /// step solves one LP per replicate and budget in one activity. 400,000 is 2,000 LPs of 200 segments
    /// (268 s at 134 ms each, 20 channels) or 200 replicates × 50 budgets × 40 segments.
    /// </summary>
    public const long MaxIntervalLpSegments = 400_000;

    /// <summary>Wall-clock limit of one GLOP solve: 75 times the slowest LP the limits allow (134 ms); a solve that hits it is <see cref="SolveStatus.TimeLimit"/>.</summary>
    public static readonly TimeSpan SolveTimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most LPs one run plans: the point LP and the alpha sweep for each budget, and the intervals' LPs
    /// (each at most <see cref="MaxSegments"/> pieces per channel).
    /// </summary>
    public const long MaxPlannedLps = (MaxBudgets * (1L + MaxAlphaPoints)) + MaxIntervalLpSegments;

    /// <summary>
    /// The most pieces one channel has in an LP on <paramref name="response"/>'s curves (<see cref="ResponseSettings.PiecesFor"/>):
    /// 1 for a straight line; the K segments of a saturating curve; K + 1 where the LP plans on fitted mode's cautious curves
    /// (<see cref="ResponseSettings.FittedKappaIntervals"/> given), whose segment holding today's spend is split at the kink
    /// (MODEL.md section 11). A run's settings as requested and a replicate's curves (one drawn κ each) have no interval: K.
    /// </summary>
    public static int PiecesPerChannel(ResponseSettings response) =>
        response.Mode == ResponseMode.Linear ? 1 : response.Segments + (response.FittedKappaIntervals is null ? 0 : 1);

    /// <summary>
    /// <c>intervals × budgets × segments</c> of <paramref name="settings"/>, in long arithmetic (10,000 × 50 × 200 does not fit an int):
    /// the replicates' LPs, which plan on single drawn curves (K pieces), not on the point plan's cautious ones.
    /// </summary>
    public static long IntervalLpSegments(RunSettings settings) =>
        (long)settings.Intervals.Replicates * settings.Budgets.Count * PiecesPerChannel(settings.Response);

    /// <summary>The LPs a run of <paramref name="settings"/> solves at most: budgets × (1 + alphas) + intervals × budgets.</summary>
    public static long PlannedLps(RunSettings settings) =>
        ((long)settings.Budgets.Count * (1 + AlphaPoints(settings.Alpha.GridStep))) + ((long)settings.Intervals.Replicates * settings.Budgets.Count);

    /// <summary>The alphas of a grid with this step (<c>round(1 / step) + 1</c>); 0 for a step that is not one.</summary>
    public static long AlphaPoints(double gridStep) => gridStep > 0 && double.IsFinite(gridStep) ? (long)Math.Round(1 / gridStep) + 1 : 0;

    /// <summary>Throws naming the first field over its limit; checked before anything sized by it is built.</summary>
    public static void Check(RunSettings settings)
    {
        if (Problem(settings) is { } problem)
        {
            throw new ConfigurationException(problem);
        }
    }

    /// <summary>The first limit <paramref name="settings"/> goes over, as a message naming the field and the limit, or null.</summary>
    public static string? Problem(RunSettings settings)
    {
        var culture = CultureInfo.InvariantCulture;
        if (settings.Budgets.Count > MaxBudgets)
        {
            return string.Create(culture, $"budgets: {settings.Budgets.Count:N0} budgets is more than {MaxBudgets}, the most one run solves (run the others in a second run)");
        }

        var step = settings.Alpha.GridStep;
        if (step < MinAlphaGridStep)
        {
            return string.Create(culture, $"alpha_grid_step: {step} is below {MinAlphaGridStep}, the finest accepted (at most {MaxAlphaPoints} alphas)");
        }

        if (settings.Response.Segments is < 1 or > MaxSegments)
        {
            return string.Create(culture, $"segments: {settings.Response.Segments:N0} is outside 1 to {MaxSegments}, the pieces accepted per saturating curve");
        }

        if (settings.Intervals.Replicates is < 0 or > MaxReplicates)
        {
            return string.Create(culture, $"intervals: {settings.Intervals.Replicates:N0} is outside 0 (off) to {MaxReplicates:N0}, the replicates accepted");
        }

        var work = IntervalLpSegments(settings);
        if (work > MaxIntervalLpSegments)
        {
            var pieces = PiecesPerChannel(settings.Response);
            var product = pieces == 1
                ? string.Create(culture, $"intervals × budgets = {settings.Intervals.Replicates:N0} × {settings.Budgets.Count:N0}")
                : string.Create(culture, $"intervals × budgets × segments = {settings.Intervals.Replicates:N0} × {settings.Budgets.Count:N0} × {pieces:N0}");
            return string.Create(culture, $"intervals: {product} = {work:N0} is above {MaxIntervalLpSegments:N0}, the most LP work the intervals step accepts (fewer intervals, budgets or segments)");
        }

        return null;
    }
}
