using System.Globalization;
using MarkovFunctions.Domain.Reporting;

namespace MarkovFunctions.Pipeline.Publishing;

/// <summary>Alerts that need more than one run's numbers: drift since the previous good run, and runtime.</summary>
public static class RunAlerts
{
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
