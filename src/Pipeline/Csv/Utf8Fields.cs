using System.Buffers.Text;
using System.Text;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Csv;

/// <summary>
/// Fast paths for the common spellings of journey fields, read straight from CSV's UTF-8 bytes;
/// anything unusual falls back to <see cref="FieldParser"/>, which owns the rules and the messages.
/// </summary>
internal static class Utf8Fields
{
    public static int JourneyStep(ReadOnlySpan<byte> field, Func<string> row)
    {
        var trimmed = Trim(field);
        if (Utf8Parser.TryParse(trimmed, out int step, out var consumed) && consumed == trimmed.Length)
        {
            return FieldParser.RequireStep(step, Tables.Journeys, Tables.JourneyColumns.JourneyStep, row());
        }

        return FieldParser.ParseJourneyStep(Encoding.UTF8.GetString(field), Tables.Journeys, Tables.JourneyColumns.JourneyStep, row());
    }

    public static bool Boolean(ReadOnlySpan<byte> field, Func<string> row)
    {
        var trimmed = Trim(field);
        if (trimmed.Length == 1)
        {
            switch (trimmed[0])
            {
                case (byte)'1' or (byte)'t' or (byte)'T': return true;
                case (byte)'0' or (byte)'f' or (byte)'F': return false;
            }
        }

        return FieldParser.ParseBoolean(Encoding.UTF8.GetString(field), Tables.Journeys, Tables.JourneyColumns.Converted, row());
    }

    /// <summary>Conversion value: empty (or missing) is 0; otherwise a finite, non-negative number.</summary>
    public static double Value(ReadOnlySpan<byte> field, Func<string> row)
    {
        var trimmed = Trim(field);
        if (trimmed.IsEmpty)
        {
            return 0;
        }

        if (Utf8Parser.TryParse(trimmed, out double value, out var consumed) && consumed == trimmed.Length && double.IsFinite(value) && value >= 0)
        {
            return value;
        }

        return FieldParser.ParseNonNegative(Encoding.UTF8.GetString(field), Tables.Journeys, Tables.JourneyColumns.ConversionValue, row(), whenEmpty: 0);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss</c> with an optional <c>Z</c> (or a space for T) is read directly; the rest goes to the full parser.</summary>
    public static long TimestampTicks(ReadOnlySpan<byte> field, Func<string> row)
    {
        var t = Trim(field);
        if ((t.Length == 19 || (t.Length == 20 && t[19] == (byte)'Z'))
            && t[4] == (byte)'-' && t[7] == (byte)'-' && (t[10] == (byte)'T' || t[10] == (byte)' ') && t[13] == (byte)':' && t[16] == (byte)':'
            && TryDigits(t[..4], out var year) && TryDigits(t.Slice(5, 2), out var month) && TryDigits(t.Slice(8, 2), out var day)
            && TryDigits(t.Slice(11, 2), out var hour) && TryDigits(t.Slice(14, 2), out var minute) && TryDigits(t.Slice(17, 2), out var second)
            && month is >= 1 and <= 12 && day >= 1 && year >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        }

        return FieldParser.ParseTimestampUtcTicks(Encoding.UTF8.GetString(field), Tables.Journeys, Tables.JourneyColumns.Timestamp, row());
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (d - '0');
        }

        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field) => field.Trim(" \t"u8);
}
