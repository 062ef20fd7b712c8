using System.Globalization;
using MarkovFunctions.Domain.Optimisation;
using MarkovFunctions.Pipeline.Orchestration;

namespace MarkovFunctions.Pipeline.Notifications;

/// <summary>The words of a notification, shared by the Slack and Teams formats.</summary>
public static class NotificationText
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Title(PublishedRun run) =>
        run.Alerts.Count == 0 ? $"Budget recommendation {run.RunId} is ready" : $"Budget recommendation {run.RunId} is ready, with {run.Alerts.Count} alert(s)";

    public static string Calibration(PublishedRun run) =>
        string.Create(Culture, $"alpha* {run.AlphaBest:0.00} · SMAPE {run.SmapeBest:0.000} · runtime {Runtime(run.RuntimeSeconds)}");

    public static string Budget(BudgetHeadline budget)
    {
        var money = budget.Budget.ToString("#,0.##", Culture);
        if (budget.Status != SolveStatus.Optimal)
        {
            return $"Budget {money}: {budget.Status.Text().ToLowerInvariant()}: {string.Join("; ", budget.Reasons)}";
        }

        var binding = budget.BindingConstraints.Count == 0 ? "no share rule binds" : $"binding: {string.Join(", ", budget.BindingConstraints)}";
        var interval = budget is { UpliftLow: { } low, UpliftHigh: { } high }
            ? string.Create(Culture, $" (95 %: {low:+0.0%;-0.0%;0.0%} to {high:+0.0%;-0.0%;0.0%})")
            : string.Empty;
        var goal = budget.GoalReached is { } reached ? $"; {reached}" : string.Empty;
        var move = budget.TopMove is { } top ? $"; top move: {top}" : string.Empty;
        return string.Create(Culture, $"Budget {money}: {budget.PredictedConversions:#,0.0} conversions, uplift {budget.Uplift:+0.0%;-0.0%;0.0%}{interval} ({binding}){goal}{move}");
    }

    public static string FailureTitle(FailureNotice failure) => $"Budget run {failure.InstanceId} FAILED at {failure.Step}";

    public static string FailureBody(FailureNotice failure) =>
        string.Create(Culture, $"{Domain.Inputs.InputValidationException.Truncate(failure.Message)} (started {failure.StartedUtc:yyyy-MM-dd HH:mm} UTC, failed after {Runtime((failure.FailedUtc - failure.StartedUtc).TotalSeconds)}). The last good run stays published.");

    public static string Runtime(double seconds) =>
        seconds < 90 ? string.Create(Culture, $"{seconds:0} s") : string.Create(Culture, $"{seconds / 60:0.0} min");
}
