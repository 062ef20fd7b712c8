using System.Globalization;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>
/// What a success notification says, most important first, before any format or limit: every format
/// (Slack, Teams, e-mail) shows a prefix of <see cref="Budgets"/> and of <see cref="Alerts"/> and says how
/// many it left out. Lines are raw text: each format escapes them for its target.
/// </summary>
public sealed record NotificationContent(string Title, string Calibration, IReadOnlyList<string> Budgets, IReadOnlyList<string> Alerts, string? ReportUrl)
{
    public static NotificationContent Of(PublishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new NotificationContent(
            NotificationText.Title(run),
            NotificationText.Calibration(run),
            Prioritised(run.Budgets, run.CurrentSpend).Select(b => Line(NotificationText.Budget(b))).ToArray(),
            run.Alerts.Select(Line).ToArray(),
            OpenableUrl(run.ReportLink));
    }

    /// <summary>
    /// The budgets a reader acts on first: those without an optimum (infeasible, unbounded), then the
    /// configured budgets nearest today's total spend, then the rest in the order they were asked for.
    /// </summary>
    public static IReadOnlyList<BudgetHeadline> Prioritised(IReadOnlyList<BudgetHeadline> budgets, double? currentSpend) =>
        budgets
            .Select((budget, index) => (budget, index))
            .OrderBy(b => b.budget.Status == SolveStatus.Optimal ? 1 : 0)
            .ThenBy(b => currentSpend is { } spend ? Math.Abs(b.budget.Budget - spend) : 0)
            .ThenBy(b => b.index)
            .Select(b => b.budget)
            .ToArray();

    /// <summary>The line that replaces what did not fit.</summary>
    public static string More(int left, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"… and {left} more {what} - see the report");

    /// <summary>
    /// A report link a reader can open from a message: an http(s) URL (a blob SAS). A file path on the
    /// server that ran the job is no link for anyone else, so it is left out.
    /// </summary>
    public static string? OpenableUrl(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? link
            : null;

    private static string Line(string text) => MarkupEscaping.Fit(text, t => t, NotificationLimits.MaxLineChars);
}
