using MarkovFunctions.Pipeline.Scheduling;

namespace MarkovFunctions.Pipeline.Tests;

public sealed class WeeklyScheduleTests
{
    private readonly WeeklySchedule _schedule = new();

    public static IEnumerable<object[]> WeeksAroundDaylightSavingChanges =>
    [
        // 2026-03-08: clocks go forward in New York (EST -5 -> EDT -4).
        [new DateTime(2026, 2, 23), new DateTime(2026, 3, 23)],
        // 2026-11-01: clocks go back (EDT -4 -> EST -5).
        [new DateTime(2026, 10, 19), new DateTime(2026, 11, 16)],
    ];

    [Theory]
    [MemberData(nameof(WeeksAroundDaylightSavingChanges))]
    public void IsDue_EveryHourlyTick_BecomesDueAtMonday0600NewYork(DateTime fromUtc, DateTime toUtc)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var becameDue = new List<DateTimeOffset>();
        var wasDue = true;
        for (var tick = new DateTimeOffset(fromUtc, TimeSpan.Zero); tick < new DateTimeOffset(toUtc, TimeSpan.Zero); tick = tick.AddHours(1))
        {
            var due = _schedule.IsDue(tick);
            if (due && !wasDue)
            {
                becameDue.Add(tick);
            }

            wasDue = due;
        }

        Assert.Equal(4, becameDue.Count);
        Assert.All(becameDue, tick =>
        {
            var local = TimeZoneInfo.ConvertTime(tick, newYork);
            Assert.Equal(DayOfWeek.Monday, local.DayOfWeek);
            Assert.Equal(new TimeSpan(6, 0, 0), local.TimeOfDay);
        });
        Assert.Equal(7, becameDue.Zip(becameDue.Skip(1), (a, b) => (b.Date - a.Date).TotalDays).Distinct().Single());
    }

    [Theory]
    [InlineData("2026-11-23T11:40:00Z", true)]  // Monday 06:40 New York: a late tick still starts the week
    [InlineData("2026-11-23T11:00:00Z", true)]  // Monday 06:00 exactly
    [InlineData("2026-11-23T10:59:00Z", false)] // Monday 05:59: not yet
    [InlineData("2026-11-27T15:00:00Z", true)]  // Friday: the week's run is still due (catch-up)
    [InlineData("2026-11-30T04:59:00Z", true)]  // Sunday 23:59, the last minute of the ISO week
    [InlineData("2026-11-30T05:00:00Z", false)] // Monday 00:00 of the next week
    public void IsDue_AnyTickFromTheWeeklyTimeToTheWeeksEnd_IsDue(string utc, bool due)
    {
        Assert.Equal(due, _schedule.IsDue(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void StartInWeekOf_AnyDayOfTheWeek_IsThatWeeksMonday0600()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero);
        for (var hours = 0; hours < 24 * 7; hours += 5)
        {
            var tick = new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero).AddHours(hours);
            Assert.Equal(monday, _schedule.StartInWeekOf(tick));
        }
    }

    [Fact]
    public void NextAfter_AcrossSpringForward_MovesFrom11To10Utc()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero), _schedule.NextAfter(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero), _schedule.NextAfter(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextAfter_AcrossFallBack_MovesFrom10To11Utc()
    {
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.Zero), _schedule.NextAfter(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero), _schedule.NextAfter(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void InstanceIdFor_SameIsoWeek_IsTheSame()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal("weekly-2026-W48", _schedule.InstanceIdFor(monday));
        Assert.Equal(_schedule.InstanceIdFor(monday), _schedule.InstanceIdFor(monday.AddMinutes(3)));
        Assert.NotEqual(_schedule.InstanceIdFor(monday), _schedule.InstanceIdFor(monday.AddDays(7)));
    }
}
