using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Every bootstrap replicate in one activity: each is a few small LU solves and LPs, so fanning out
/// would cost more in reading the group counts than it saves. The result goes whole to the run's work area
/// (<c>work/RUN/intervals.json</c>), replicate models and all; the answer is its summary and that name.
/// </summary>
public sealed class IntervalsActivity(IRunWorkStore work) : TaskActivity<IntervalsRequest, IntervalsResponse?>
{
    public override async Task<IntervalsResponse?> RunAsync(TaskActivityContext context, IntervalsRequest input)
    {
        // The campaign counts are attribution's only (no intervals by campaign): dropped as each partition is read.
        var partitions = await Task.WhenAll(input.Partitions.Select(async name => await work.GetPartitionAsync(name, PartitionSkips.Campaigns)));
        var counts = JourneyCounts.Sum(partitions);
        if (counts.Groups is not { } groups)
        {
            return null;
        }

        return Run(input with { Curves = await work.CurvesAsync(input.CurvesWork, input.Curves) }, groups, counts.Histories) is { } whole
            ? IntervalsResponse.InWorkArea(whole, await work.PutIntervalsAsync(input.RunId, whole))
            : null;
    }

    /// <param name="histories">Above order 1, the (history, next) counts by the same groups (docs/MODEL.md section 12).</param>
    public static IntervalResult? Run(IntervalsRequest input, GroupCounts groups, HistoryCounts? histories) => BootstrapIntervals.Estimate(
        groups,
        ChannelPerformanceTable.Create(input.Performance),
        input.Parameters.Alpha,
        input.Constraints,
        Domain.MarkovEngine.Steps.ResponseWith(input.Parameters.Response, input.Curves),
        input.Attribution,
        input.Budgets,
        input.Parameters.Intervals,
        input.Parameters.HalfLifeDays,
        input.Parameters.ResponseMode == Domain.Optimisation.ResponseMode.Fitted ? input.Curves?.Draws : null,
        goal: input.Parameters.GoalSettings,
        values: input.Values,
        histories: histories);
}
