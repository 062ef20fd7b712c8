namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// One channel's weeks from its first to its last row in date order, the last <see cref="SpendHistory.MaxWeeks"/> at
/// most; a week missing in between is spend 0 and conversions 0.
/// </summary>
public sealed record WeeklySeries(string Channel, DateOnly FirstWeek, IReadOnlyList<double> Spend, IReadOnlyList<double> Conversions)
{
    public int Weeks => Spend.Count;

    internal static WeeklySeries From(string channel, SortedDictionary<DateOnly, (double Spend, double Conversions)> weeks)
    {
        var last = weeks.Keys.Max();
        var first = weeks.Keys.Min();
        var span = ((last.DayNumber - first.DayNumber) / 7) + 1;
        var length = Math.Min(span, SpendHistory.MaxWeeks);
        var start = last.AddDays(-7 * (length - 1));
        var spend = new double[length];
        var conversions = new double[length];
        foreach (var (week, value) in weeks)
        {
            var index = (week.DayNumber - start.DayNumber) / 7;
            if (index >= 0)
            {
                spend[index] = value.Spend;
                conversions[index] = value.Conversions;
            }
        }

        return new WeeklySeries(channel, start, spend, conversions);
    }
}
