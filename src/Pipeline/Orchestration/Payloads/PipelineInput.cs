namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>How the run was started.</summary>
public sealed record PipelineInput(string Trigger, RunParameters Parameters)
{
    public const string WeeklyTrigger = "weekly";

    /// <summary>A run started through <c>POST /api/runs</c>.</summary>
    public const string AdhocTrigger = "adhoc";

    /// <summary>An ad hoc run's request asked to become the recommendation of record (<c>"publish_latest": true</c>).</summary>
    public bool PublishLatest { get; init; }

    /// <summary>
    /// Whether the run, once published, moves <c>latest.json</c> (the recommendation of record BI, the API
    /// and <c>evaluate</c> read): the weekly run does; an ad hoc run only when its request asks. Any run
    /// writes its run folder and history, so it can be read and evaluated by id.
    /// </summary>
    public bool MovesLatest => Trigger == WeeklyTrigger || PublishLatest;
}
