using System.Buffers.Text;
using System.Text;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Csv;

internal static class Utf8Fields
{
    public static int JourneyStep(ReadOnlySpan<byte> field, in RowContext row)
    {
        var trimmed = Trim(field);
        if (Utf8Parser.TryParse(trimmed, out int step, out var consumed) && consumed == trimmed.Length)
        {
            // The row is described only when it is bad: describing every row would cost more than parsing it.
            return step >= 1 ? step : FieldParser.RequireStep(step, Tables.Journeys, Tables.JourneyColumns.JourneyStep, row.Describe());
        }

        return Described(row, FieldParser.ParseJourneyStep, field, Tables.JourneyColumns.JourneyStep);
    }

    public static bool Boolean(ReadOnlySpan<byte> field, in RowContext row)
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
        else if (Ascii.EqualsIgnoreCase(trimmed, "true"u8) || Ascii.EqualsIgnoreCase(trimmed, "yes"u8))
        {
            return true;
        }
        else if (Ascii.EqualsIgnoreCase(trimmed, "false"u8) || Ascii.EqualsIgnoreCase(trimmed, "no"u8))
        {
            return false;
        }

        return Described(row, FieldParser.ParseBoolean, field, Tables.JourneyColumns.Converted);
    }

    /// <summary>Conversion value: empty (or missing) is 0; otherwise a finite, non-negative number.</summary>
    public static double Value(ReadOnlySpan<byte> field, in RowContext row)
    {
        var trimmed = Trim(field);
        if (trimmed.IsEmpty)
        {
            return 0;
        }

        if (Utf8Parser.TryParse(trimmed, out double value, out var consumed) && consumed == trimmed.Length && FieldParser.IsAcceptedAmount(value))
        {
            return value;
        }

        return Described(row, (text, table, column, example) => FieldParser.ParseNonNegative(text, table, column, example, whenEmpty: 0), field, Tables.JourneyColumns.ConversionValue);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss</c> with an optional <c>Z</c> (or a space for T) is read directly; the rest goes to the full parser.</summary>
    public static long TimestampTicks(ReadOnlySpan<byte> field, in RowContext row)
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

        return Described(row, FieldParser.ParseTimestampUtcTicks, field, Tables.JourneyColumns.Timestamp);
    }

    /// <summary>The full parser for unusual spellings; the row is described only if the field is bad.</summary>
    private static T Described<T>(in RowContext row, Parser<T> parse, ReadOnlySpan<byte> field, string column)
    {
        try
        {
            return parse(Encoding.UTF8.GetString(field), Tables.Journeys, column, string.Empty);
        }
        catch (InputValidationException ex)
        {
            throw new InputValidationException(ex.Table, ex.Column, ex.Problem, row.Describe());
        }
    }

    private delegate T Parser<T>(ReadOnlySpan<char> text, string table, string column, string row);

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
