using System.Text;

namespace MarkovFunctions.Domain.Inputs;

/// <summary>Channel names as MODEL.md section 1 normalises them, so that "paid  search " and "PAID SEARCH" are one channel.</summary>
public static class ChannelName
{
    /// <summary>
    /// The most distinct channel values a run counts (campaign or UTM values in the channel column
    /// included): 5,000 sparse campaigns with 200 bootstrap replicates is the measured size (scripts/bench-channels).
    /// </summary>
    public const int MaxDistinct = 5_000;

    /// <summary>Trims, collapses inner white space to one space, and title-cases each word.</summary>
    /// <returns>The normalised name; empty when the input is null or white space only.</returns>
    public static string Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(raw.Length);
        var atWordStart = true;
        var pendingSpace = false;
        foreach (var ch in raw)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                atWordStart = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(atWordStart ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch));
            atWordStart = false;
        }

        return builder.ToString();
    }
}
