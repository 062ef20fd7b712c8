using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;
using MarkovFunctions.Pipeline.Orchestration;
using MarkovFunctions.Pipeline.Publishing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MarkovFunctions.Functions;

/// <summary>
/// The orchestrator and activities as Functions: one hand-written wrapper each (the Durable source
/// generator is not available), named from <see cref="PipelineNames"/> and running the very classes
/// <see cref="PipelineTasks.Catalog"/> lists (and the orchestrator tests register). A test compares the generated
/// functions.metadata with that catalog.
/// </summary>
public sealed class PipelineFunctions
{
    [Function(PipelineNames.Orchestrator)]
    public Task<PipelineResult> WeeklyBudgetPipeline([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WeeklyBudgetPipeline().RunAsync(context, context.GetInput<PipelineInput>()!);

    [Function(PipelineNames.ExtractPartition)]
    public Task<ExtractedPartition> ExtractPartition([ActivityTrigger] ExtractRequest input, FunctionContext function) =>
        RunAsync<ExtractPartitionActivity, ExtractRequest, ExtractedPartition>(PipelineNames.ExtractPartition, input, function);

    [Function(PipelineNames.ReadPerformance)]
    public Task<IReadOnlyList<ChannelPerformance>> ReadPerformance([ActivityTrigger] string input, FunctionContext function) =>
        RunAsync<ReadPerformanceActivity, string, IReadOnlyList<ChannelPerformance>>(PipelineNames.ReadPerformance, input, function);

    [Function(PipelineNames.FitCurves)]
    public Task<FitCurvesResponse> FitCurves([ActivityTrigger] FitCurvesRequest input, FunctionContext function) =>
        RunAsync<FitCurvesActivity, FitCurvesRequest, FitCurvesResponse>(PipelineNames.FitCurves, input, function);

    [Function(PipelineNames.Attribute)]
    public Task<AttributeResponse> Attribute([ActivityTrigger] AttributeRequest input, FunctionContext function) =>
        RunAsync<AttributeActivity, AttributeRequest, AttributeResponse>(PipelineNames.Attribute, input, function);

    [Function(PipelineNames.Calibrate)]
    public Task<CalibrationResult> Calibrate([ActivityTrigger] CalibrateRequest input, FunctionContext function) =>
        RunAsync<CalibrateActivity, CalibrateRequest, CalibrationResult>(PipelineNames.Calibrate, input, function);

    [Function(PipelineNames.OptimiseBudget)]
    public Task<OptimiseResponse> OptimiseBudget([ActivityTrigger] OptimiseRequest input, FunctionContext function) =>
        RunAsync<OptimiseBudgetActivity, OptimiseRequest, OptimiseResponse>(PipelineNames.OptimiseBudget, input, function);

    [Function(PipelineNames.Intervals)]
    public Task<IntervalsResponse?> Intervals([ActivityTrigger] IntervalsRequest input, FunctionContext function) =>
        RunAsync<IntervalsActivity, IntervalsRequest, IntervalsResponse?>(PipelineNames.Intervals, input, function);

    [Function(PipelineNames.Publish)]
    public Task<PublishedRun> Publish([ActivityTrigger] PublishRequest input, FunctionContext function) =>
        RunAsync<PublishActivity, PublishRequest, PublishedRun>(PipelineNames.Publish, input, function);

    [Function(PipelineNames.Notify)]
    public Task<NotifyOutcome> Notify([ActivityTrigger] PublishedRun input, FunctionContext function) =>
        RunAsync<NotifyActivity, PublishedRun, NotifyOutcome>(PipelineNames.Notify, input, function);

    [Function(PipelineNames.NotifyFailure)]
    public Task<NotifyOutcome> NotifyFailure([ActivityTrigger] FailureNotice input, FunctionContext function) =>
        RunAsync<NotifyFailureActivity, FailureNotice, NotifyOutcome>(PipelineNames.NotifyFailure, input, function);

    [Function(PipelineNames.Housekeeping)]
    public Task<bool> Housekeeping([ActivityTrigger] HousekeepingRequest input, [DurableClient] DurableTaskClient client, FunctionContext function)
    {
        var housekeeper = ActivatorUtilities.CreateInstance<RetentionHousekeeper>(function.InstanceServices, new DurableClientHistoryPurger(client));
        return new HousekeepingActivity(housekeeper).RunAsync(new FunctionActivityContext(PipelineNames.Housekeeping, function), input);
    }

    /// <summary>Each invocation gets a new activity object, as the Durable Task worker makes one per work item; its dependencies come from the app's services.</summary>
    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.CreateInstance<TActivity>(function.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, function), input);
    }
}
