using System.Globalization;

namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>
/// The layout of the artifact store (ARCHITECTURE.md, "Run folder"): run folders
/// <c>YYYYMMDD_HHMMSS/</c>, <c>latest.json</c> beside them, and one hive-style history path per
/// Parquet table and run.
/// </summary>
public static class ArtifactPaths
{
    public const string LatestPointer = "latest.json";
    public const string HistoryRoot = "history";

    private const string RunIdFormat = "yyyyMMdd_HHmmss";

    /// <summary>The run id of a run started at <paramref name="startedUtc"/> (UTC, to the second).</summary>
    public static string RunId(DateTimeOffset startedUtc) =>
        startedUtc.UtcDateTime.ToString(RunIdFormat, CultureInfo.InvariantCulture);

    public static bool IsRunId(string? value) =>
        value is { Length: 15 }
        && DateTime.TryParseExact(value, RunIdFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static void ValidateRunId(string runId)
    {
        if (!IsRunId(runId))
        {
            throw new ArgumentException($"run id '{runId}' is not of the form YYYYMMDD_HHMMSS", nameof(runId));
        }
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
