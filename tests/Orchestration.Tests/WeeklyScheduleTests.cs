using MarkovFunctions.Pipeline.Scheduling;

namespace MarkovFunctions.Orchestration.Tests;

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
    public void IsDue_EveryHourlyTick_OnlyMonday0600NewYork(DateTime fromUtc, DateTime toUtc)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var due = new List<DateTimeOffset>();
        for (var tick = new DateTimeOffset(fromUtc, TimeSpan.Zero); tick < new DateTimeOffset(toUtc, TimeSpan.Zero); tick = tick.AddHours(1))
        {
            if (_schedule.IsDue(tick))
            {
                due.Add(tick);
            }
        }

        Assert.Equal(4, due.Count);
        Assert.All(due, tick =>
        {
            var local = TimeZoneInfo.ConvertTime(tick, newYork);
            Assert.Equal(DayOfWeek.Monday, local.DayOfWeek);
            Assert.Equal(new TimeSpan(6, 0, 0), local.TimeOfDay);
        });
        Assert.Equal(7, due.Zip(due.Skip(1), (a, b) => (b.Date - a.Date).TotalDays).Distinct().Single());
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
