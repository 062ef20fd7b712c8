using MarkovFunctions.Domain.Calibration;
using MarkovFunctions.Domain.Inputs;
using MarkovFunctions.Domain.Uncertainty;

namespace MarkovFunctions.Pipeline.Orchestration;

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
    IntervalResult? Intervals = null,
    Domain.ResponseFitting.ResponseCurves? Curves = null)
{
    /// <summary>See <see cref="PipelineInput.MovesLatest"/>; true for a request from a history written before the field.</summary>
    public bool MovesLatest { get; init; } = true;

    /// <summary>
    /// The names of the extract's partitions in the run's work area: the transitions of <c>transition_matrix.csv</c> are
    /// read from them, never carried in the history. Empty in a history written before the field: its counts carry them.
    /// </summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];

    /// <summary>
    /// The campaign attribution (MODEL.md section 10), read by <see cref="PublishActivity"/> from the work area by the name
    /// in <see cref="AttributeResponse.Campaigns"/>; never set by the orchestrator, so never in the history.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Domain.Attribution.CampaignAttribution? CampaignAttribution { get; init; }

    /// <summary>The name of the whole response curves in the run's work area (<see cref="FitCurvesResponse.Work"/>); null when <c>Curves</c> carries them.</summary>
    public string? CurvesWork { get; init; }

    /// <summary>The name of the whole interval result (replicate models included) in the run's work area (<see cref="IntervalsResponse.Work"/>); null when <c>Intervals</c> carries it.</summary>
    public string? IntervalsWork { get; init; }
}
