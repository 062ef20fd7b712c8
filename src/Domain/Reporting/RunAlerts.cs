using System.Globalization;
using MarkovFunctions.Domain.Optimisation;

namespace MarkovFunctions.Domain.Reporting;

/// <summary>
/// The one place alerts are decided, for every host and mode: calibration fit, budgets without an
/// optimum, response curves assumed or beaten by a straight line on held-out weeks, drift since the previous good run, and runtime.
/// </summary>
public static class RunAlerts
{
    public static IReadOnlyList<string> Evaluate(RunOutcome outcome, AlertThresholds thresholds, PreviousRun? previous = null, double? runtimeSeconds = null)
    {
        var alerts = new List<string>();
        var calibration = outcome.Calibration;
        if (calibration.SmapeBest > thresholds.Smape)
        {
            alerts.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"calibration SMAPE {calibration.SmapeBest:0.###} at alpha {calibration.AlphaBest:0.##} is above {thresholds.Smape}: the blended weights fit the platforms' numbers poorly"));
        }

        foreach (var budget in outcome.Budgets.Where(b => !b.IsOptimal))
        {
            alerts.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"budget {budget.Budget:#,0.##} is {budget.Status.Text().ToLowerInvariant()}: {string.Join("; ", budget.Reasons)}"));
        }

        // Assumed curves in one line before the per-channel ones, so a short notification still names them: the plan rests on a kappa nobody measured for them.
        if (outcome.Curves?.Channels.Where(c => !c.IsFitted).ToArray() is { Length: > 0 } assumed)
        {
            alerts.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"response curves of {assumed.Length} channel(s) are assumed, not fitted from the spend history: {string.Join("; ", assumed.Select(c => $"'{c.Channel}' (kappa {c.Kappa:0.##}: {c.Reason})"))}"));
        }

        foreach (var curve in outcome.Curves?.Channels.Where(c => c.LostHoldout) ?? [])
        {
            alerts.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"response curve of '{curve.Channel}' predicts its 13 held-out weeks worse than a straight line (SMAPE {curve.HoldoutSmape:0.###} against {curve.HoldoutSmapeLinear:0.###}): treat its kappa {curve.Kappa:0.##} with care"));
        }

        // Runtime before drift: a notification that has room for only some alerts shows the run's own first.
        if (runtimeSeconds is { } seconds)
        {
            alerts.AddRange(Runtime(seconds, thresholds.MaxRuntimeMinutes));
        }

        if (previous is not null)
        {
            alerts.AddRange(WeightChanges(RunSummary.From(outcome), previous.Summary, previous.RunId, thresholds.WeightChange));
        }

        return alerts;
    }

    /// <summary>Channels whose Markov weight moved more than <paramref name="threshold"/> (relative) since the previous good run.</summary>
    public static IReadOnlyList<string> WeightChanges(RunSummary current, RunSummary? previous, string? previousRunId, double threshold)
    {
        if (previous is null)
        {
            return [];
        }

        var before = previous.Channels.ToDictionary(c => c.Channel, c => c.RemovalWeight, StringComparer.Ordinal);
        var alerts = new List<string>();
        foreach (var channel in current.Channels)
        {
            if (!before.TryGetValue(channel.Channel, out var old) || old <= 0)
            {
                continue;
            }

            var change = (channel.RemovalWeight - old) / old;
            if (Math.Abs(change) > threshold)
            {
                alerts.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{channel.Channel} weight moved {change:+0%;-0%} since run {previousRunId} ({old:0.000} -> {channel.RemovalWeight:0.000}), above the {threshold:0%} alert threshold"));
            }
        }

        return alerts;
    }

    public static IReadOnlyList<string> Runtime(double seconds, double maxMinutes) =>
        seconds > maxMinutes * 60
            ? [string.Create(CultureInfo.InvariantCulture, $"the run took {seconds / 60:0.0} min, above the {maxMinutes:0.#} min limit")]
            : [];
}
