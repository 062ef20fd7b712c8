using System.Globalization;

namespace MarkovFunctions.Pipeline.Scheduling;

/// <summary>
/// The weekly start, Monday 06:00 America/New_York by default. Flex Consumption runs timers in UTC
/// and ignores WEBSITE_TIME_ZONE, so the timer ticks every UTC hour (<see cref="TimerCron"/>) and the
/// zone is handled here. A tick is due from the weekly time until the end of that ISO week, so a tick
/// that arrives late (a restart, a scale-up from zero, a past-due timer) still starts the week's run;
/// the ISO-week instance id (<see cref="InstanceIdFor"/>) keeps it to one run.
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

    /// <summary>NCRONTAB (seconds first) for the Functions timer: every hour on the hour, in UTC.</summary>
    public const string TimerCron = "0 0 * * * *";

    /// <summary>True from the weekly start of <paramref name="utc"/>'s ISO week (local time) to the end of that week.</summary>
    public bool IsDue(DateTimeOffset utc) => utc >= StartInWeekOf(utc);

    /// <summary>The weekly start of the ISO week that holds <paramref name="utc"/>'s local date, in UTC.</summary>
    public DateTimeOffset StartInWeekOf(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZone).DateTime;
        var monday = ISOWeek.ToDateTime(ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local), DayOfWeek.Monday);
        var daysFromMonday = ((int)Day + 6) % 7;
        return ToUtc(monday.AddDays(daysFromMonday).AddHours(Hour));
    }

    /// <summary>The next weekly start strictly after <paramref name="utc"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset utc)
    {
        var thisWeek = StartInWeekOf(utc);
        return thisWeek > utc ? thisWeek : StartInWeekOf(thisWeek.AddDays(7));
    }

    /// <summary>
    /// One instance id per ISO week of the local date, so a repeated tick or a double start makes one run.
    /// </summary>
    public string InstanceIdFor(DateTimeOffset utc) => "weekly-" + IsoWeekOf(utc);

    /// <summary>The ISO week of <paramref name="utc"/>'s local date, <c>2026-W48</c>.</summary>
    public string IsoWeekOf(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZone).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):D2}");
    }

    /// <summary>
    /// Local wall time to UTC. A time skipped by a clock change moves forward by the change; a time
    /// that happens twice is taken the first time (the earlier UTC instant).
    /// </summary>
    private DateTimeOffset ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
