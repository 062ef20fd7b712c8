namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// The optional <c>customer_segment</c> of a journey (MODEL.md section 8): trimmed, with a null or empty
/// value meaning <see cref="None"/>. Not to be confused with the linear pieces of a saturating curve
/// (<c>ResponseSettings.Segments</c>).
/// </summary>
public static class CustomerSegment
{
    public const string None = "(none)";

    /// <summary>The longest segment accepted, in characters (as for channels).</summary>
    public const int MaxLength = FieldParser.MaxChannelLength;

    /// <summary>At most this many segments besides <see cref="None"/>: each gets its own attribution, payload rows and report column.</summary>
    public const int MaxDistinct = 50;

    /// <summary>Trimmed; null, empty or white space only is <see cref="None"/>. Case is kept: segments are labels, not channels.</summary>
    public static string Normalize(string? raw) => string.IsNullOrWhiteSpace(raw) ? None : raw.Trim();

    /// <summary>The normalised segment, or a refusal naming the row: longer than <see cref="MaxLength"/>, or not UTF-8.</summary>
    public static string Require(string? raw, string row)
    {
        var segment = Normalize(raw);
        if (segment.Length > MaxLength)
        {
            throw new InputValidationException(
                Tables.Journeys, Tables.JourneyColumns.CustomerSegment, $"customer_segment {FieldParser.Shown(segment)} is longer than {MaxLength} characters", row);
        }

        // As for channels: U+FFFD is what a decoder makes of bytes that are not UTF-8.
        if (segment.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new InputValidationException(
                Tables.Journeys, Tables.JourneyColumns.CustomerSegment, $"customer_segment {FieldParser.Shown(segment)} is not valid UTF-8 text (save the file as UTF-8)", row);
        }

        return segment;
    }
}
