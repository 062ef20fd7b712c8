using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

public sealed class DurableOptions : ISettingsValidation
{
    public const string Section = "DurableTask";

    /// <summary>From the flat <c>TASK_HUB_NAME</c> setting (see <see cref="SettingNames.DurableHubName"/>), not from this section.</summary>
    public string HubName { get; set; } = string.Empty;

    public const int MinHistoryRetentionDays = 8;

    public const int MaxHistoryRetentionDays = 3_650;

    public int HistoryRetentionDays { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        // Task hub names become queue and table names: 3–45 letters and digits, starting with a letter.
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            yield return $"{DurableHubName} must be 3–45 letters or digits starting with a letter, found '{HubName}'";
        }

        // "One run per ISO week" is read from the week's instance history: purged within its week,
        // the hourly tick would start (and notify) the week again. A week and a day keeps it past its week.
        if (HistoryRetentionDays is < MinHistoryRetentionDays or > MaxHistoryRetentionDays)
        {
            yield return $"{DurableHistoryRetentionDays} must be between {MinHistoryRetentionDays} and {MaxHistoryRetentionDays} days (below 8 the weekly run's history could be purged within its week and the week run again), found {HistoryRetentionDays}";
        }
    }
}
