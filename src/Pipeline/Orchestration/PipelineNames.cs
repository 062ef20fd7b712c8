namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>
/// The durable names of the orchestrator and its activities: the orchestrator calls them, the
/// Functions app declares them and the local host registers them, all from these constants.
/// </summary>
public static class PipelineNames
{
    public const string Orchestrator = "WeeklyBudgetPipeline";
    public const string ExtractPartition = "ExtractJourneyPartition";
    public const string ReadPerformance = "ReadChannelPerformance";
    public const string Attribute = "AttributeChannels";
    public const string Calibrate = "CalibrateAlpha";
    public const string OptimiseBudget = "OptimiseBudget";
    public const string Intervals = "BootstrapIntervals";
    public const string FitCurves = "FitResponseCurves";
    public const string Publish = "PublishRun";
    public const string Notify = "NotifyRun";
    public const string NotifyFailure = "NotifyRunFailure";
    public const string Housekeeping = "ApplyRetention";

    /// <summary>Every activity, for registration and for the metadata check.</summary>
    public static IReadOnlyList<string> Activities { get; } =
        [ExtractPartition, ReadPerformance, FitCurves, Attribute, Calibrate, OptimiseBudget, Intervals, Publish, Notify, NotifyFailure, Housekeeping];
}
