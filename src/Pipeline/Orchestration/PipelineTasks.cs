namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The one list of the product's orchestrator and activities, name to class. The orchestrator tests
/// register exactly this list; the Functions app's [Function] wrappers carry the same names, which
/// a test checks against the generated functions.metadata.
/// </summary>
public static class PipelineTasks
{
    public static DurableTaskCatalog Catalog { get; } = new(
    [
        DurableTaskRegistration.Orchestrator<WeeklyBudgetPipeline>(PipelineNames.Orchestrator),
        DurableTaskRegistration.Activity<ExtractPartitionActivity>(PipelineNames.ExtractPartition),
        DurableTaskRegistration.Activity<ReadPerformanceActivity>(PipelineNames.ReadPerformance),
        DurableTaskRegistration.Activity<FitCurvesActivity>(PipelineNames.FitCurves),
        DurableTaskRegistration.Activity<AttributeActivity>(PipelineNames.Attribute),
        DurableTaskRegistration.Activity<CalibrateActivity>(PipelineNames.Calibrate),
        DurableTaskRegistration.Activity<OptimiseBudgetActivity>(PipelineNames.OptimiseBudget),
        DurableTaskRegistration.Activity<IntervalsActivity>(PipelineNames.Intervals),
        DurableTaskRegistration.Activity<PublishActivity>(PipelineNames.Publish),
        DurableTaskRegistration.Activity<NotifyActivity>(PipelineNames.Notify),
        DurableTaskRegistration.Activity<NotifyFailureActivity>(PipelineNames.NotifyFailure),
        DurableTaskRegistration.Activity<HousekeepingActivity>(PipelineNames.Housekeeping),
    ]);
}
