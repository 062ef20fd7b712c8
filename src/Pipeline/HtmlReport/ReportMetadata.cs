using MarkovFunctions.Domain;

namespace MarkovFunctions.Pipeline.HtmlReport;

/// <summary>Who made the run and when, for the report's header and footer.</summary>
public sealed record ReportMetadata(string RunId, string Trigger, DateTime StartedUtc, DateTime FinishedUtc, string GitSha, IReadOnlyList<DataCheck> DataChecks);
