using System.Globalization;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// Parses the text fields of the input tables as MODEL.md section 1 defines them. Every failure
/// throws <see cref="InputValidationException"/> naming the table, the column and the row.
/// </summary>
public static class FieldParser
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    /// <summary><c>true/false</c>, <c>t/f</c>, <c>1/0</c>, <c>yes/no</c>, in any case.</summary>
    public static bool ParseBoolean(ReadOnlySpan<char> text, string table, string column, string row)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 1)
        {
            switch (trimmed[0])
            {
                case '1' or 't' or 'T': return true;
                case '0' or 'f' or 'F': return false;
            }
        }
        else if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        else if (trimmed.Equals("false", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new InputValidationException(table, column, $"'{trimmed}' is not a boolean (true/false, t/f, 1/0, yes/no)", row);
    }

    /// <summary>ISO 8601; a timestamp without an offset is UTC. Returns UTC ticks.</summary>
    public static long ParseTimestampUtcTicks(ReadOnlySpan<char> text, string table, string column, string row)
    {
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParseExact(
                trimmed, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value.UtcTicks;
        }

        throw new InputValidationException(table, column, $"'{trimmed}' is not a timestamp (ISO 8601, e.g. 2024-01-31T09:30:00Z)", row);
    }

    /// <summary>A journey step: an integer of at least 1.</summary>
    public static int ParseJourneyStep(ReadOnlySpan<char> text, string table, string column, string row)
    {
        var trimmed = text.Trim();
        if (!int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step))
        {
            throw new InputValidationException(table, column, $"'{trimmed}' is not an integer", row);
        }

        return RequireStep(step, table, column, row);
    }

    public static int RequireStep(long step, string table, string column, string row)
    {
        if (step < 1)
        {
            throw new InputValidationException(table, column, $"journey_step must be 1 or more, found {step}", row);
        }

        return checked((int)step);
    }

    /// <summary>A finite, non-negative number. Empty text gives <paramref name="whenEmpty"/>, or fails when that is null.</summary>
    public static double ParseNonNegative(ReadOnlySpan<char> text, string table, string column, string row, double? whenEmpty = null)
    {
        var trimmed = text.Trim();
        if (trimmed.IsEmpty)
        {
            return whenEmpty ?? throw new InputValidationException(table, column, "value is missing", row);
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputValidationException(table, column, $"'{trimmed}' is not a number", row);
        }

        return RequireNonNegative(value, table, column, row);
    }

    public static double RequireNonNegative(double value, string table, string column, string row)
    {
        if (!double.IsFinite(value))
        {
            throw new InputValidationException(table, column, $"{value.ToString(CultureInfo.InvariantCulture)} is not a finite number", row);
        }

        if (value < 0)
        {
            throw new InputValidationException(table, column, $"negative value {value.ToString(CultureInfo.InvariantCulture)}", row);
        }

        return value;
    }

    /// <summary>A channel name, normalised; null or empty names are rejected.</summary>
    public static string RequireChannel(string? raw, string table, string column, string row)
    {
        var name = ChannelName.Normalize(raw);
        if (name.Length == 0)
        {
            throw new InputValidationException(table, column, "channel is null or empty", row);
        }

        return name;
    }
}
