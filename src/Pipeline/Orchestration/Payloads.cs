using MarkovFunctions.Domain;
using MarkovFunctions.Domain.Attribution;
using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Counting;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Pipeline.Orchestration;

// Payloads travel through the durable history: they stay small (counts, weights, spends) and are
// plain records that System.Text.Json round-trips.

/// <summary>What a run computes with: defaults come from configuration, an ad hoc request may override them.</summary>
public sealed record RunParameters(
    IReadOnlyList<double> Budgets,
    AlphaMode AlphaMode = AlphaMode.Search,
    double? AlphaFixed = null,
    double AlphaGridStep = 0.05,
    string? ConstraintsJson = null,
    ResponseMode ResponseMode = ResponseMode.Linear,
    double Kappa = 1,
    IReadOnlyDictionary<string, double>? KappaOverrides = null,
    int Segments = 16,
    double HalfLifeDays = 7,
    ExtractWindow? Window = null,
    int ExtractPartitions = 4,
    int IntervalReplicates = 0,
    int IntervalSeed = IntervalSettings.DefaultSeed)
{
    // IntervalReplicates is 0 here so that hand-built parameters opt in; Run__IntervalReplicates and `markov run --intervals` default to 200.
    public IntervalSettings Intervals => new(IntervalReplicates, IntervalSeed);

    public AlphaSettings Alpha => new(AlphaMode, AlphaFixed, AlphaGridStep);

    public ResponseSettings Response => new(ResponseMode, Kappa, KappaOverrides, Segments);

    public ConstraintConfiguration Constraints =>
        string.IsNullOrWhiteSpace(ConstraintsJson) ? ConstraintConfiguration.Default : ConstraintConfiguration.Parse(ConstraintsJson);

    public RunSettings ToSettings() => RunSettings.Create(Budgets, Alpha, Constraints, Response) with { Intervals = Intervals };

    /// <summary>Every check that needs no data, so a bad request is refused before a run starts.</summary>
    public void Validate()
    {
        ToSettings().Validate();
        if (ExtractPartitions is < 1 or > 256)
        {
            throw new ConfigurationException($"extract partitions {ExtractPartitions} must be between 1 and 256");
        }

        if (!(HalfLifeDays > 0) || !double.IsFinite(HalfLifeDays))
        {
            throw new ConfigurationException($"half-life {HalfLifeDays} days must be a positive number");
        }

        Window?.Validate();
    }
}

/// <summary>Rows whose timestamp falls in <c>[AsOf - LookbackDays, AsOf)</c>; null means every row.</summary>
public sealed record ExtractWindow(DateTimeOffset AsOf, int LookbackDays)
{
    public DateTimeOffset From => AsOf.AddDays(-LookbackDays);

    public void Validate()
    {
        if (LookbackDays < 1)
        {
            throw new ConfigurationException($"lookback_days {LookbackDays} must be 1 or more");
        }
    }
}

/// <summary>How the run was started.</summary>
public sealed record PipelineInput(string Trigger, RunParameters Parameters);

/// <param name="BootstrapGroups">Customer-hash groups to count apart for the intervals; 0 when they are off.</param>
public sealed record ExtractRequest(string RunId, int Partition, int PartitionCount, double HalfLifeDays, ExtractWindow? Window, int BootstrapGroups = 0);

public sealed record AttributeRequest(string RunId, IReadOnlyList<JourneyCounts> Partitions, IReadOnlyList<ChannelPerformance> Performance, string? ConstraintsJson);

/// <param name="Counts">The summed counts without their per-segment split (<see cref="CustomerSegments"/> carries what is needed of it).</param>
public sealed record AttributeResponse(
    JourneyCounts Counts,
    AttributionResult Attribution,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<DataCheck> DataChecks)
{
    /// <summary>Each customer segment's attribution (MODEL.md section 8); empty when the data has one segment.</summary>
    public IReadOnlyList<CustomerSegmentAttribution> CustomerSegments { get; init; } = [];
}

public sealed record CalibrateRequest(string RunId, AttributionResult Attribution, IReadOnlyList<ChannelPerformance> Performance, AlphaMode Mode, double? AlphaFixed, double GridStep);

public sealed record OptimiseRequest(
    string RunId,
    double Budget,
    double Alpha,
    IReadOnlyList<double> Grid,
    AttributionResult Attribution,
    IReadOnlyList<ChannelPerformance> Performance,
    IReadOnlyList<ShareConstraint> Constraints,
    ResponseMode ResponseMode,
    double Kappa,
    IReadOnlyDictionary<string, double>? KappaOverrides,
    int Segments);

public sealed record OptimiseResponse(BudgetResult Result, IReadOnlyList<SweepPoint> Sweep);

/// <summary>The bootstrap's input: the group counts (a few hundred numbers per transition) and the point results it evaluates.</summary>
public sealed record IntervalsRequest(
    string RunId,
    GroupCounts Groups,
    IReadOnlyList<ChannelPerformance> Performance,
    RunParameters Parameters,
    AttributionResult Attribution,
    IReadOnlyList<ShareConstraint> Constraints,
    IReadOnlyList<BudgetResult> Budgets);

/// <summary>When each step started and finished, in orchestration time (replay-safe).</summary>
public sealed record StepTiming(string Step, DateTime StartedUtc, DateTime FinishedUtc)
{
    public double Seconds => (FinishedUtc - StartedUtc).TotalSeconds;
}

public sealed record PublishRequest(
    string RunId,
    string InstanceId,
    string Trigger,
    DateTime StartedUtc,
    DateTime PublishedUtc,
    RunParameters Parameters,
    IReadOnlyList<ChannelPerformance> Performance,
    AttributeResponse Attribution,
    CalibrationResult Calibration,
    IReadOnlyList<OptimiseResponse> Budgets,
    IReadOnlyList<StepTiming> Timings,
    IntervalResult? Intervals = null);

/// <summary>Where a published run landed, and what the notification needs from it.</summary>
public sealed record PublishedRun(
    string RunId,
    string Location,
    string? ReportLink,
    double AlphaBest,
    double SmapeBest,
    IReadOnlyList<BudgetHeadline> Budgets,
    IReadOnlyList<string> Alerts,
    double RuntimeSeconds);

/// <summary>One budget's line in the notification.</summary>
public sealed record BudgetHeadline(double Budget, string Status, double? PredictedConversions, double? Uplift, IReadOnlyList<string> BindingConstraints, IReadOnlyList<string> Reasons)
{
    /// <summary>The 95 % interval of the uplift; null without intervals.</summary>
    public double? UpliftLow { get; init; }

    public double? UpliftHigh { get; init; }
}

public sealed record FailureNotice(string InstanceId, string Trigger, string Step, string Message, DateTime StartedUtc, DateTime FailedUtc);

public sealed record HousekeepingRequest(string RunId);

/// <summary>What the orchestration returns: the published run, or why it failed.</summary>
public sealed record PipelineResult(string Status, string? RunId, PublishedRun? Published, string? FailedStep, string? Error);
