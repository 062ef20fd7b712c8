using System.Globalization;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// The layout of the artifact store (ARCHITECTURE.md, "Run folder"): run folders
/// <c>YYYYMMDD_HHMMSS_xxxxxxxx/</c>, <c>latest.json</c> beside them, and one hive-style history path per
/// Parquet table and run.
/// </summary>
public static class ArtifactPaths
{
    public const string LatestPointer = "latest.json";
    public const string HistoryRoot = "history";

    /// <summary>Marks of good runs, <c>published/RUN.json</c>: written once every sink of the run succeeded, just before latest.json moves.</summary>
    public const string PublishedRoot = "published";

    private const string RunIdFormat = "yyyyMMdd_HHmmss";
    private const int SuffixLength = 8;

    /// <summary>
    /// The run id of orchestration <paramref name="instanceId"/> started at <paramref name="startedUtc"/>:
    /// <c>YYYYMMDD_HHMMSS_xxxxxxxx</c>, the start second (so ids sort by time) and 8 hex digits of a
    /// SHA-256 of the instance id (so runs started in the same second get their own folders). A pure
    /// function of its inputs, so the orchestrator stays deterministic.
    /// </summary>
    public static string RunId(DateTimeOffset startedUtc, string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instanceId));
        var suffix = Convert.ToHexStringLower(hash)[..SuffixLength];
        return startedUtc.UtcDateTime.ToString(RunIdFormat, CultureInfo.InvariantCulture) + "_" + suffix;
    }

    /// <summary>
    /// <c>YYYYMMDD_HHMMSS_xxxxxxxx</c>, or the older <c>YYYYMMDD_HHMMSS</c> of runs published before
    /// ids had a suffix (their folders stay readable and can still be named in a rolled-back latest.json).
    /// </summary>
    public static bool IsRunId(string? value)
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

    public static void ValidateRunId(string runId)
    {
        if (!IsRunId(runId))
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

    public static string InRun(string runId, string fileName) => $"{runId}/{fileName}";

    /// <summary>
    /// The history table a run-folder file feeds, or null: every Parquet file at the top of the run
    /// folder, named after the file (<c>budget_scenario_65000.parquet</c> feeds <c>budget_scenario_65000</c>).
    /// </summary>
    public static string? HistoryTable(string fileName) =>
        fileName.EndsWith(".parquet", StringComparison.Ordinal) && !fileName.Contains('/', StringComparison.Ordinal)
            ? fileName[..^".parquet".Length]
            : null;

    /// <summary>Marks of notifications sent, <c>notified/NOTICE/CHANNEL.json</c>: one per run (or failed instance) and webhook.</summary>
    public const string NotifiedRoot = "notified";

    public static string SucceededNotice(string runId) => "run-" + runId;

    /// <summary>Instance ids are caller-chosen text: hashed, so any id makes one safe path segment.</summary>
    public static string FailedNotice(string instanceId) =>
        "failed-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(instanceId)))[..16];

    public static string NoticeMark(string notice, string channel) => $"{NotifiedRoot}/{notice}/{channel}.json";

    public static string PublishedMarker(string runId) => $"{PublishedRoot}/{runId}.json";

    /// <summary>The run a published mark names, or null for any other path.</summary>
    public static string? RunOfMarker(string path) =>
        path.StartsWith(PublishedRoot + "/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal)
        && path[(PublishedRoot.Length + 1)..^".json".Length] is var run && IsRunId(run)
            ? run
            : null;

    public static string HistoryPath(string table, string runId) => $"{HistoryRoot}/{table}/run_id={runId}/part.parquet";

    /// <summary>The run id a path lies under, or null when its first segment is no run folder.</summary>
    public static string? RunOf(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IsRunId(path[..slash]) ? path[..slash] : null;
    }

    public static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".parquet" => "application/vnd.apache.parquet",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };

    /// <summary>Relative, '/'-separated, no empty, '.' or '..' segment: a path means the same in every store.</summary>
    public static void Validate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\\', StringComparison.Ordinal)
            || path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"artifact path '{path}' must be relative and '/'-separated", nameof(path));
        }
    }
}
