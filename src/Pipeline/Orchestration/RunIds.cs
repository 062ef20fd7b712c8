using System.Globalization;

namespace MarkovFunctions.Pipeline.Orchestration;

/// <summary>Run ids: made by the orchestrator (and the CLI), read back wherever a run folder is named.</summary>
public static class RunIds
{
    private const string RunIdFormat = "yyyyMMdd_HHmmss";
    private const int SuffixLength = 8;

    /// <summary>
    /// The run id of orchestration <paramref name="instanceId"/> started at <paramref name="startedUtc"/>:
    /// <c>YYYYMMDD_HHMMSS_xxxxxxxx</c>, the start second (so ids sort by time) and 8 hex digits of a
    /// SHA-256 of the instance id (so runs started in the same second get their own folders). A pure
    /// function of its inputs, so the orchestrator stays deterministic. The id is also the run's folder name.
    /// </summary>
    public static string Create(DateTime startedUtc, string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instanceId));
        var suffix = Convert.ToHexStringLower(hash)[..SuffixLength];
        return DateTime.SpecifyKind(startedUtc, DateTimeKind.Utc).ToString(RunIdFormat, CultureInfo.InvariantCulture) + "_" + suffix;
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
