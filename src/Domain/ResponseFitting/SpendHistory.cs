using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// The validated weekly spend history (MODEL.md section 11): names normalised, every week a Monday, amounts
/// non-negative and finite, one row per channel and week.
/// </summary>
public sealed class SpendHistory
{
    /// <summary>The most weeks a channel's series keeps (the last ones).</summary>
    public const int MaxWeeks = 104;

    public const string Table = "channel_spend_history";

    /// <summary>The most rows read (e.g. 200 channels × 500 weeks): more is refused, not truncated.</summary>
    public const int MaxRows = 100_000;

    public static class Columns
    {
        public const string WeekStart = "week_start";
        public const string Channel = "channel";
        public const string Spend = "spend";
        public const string Conversions = "conversions";

        public static readonly IReadOnlyList<string> Required = [WeekStart, Channel, Spend, Conversions];
    }

    private SpendHistory(IReadOnlyDictionary<string, WeeklySeries> series, int rows) => (Series, Rows) = (series, rows);

    /// <summary>Each channel's weekly series, keyed by normalised name.</summary>
    public IReadOnlyDictionary<string, WeeklySeries> Series { get; }

    /// <summary>Rows read.</summary>
    public int Rows { get; }

    /// <param name="examples">How error messages name each row (the readers give their line or key); by default "row N".</param>
    public static SpendHistory Create(IEnumerable<SpendWeek> rows, IReadOnlyList<string>? examples = null)
    {
        var byChannel = new Dictionary<string, SortedDictionary<DateOnly, (double Spend, double Conversions)>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var raw in rows)
        {
            count++;
            if (count > MaxRows)
            {
                throw new InputValidationException(Table, null, $"the table has more than {MaxRows:N0} rows; keep the last 104 weeks of each channel");
            }

            var example = examples is not null && count <= examples.Count ? examples[count - 1] : Describe(raw, count);
            var channel = FieldParser.RequireChannel(raw.Channel, Table, Columns.Channel, example);
            if (raw.WeekStart.DayOfWeek != DayOfWeek.Monday)
            {
                throw new InputValidationException(
                    Table, Columns.WeekStart, $"{raw.WeekStart:yyyy-MM-dd} is a {raw.WeekStart.DayOfWeek}, not a Monday", example);
            }

            FieldParser.RequireNonNegative(raw.Spend, Table, Columns.Spend, example);
            FieldParser.RequireNonNegative(raw.Conversions, Table, Columns.Conversions, example);
            if (!byChannel.TryGetValue(channel, out var weeks))
            {
                weeks = [];
                byChannel.Add(channel, weeks);
            }

            if (!weeks.TryAdd(raw.WeekStart, (raw.Spend, raw.Conversions)))
            {
                throw new InputValidationException(
                    Table, Columns.WeekStart, $"channel '{channel}' has the week {raw.WeekStart:yyyy-MM-dd} twice (names are compared after normalisation)", example);
            }
        }

        var series = byChannel.ToDictionary(p => p.Key, p => WeeklySeries.From(p.Key, p.Value), StringComparer.Ordinal);
        return new SpendHistory(series, count);
    }

    /// <summary>A date as <c>yyyy-MM-dd</c> (PostgreSQL's text form of a date); anything else is refused naming the row.</summary>
    public static DateOnly ParseWeekStart(string? text, string example) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputValidationException(Table, Columns.WeekStart, $"{FieldParser.Shown(text ?? string.Empty)} is not a date (yyyy-MM-dd)", example);

    private static string Describe(SpendWeek row, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"row {number}: week_start={row.WeekStart:yyyy-MM-dd}, channel='{row.Channel}'");
}
