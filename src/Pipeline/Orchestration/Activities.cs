using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;
using Microsoft.DurableTask;

namespace MarkovFunctions.Pipeline.Orchestration;

// Thin activities: each hands its payload to the Domain or to one port, and throws on failure.

public sealed class ExtractPartitionActivity(IJourneySource source) : TaskActivity<ExtractRequest, JourneyCounts>
{
    public override Task<JourneyCounts> RunAsync(TaskActivityContext context, ExtractRequest input) =>
        PostgresFailures.ClassifyAsync(() => source.CountPartitionAsync(input));
}

public sealed class ReadPerformanceActivity(IJourneySource source) : TaskActivity<string, IReadOnlyList<ChannelPerformance>>
{
    public override Task<IReadOnlyList<ChannelPerformance>> RunAsync(TaskActivityContext context, string input) =>
        PostgresFailures.ClassifyAsync(() => source.ReadPerformanceAsync());
}

public sealed class AttributeActivity : TaskActivity<AttributeRequest, AttributeResponse>
{
    public override Task<AttributeResponse> RunAsync(TaskActivityContext context, AttributeRequest input) => Task.FromResult(Run(input));

    public static AttributeResponse Run(AttributeRequest input)
    {
        var counts = JourneyCounts.Sum(input.Partitions);
        var performance = ChannelPerformanceTable.Create(input.Performance);
        var warnings = new List<string>();
        var configuration = string.IsNullOrWhiteSpace(input.ConstraintsJson) ? ConstraintConfiguration.Default : ConstraintConfiguration.Parse(input.ConstraintsJson);
        var constraints = MarkovEngine.Steps.ResolveConstraints(performance, configuration, warnings);
        var attribution = MarkovEngine.Steps.Attribute(counts, performance, warnings);
        var customerSegments = MarkovEngine.Steps.AttributeCustomerSegments(counts, warnings);

        // The per-segment counts stay here: the history carries their attribution only, a few numbers per channel.
        return new AttributeResponse(counts with { CustomerSegments = [] }, attribution, constraints, warnings, MarkovEngine.Steps.DataChecks(counts, performance))
        {
            CustomerSegments = customerSegments,
        };
    }
}

public sealed class CalibrateActivity : TaskActivity<CalibrateRequest, CalibrationResult>
{
    public override Task<CalibrationResult> RunAsync(TaskActivityContext context, CalibrateRequest input) => Task.FromResult(Run(input));

    public static CalibrationResult Run(CalibrateRequest input) => MarkovEngine.Steps.Calibrate(
        input.Attribution, ChannelPerformanceTable.Create(input.Performance), new AlphaSettings(input.Mode, input.AlphaFixed, input.GridStep));
}

public sealed class OptimiseBudgetActivity : TaskActivity<OptimiseRequest, OptimiseResponse>
{
    public override Task<OptimiseResponse> RunAsync(TaskActivityContext context, OptimiseRequest input) => Task.FromResult(Run(input));

    public static OptimiseResponse Run(OptimiseRequest input)
    {
        var (result, sweep) = MarkovEngine.Steps.Optimise(
            input.Budget, input.Alpha, input.Grid, input.Attribution, ChannelPerformanceTable.Create(input.Performance), input.Constraints,
            new ResponseSettings(input.ResponseMode, input.Kappa, input.KappaOverrides, input.Segments));
        return new OptimiseResponse(result, sweep);
    }
}

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
        input.Parameters.Response,
        input.Attribution,
        input.Budgets,
        input.Parameters.Intervals,
        input.Parameters.HalfLifeDays);
}

public sealed class PublishActivity(IRunPublisher publisher) : TaskActivity<PublishRequest, PublishedRun>
{
    public override Task<PublishedRun> RunAsync(TaskActivityContext context, PublishRequest input) =>
        PostgresFailures.ClassifyAsync(() => publisher.PublishAsync(input));
}

public sealed class NotifyActivity(IRunNotifier notifier) : TaskActivity<PublishedRun, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PublishedRun input)
    {
        await notifier.NotifySucceededAsync(input);
        return true;
    }
}

public sealed class NotifyFailureActivity(IRunNotifier notifier) : TaskActivity<FailureNotice, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FailureNotice input)
    {
        await notifier.NotifyFailedAsync(input);
        return true;
    }
}

public sealed class HousekeepingActivity(IHousekeeper housekeeper) : TaskActivity<HousekeepingRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, HousekeepingRequest input)
    {
        await housekeeper.ApplyRetentionAsync(input);
        return true;
    }
}
