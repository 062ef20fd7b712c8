using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

public sealed class DurableOptions : ISettingsValidation
{
    public const string Section = "DurableTask";

    /// <summary>From the flat <c>TASK_HUB_NAME</c> setting (see <see cref="SettingNames.DurableHubName"/>), not from this section.</summary>
    public string HubName { get; set; } = string.Empty;

    public int HistoryRetentionDays { get; set; } = 30;

    public IEnumerable<string> Problems()
    {
        // Task hub names become queue and table names: 3–45 letters and digits, starting with a letter.
        if (HubName.Length is < 3 or > 45 || !char.IsAsciiLetter(HubName[0]) || !HubName.All(char.IsAsciiLetterOrDigit))
        {
            yield return $"{DurableHubName} must be 3–45 letters or digits starting with a letter, found '{HubName}'";
        }

        if (HistoryRetentionDays < 1)
        {
            yield return $"{DurableHistoryRetentionDays} must be 1 or more";
        }
    }
}
