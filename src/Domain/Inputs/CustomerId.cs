using System.Globalization;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>
/// The customer-id rule of docs/MODEL.md section 1, one for the CSV and the PostgreSQL paths: the id's
/// UTF-8 bytes without leading and trailing spaces and tabs, compared byte for byte; empty after that is
/// refused, and so is one over <see cref="MaxBytes"/>.
/// </summary>
public static class CustomerId
{
    /// <summary>The longest customer_id accepted, in bytes of UTF-8 after trimming (the spill stores its length in two bytes).</summary>
    public const int MaxBytes = ushort.MaxValue;

    /// <summary>Why <paramref name="raw"/> is no customer id (empty or too long), or null; <paramref name="id"/> is the id as it is counted.</summary>
    /// <remarks>The caller throws <see cref="InputValidationException"/> for the customer_id column with its row: only it can describe the row.</remarks>
    public static string? Problem(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> id)
    {
        // Only ASCII space and tab: they are what exports pad with; any other byte is part of the id.
        id = raw.Trim(" \t"u8);
        return id.IsEmpty ? "customer_id is null or empty"
            : id.Length > MaxBytes ? string.Create(CultureInfo.InvariantCulture, $"a customer_id is {id.Length:N0} bytes long, above the {MaxBytes:N0} accepted")
            : null;
    }
}
