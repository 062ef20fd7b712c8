using System.Globalization;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Run ids: made by the orchestrator (and the CLI), read back wherever a run folder is named.</summary>
public static class RunIds
{
    private const string RunIdFormat = "yyyyMMdd_HHmmss";
    private const int SuffixLength = 8;

    /// <summary>
    /// The run id of orchestration <paramref name="instanceId"/> started at <paramref name="startedUtc"/>:
    /// <c>YYYYMMDD_HHMMSS_mmmxxxxx</c>, the start second, then its millisecond as 3 hex digits and 5 hex
    /// digits of a SHA-256 of the instance id. Ids sort by start time to the millisecond, so of two runs
    /// started in the same second the later one sorts last and latest.json never moves back to the
    /// earlier; the hash keeps runs started in the same millisecond in their own folders. A pure
    /// function of its inputs (the orchestrator's replay-safe clock), so the orchestrator stays deterministic.
    /// </summary>
    public static string Create(DateTime startedUtc, string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var utc = DateTime.SpecifyKind(startedUtc, DateTimeKind.Utc);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instanceId));
        var suffix = utc.Millisecond.ToString("x3", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(hash)[..(SuffixLength - 3)];
        return utc.ToString(RunIdFormat, CultureInfo.InvariantCulture) + "_" + suffix;
    }

    /// <summary>
    /// <c>YYYYMMDD_HHMMSS_xxxxxxxx</c>, or the older <c>YYYYMMDD_HHMMSS</c> of runs published before
    /// ids had a suffix (their folders stay readable and can still be named in a rolled-back latest.json).
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (value is null || (value.Length != 15 && value.Length != 16 + SuffixLength))
        {
            return false;
        }

        if (value.Length > 15 && (value[15] != '_' || !value.AsSpan(16).ContainsOnlyLowerHex()))
        {
            return false;
        }

        return DateTime.TryParseExact(value[..15], RunIdFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>When the run started (UTC, to the second), or null when <paramref name="runId"/> is no run id.</summary>
    public static DateTime? StartedOf(string? runId) =>
        IsValid(runId) && DateTime.TryParseExact(runId![..15], RunIdFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var started)
            ? started
            : null;

    public static void Validate(string runId)
    {
        if (!IsValid(runId))
        {
            throw new ArgumentException($"run id '{runId}' is not of the form YYYYMMDD_HHMMSS_xxxxxxxx", nameof(runId));
        }
    }

    private static bool ContainsOnlyLowerHex(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f')
            {
                return false;
            }
        }

        return true;
    }
}
