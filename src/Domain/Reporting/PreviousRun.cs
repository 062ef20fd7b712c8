namespace MarkovFunctions.Domain.Reporting;

/// <summary>The newest good run before this one, which drift is measured against.</summary>
public sealed record PreviousRun(string RunId, RunSummary Summary);
