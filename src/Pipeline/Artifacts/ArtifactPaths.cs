using MarkovFunctions.Pipeline.Orchestration;

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

    /// <summary>Whether <paramref name="value"/> names a run folder (see <see cref="RunIds"/>).</summary>
    public static bool IsRunId(string? value) => RunIds.IsValid(value);

    public static void ValidateRunId(string runId) => RunIds.Validate(runId);

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

    /// <summary>Marks of weeks whose weekly run was started, <c>weeks/2026-W48.json</c>: they outlive the orchestration history a purge removes.</summary>
    public const string WeeksRoot = "weeks";

    public static string WeekMarker(string isoWeek) => $"{WeeksRoot}/{isoWeek}.json";

    /// <summary>
    /// A run's data in flight, <c>work/RUN/NAME</c>: large intermediate results one activity writes and
    /// another reads, so that the durable history holds their names only (docs/ARCHITECTURE.md, payload rule).
    /// </summary>
    public const string WorkRoot = "work";

    public static string WorkFile(string runId, string name) => $"{WorkRoot}/{runId}/{name}";

    /// <summary>The run whose work area <paramref name="path"/> lies in, or null.</summary>
    public static string? RunOfWork(string path) =>
        path.StartsWith(WorkRoot + "/", StringComparison.Ordinal) && path.IndexOf('/', WorkRoot.Length + 1) is var slash and > 0
        && path[(WorkRoot.Length + 1)..slash] is var run && IsRunId(run)
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
