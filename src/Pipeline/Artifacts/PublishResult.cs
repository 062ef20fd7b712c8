namespace MarkovFunctions.Pipeline.Artifacts;

/// <summary>What one publish did.</summary>
/// <param name="LatestUpdated">False when <c>latest.json</c> already named a later run and was left alone.</param>
public sealed record PublishResult(string RunId, IReadOnlyList<string> Paths, bool LatestUpdated, string? PreviousLatest);
