using System.Globalization;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// Parses the text fields of the input tables as MODEL.md section 1 defines them. Every failure
/// throws <see cref="InputValidationException"/> naming the table, the column and the row.
/// </summary>
public static class FieldParser
{
    /// <summary>The largest number accepted in an input field (except max_monthly_spend, which may be any finite number).</summary>
    public const double MaxAmount = 1e15;

    /// <summary><see cref="MaxAmount"/> as messages write it.</summary>
    public const string MaxAmountText = "1E+15";

    /// <summary>
    /// The smallest non-zero amount: below it, a spend or rate is noise, and dividing by it (spend changes,
    /// cost per conversion) leaves the doubles' range (1E-320 gave infinities in summary.json).
    /// </summary>
    public const double MinAmount = 1e-6;

    /// <summary>True for 0 and for amounts in [<see cref="MinAmount"/>, <paramref name="max"/>]: the common case, checked without building a message.</summary>
    public static bool IsAcceptedAmount(double value, double max = MaxAmount) => value == 0 || value is >= MinAmount && value <= max;

    /// <summary>The longest channel name accepted, in characters.</summary>
    public const int MaxChannelLength = 200;

    // K reads Z, ±hh:mm and ±hhmm; zz reads ±hh, as PostgreSQL writes a whole-hour offset.
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mmzz",
        "yyyy-MM-dd HH:mmzz",
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

        throw new InputValidationException(table, column, $"{Shown(trimmed)} is not a boolean (true/false, t/f, 1/0, yes/no)", row);
    }

    /// <summary>ISO 8601; a timestamp without an offset is UTC. Returns UTC ticks.</summary>
    public static long ParseTimestampUtcTicks(ReadOnlySpan<char> text, string table, string column, string row)
    {
        var trimmed = text.Trim();
        if (TryParseTimestamp(trimmed, out var value) || TryParseTimestamp(WithoutExtraFraction(trimmed), out value))
        {
            return value.UtcTicks;
        }

        throw new InputValidationException(table, column, $"{Shown(trimmed)} is not a timestamp (ISO 8601, e.g. 2024-01-31T09:30:00Z or 2024-01-31 09:30:00+01)", row);
    }

    private static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>A fraction of a second beyond the 7 digits .NET keeps (ticks) is cut, not refused: any fraction is ISO 8601.</summary>
    private static string WithoutExtraFraction(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            return text.ToString();
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= 7 ? text.ToString() : string.Concat(text[..(dot + 8)], text[end..]);
    }

    /// <summary>
    /// A value as an error message quotes it: at most 100 characters, so a huge field never makes a
    /// huge message (messages reach logs, the run status and the notification).
    /// </summary>
    public static string Shown(ReadOnlySpan<char> value)
    {
        const int Limit = 100;
        return value.Length <= Limit
            ? $"'{value}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{InputValidationException.Prefix(value, Limit)}…' ({value.Length:N0} characters)");
    }

    /// <summary>Raw JSON as a message quotes it: as is when short, else cut like <see cref="Shown"/>.</summary>
    public static string ShownJson(string json) => json.Length <= 100 ? json : Shown(json);

    /// <summary>A journey step: an integer of at least 1.</summary>
    public static int ParseJourneyStep(ReadOnlySpan<char> text, string table, string column, string row)
    {
        var trimmed = text.Trim();
        if (!int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step))
        {
            throw new InputValidationException(table, column, $"{Shown(trimmed)} is not an integer", row);
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
    public static double ParseNonNegative(ReadOnlySpan<char> text, string table, string column, string row, double? whenEmpty = null, double max = MaxAmount)
    {
        var trimmed = text.Trim();
        if (trimmed.IsEmpty)
        {
            return whenEmpty ?? throw new InputValidationException(table, column, "value is missing", row);
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputValidationException(table, column, $"{Shown(trimmed)} is not a number", row);
        }

        return RequireNonNegative(value, table, column, row, max);
    }

    /// <summary>A finite, non-negative number of at most <paramref name="max"/> (default <see cref="MaxAmount"/>).</summary>
    public static double RequireNonNegative(double value, string table, string column, string row, double max = MaxAmount)
    {
        if (!double.IsFinite(value))
        {
            throw new InputValidationException(table, column, $"{value.ToString(CultureInfo.InvariantCulture)} is not a finite number", row);
        }

        if (value < 0)
        {
            throw new InputValidationException(table, column, $"negative value {value.ToString(CultureInfo.InvariantCulture)}", row);
        }

        if (value > 0 && value < MinAmount)
        {
            throw new InputValidationException(
                table, column, $"{value.ToString(CultureInfo.InvariantCulture)} is below 1E-06, the smallest non-zero value accepted", row);
        }

        if (value > max)
        {
            throw new InputValidationException(
                table, column, $"{value.ToString(CultureInfo.InvariantCulture)} is above {max.ToString("0.###E+0", CultureInfo.InvariantCulture)}, the largest value accepted", row);
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

        if (name.Length > MaxChannelLength)
        {
            throw new InputValidationException(
                table, column, string.Create(CultureInfo.InvariantCulture, $"channel {Shown(name)} is longer than {MaxChannelLength} characters"), row);
        }

        // U+FFFD is what a decoder makes of bytes that are not UTF-8 (a Latin-1 "é"): refuse it rather
        // than invent a channel "T�l�vision" next to "Télévision".
        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new InputValidationException(
                table, column, $"channel {Shown(name)} is not valid UTF-8 text (save the file as UTF-8)", row);
        }

        // The chain's own states share the name space: a channel '(null)' (an ETL artefact) would be
        // counted as the null state. GA's '(not set)' and '(none)' are no state and stay channels.
        if (name is States.Start or States.Conversion or States.Null)
        {
            throw new InputValidationException(
                table, column, $"channel {Shown(name)} is the name of a state of the chain ({States.Start}, {States.Conversion}, {States.Null}); rename it in the data", row);
        }

        return name;
    }
}
