using System.Globalization;

namespace MarkovFunctions.Pipeline.Scheduling;

/// <summary>
/// The weekly start, Monday 06:00 America/New_York by default. Flex Consumption runs timers in UTC
/// and ignores WEBSITE_TIME_ZONE, so the timer fires at every UTC hour that can be 06:00 in the zone
/// (<see cref="TimerCron"/>), and <see cref="IsDue"/> keeps the one tick that is.
/// </summary>
public sealed class WeeklySchedule
{
    public WeeklySchedule(string timeZoneId = "America/New_York", DayOfWeek day = DayOfWeek.Monday, int hour = 6)
    {
        if (hour is < 0 or > 23)
        {
            throw new ArgumentOutOfRangeException(nameof(hour), hour, "the hour of the weekly run must be 0–23");
        }

        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        Day = day;
        Hour = hour;
    }

    public TimeZoneInfo TimeZone { get; }

    public DayOfWeek Day { get; }

    public int Hour { get; }

    /// <summary>
    /// NCRONTAB (seconds first) for the Functions timer: hourly from the day before to the day after in
    /// UTC, which covers every offset a zone can have; the handler then keeps only the due tick.
    /// </summary>
    public static string TimerCron => "0 0 * * * *";

    /// <summary>True when <paramref name="utc"/> falls within the first minute of the local weekly hour.</summary>
    public bool IsDue(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZone);
        return local.DayOfWeek == Day && local.Hour == Hour && local.Minute == 0;
    }

    /// <summary>The next weekly start strictly after <paramref name="utc"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset utc)
    {
        var candidate = new DateTimeOffset(utc.UtcDateTime.Date.AddHours(utc.UtcDateTime.Hour), TimeSpan.Zero).AddHours(1);
        for (var i = 0; i < 24 * 8; i++, candidate = candidate.AddHours(1))
        {
            if (IsDue(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no weekly start within eight days");
    }

    /// <summary>
    /// One instance id per ISO week of the local date, so a repeated tick or a double start makes one run.
    /// </summary>
    public string InstanceIdFor(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZone).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"weekly-{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):D2}");
    }
}
