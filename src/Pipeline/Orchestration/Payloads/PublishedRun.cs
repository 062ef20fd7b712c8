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
}
