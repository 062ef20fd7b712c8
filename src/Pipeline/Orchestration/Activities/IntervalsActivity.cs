using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// Every bootstrap replicate in one activity: each is a few small LU solves and LPs, so fanning out
/// would cost more in payloads (the group counts) than it saves; the answer is a small summary.
/// </summary>
public sealed class IntervalsActivity : TaskActivity<IntervalsRequest, IntervalResult?>
{
    public override Task<IntervalResult?> RunAsync(TaskActivityContext context, IntervalsRequest input) => Task.FromResult(Run(input));

    public static IntervalResult? Run(IntervalsRequest input) => BootstrapIntervals.Estimate(
        input.Groups,
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
        histories: input.Histories);
}
