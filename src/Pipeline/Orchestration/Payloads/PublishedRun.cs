namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Where a published run landed, and what the notification needs from it.</summary>
public sealed record PublishedRun(
    string RunId,
    string Location,
    string? ReportLink,
    double AlphaBest,
    double SmapeBest,
    IReadOnlyList<BudgetHeadline> Budgets,
    IReadOnlyList<string> Alerts,
    double RuntimeSeconds)
{
    /// <summary>Today's total monthly spend over the channels: the notification shows the budgets nearest it first.</summary>
    public double? CurrentSpend { get; init; }

    /// <summary>One line per channel's response curve (MODEL.md section 11), for the command line to print; absent without a spend history.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Curves { get; init; }
}
