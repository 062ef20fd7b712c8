using static MarkovFunctions.Pipeline.Configuration.SettingNames;

namespace MarkovFunctions.Pipeline.Configuration;

public sealed class ScheduleOptions : ISettingsValidation
{
    public const string Section = "Schedule";

    public string TimeZone { get; set; } = "America/New_York";

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    public int Hour { get; set; } = 6;

    public IEnumerable<string> Problems()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{ScheduleTimeZone}: unknown time zone '{TimeZone}' (use an IANA id such as America/New_York)";
        }

        if (Hour is < 0 or > 23)
        {
            yield return $"{ScheduleHour} must be 0–23, found {Hour}";
        }
    }
}
